// The mint end to end on the LND backend against the loopback LND: a mint quote's invoice is
// settled over the subscription stream and minted; a melt pays through the router and returns the
// unused fee reserve as change.
#include <catch2/catch.hpp>

#include "core/cashu/nut08.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/wallet/proof_selection.hpp"
#include "core/wallet/wallet_steps.hpp"
#include "lnd_fixture.hpp"
#include "node/mint/keyring.hpp"
#include "node/mint/mint.hpp"
#include "node/storage/node_store.hpp"
#include "support/cashu_client.hpp"
#include "support/temp_dir.hpp"

using namespace flash;
using namespace flash::node;

namespace {

cashu::MeltQuoteRequest melt_request(const std::string& invoice) {
    cashu::MeltQuoteRequest request;
    request.request = invoice;
    request.unit = "sat";
    return request;
}

}  // namespace

TEST_CASE("mint on LND: quote settled over the stream, minted, melted through the router", "[lnd][mint]") {
    test::TempDir dir;
    test::LndFixture f;
    auto lnd = f.open();
    REQUIRE(test::eventually([&] { return lnd->watch().live(); }));

    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    std::unique_ptr<NodeStore> store = open_sqlite_store(dir.str());
    const MintConfig config;
    mint::Keyring keyring{store->mint(), "passphrase", "sat", 0, now};
    mint::Mint mint{config, store->mint(), keyring, *lnd, [&] { return now; }};
    const cashu::KeysetId keyset = keyring.active().record.id;

    // Mint 505 sat: the invoice is LND's, paid by "someone" (the server settles it).
    const cashu::MintQuote quote = mint.create_mint_quote({505, "sat", std::nullopt, std::nullopt});
    CHECK(quote.state == cashu::MintQuoteState::unpaid);
    CHECK(quote.request.rfind("lnbcrt", 0) == 0);
    const ByteArray<32> hash = lnd->decode(quote.request).payment_hash;
    CHECK(mint.mint_quote(quote.quote).state == cashu::MintQuoteState::unpaid);
    f.server.settle(hash);
    REQUIRE(test::eventually([&] { return mint.mint_quote(quote.quote).state == cashu::MintQuoteState::paid; }));
    CHECK(f.server.requests("/v2/invoices/lookup") == 0);  // the stream told, nobody asked

    const test::PreparedOutputs outputs = test::prepare_outputs(keyset, wallet::split_amount(505));
    const cashu::SwapResponse minted = mint.mint({quote.quote, outputs.outputs, std::nullopt});
    const std::vector<cashu::Proof> proofs = test::unblind_proofs(outputs, minted.signatures, keyring.active().public_keys);
    CHECK(wallet::steps::sum_of(proofs) == 505);

    // Melt 500 sat with a 5 sat fee reserve; LND's route costs 1 sat, so 4 come back.
    const std::string invoice = f.server.foreign_invoice(500'000, "rent");
    const cashu::MeltQuote melt_quote = mint.create_melt_quote(melt_request(invoice));
    CHECK(melt_quote.amount == 500);
    CHECK(melt_quote.fee_reserve == 5);
    const test::PreparedOutputs blanks =
        test::prepare_outputs(keyset, std::vector<cashu::Amount>(cashu::blank_output_count(5), 1));
    const cashu::MeltQuote paid = mint.melt({melt_quote.quote, proofs, blanks.outputs});
    CHECK(paid.state == cashu::MeltQuoteState::paid);
    REQUIRE(paid.payment_preimage);
    CHECK(crypto::sha256(codec::hex_decode(*paid.payment_preimage)) == lnd->decode(invoice).payment_hash);
    const auto change = test::unblind_proofs(blanks, paid.change, keyring.active().public_keys);
    CHECK(wallet::steps::sum_of(change) == 4);
    const nlohmann::json sent = nlohmann::json::parse(f.server.last_send_body());
    CHECK(sent["fee_limit_msat"] == "5000");

    // Melting again is refused by the mint; LND is not asked to pay twice.
    CHECK(mint.melt_quote(melt_quote.quote).state == cashu::MeltQuoteState::paid);
    CHECK(f.server.send_calls(lnd->decode(invoice).payment_hash) == 1);
}

TEST_CASE("mint on LND: a payment still in flight leaves the melt pending until LND finishes", "[lnd][mint]") {
    test::TempDir dir;
    test::LndFixture f;
    auto lnd = f.open();
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    std::unique_ptr<NodeStore> store = open_sqlite_store(dir.str());
    const MintConfig config;
    mint::Keyring keyring{store->mint(), "passphrase", "sat", 0, now};
    mint::Mint mint{config, store->mint(), keyring, *lnd, [&] { return now; }};
    const cashu::KeysetId keyset = keyring.active().record.id;

    const cashu::MintQuote quote = mint.create_mint_quote({102, "sat", std::nullopt, std::nullopt});
    f.server.settle(lnd->decode(quote.request).payment_hash);
    REQUIRE(test::eventually([&] { return mint.mint_quote(quote.quote).state == cashu::MintQuoteState::paid; }));
    const test::PreparedOutputs outputs = test::prepare_outputs(keyset, wallet::split_amount(102));
    const auto proofs = test::unblind_proofs(outputs, mint.mint({quote.quote, outputs.outputs, std::nullopt}).signatures,
                                             keyring.active().public_keys);

    const std::string invoice = f.server.foreign_invoice(100'000, "slow");
    const ByteArray<32> hash = lnd->decode(invoice).payment_hash;
    f.server.script(hash, test::LndRestServer::Outcome::in_flight);
    const cashu::MeltQuote melt_quote = mint.create_melt_quote(melt_request(invoice));
    CHECK(mint.melt({melt_quote.quote, proofs, {}}).state == cashu::MeltQuoteState::pending);
    CHECK(mint.reconcile() == 1);
    f.server.finish_payment(hash, true);
    CHECK(mint.reconcile() == 0);
    CHECK(mint.melt_quote(melt_quote.quote).state == cashu::MeltQuoteState::paid);
    CHECK(f.server.send_calls(hash) == 1);
}
