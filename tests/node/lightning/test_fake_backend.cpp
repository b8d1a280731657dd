// The fake Lightning backend: real regtest invoices signed by its node key, settlement on a fake
// clock, internal and external payments, the fee cap, scripted outcomes, no double payment, and
// state that survives a restart.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/crypto/hash.hpp"
#include "core/crypto/random.hpp"
#include "core/lightning/bolt11.hpp"
#include "node/lightning/fake_backend.hpp"
#include "support/errors.hpp"
#include "support/temp_dir.hpp"

using namespace flash;
using namespace flash::node::lightning;
namespace bolt11 = flash::lightning::bolt11;
using namespace std::chrono_literals;

namespace {

crypto::SecretKey key_from(const char* seed) { return crypto::secret_key_from(crypto::sha256(as_bytes(seed))); }

// A backend on a temporary directory with a clock the test moves by hand.
struct Fixture {
    test::TempDir dir;
    std::int64_t now_ms = 1'700'000'000'000;
    crypto::SecretKey node_key = key_from("fake node");

    std::unique_ptr<FakeLightningBackend> open(std::chrono::milliseconds settle_after = 1000ms) {
        return std::make_unique<FakeLightningBackend>(dir.str(), node_key, settle_after, [this] { return now_ms; });
    }
};

// An invoice from some other regtest node (or another network).
std::string foreign_invoice(std::uint64_t amount_msat, const std::string& description, std::uint64_t timestamp,
                            bolt11::Network network = bolt11::Network::regtest, bool with_amount = true) {
    bolt11::Invoice invoice;
    invoice.network = network;
    if (with_amount) invoice.amount_msat = amount_msat;
    invoice.timestamp = timestamp;
    invoice.fields = {bolt11::PaymentHash{crypto::random_array<32>()}, bolt11::PaymentSecret{crypto::random_array<32>()},
                      bolt11::Description{description}};
    return bolt11::encode(invoice, key_from("someone else"));
}

}  // namespace

TEST_CASE("fake backend issues real regtest invoices signed by its node key", "[fake-lightning]") {
    Fixture f;
    auto backend = f.open();
    CHECK(backend->name() == "fake");

    const Invoice invoice = backend->create_invoice(21'000, "a coffee", 600);
    CHECK(invoice.bolt11.rfind("lnbcrt210n1", 0) == 0);
    CHECK(invoice.amount_msat == 21'000);
    CHECK(invoice.expiry_unix == 1'700'000'000 + 600);

    const bolt11::SignedInvoice decoded = bolt11::decode(invoice.bolt11);
    CHECK(decoded.invoice.network == bolt11::Network::regtest);
    CHECK(decoded.payee == crypto::public_key(f.node_key));
    CHECK(decoded.payee == backend->node_id());
    CHECK(decoded.invoice.payment_hash() == invoice.payment_hash);
    CHECK(decoded.invoice.description() == "a coffee");
    CHECK(decoded.invoice.expiry_seconds() == 600);
    CHECK(decoded.invoice.min_final_cltv_expiry() == 18);
    CHECK(decoded.invoice.timestamp == 1'700'000'000);
    CHECK(decoded.invoice.first<bolt11::PaymentSecret>() != nullptr);

    const DecodedInvoice seen = backend->decode(invoice.bolt11);
    CHECK(seen.payment_hash == invoice.payment_hash);
    CHECK(seen.amount_msat == 21'000);
    CHECK(seen.expiry_unix == invoice.expiry_unix);
    CHECK(seen.description == "a coffee");

    // Two invoices never share a preimage.
    CHECK(backend->create_invoice(21'000, "a coffee", 600).payment_hash != invoice.payment_hash);
}

TEST_CASE("fake backend settles its invoices after the delay", "[fake-lightning]") {
    Fixture f;
    auto backend = f.open(1500ms);
    const Invoice invoice = backend->create_invoice(1000, "x", 3600);
    CHECK(backend->invoice_state(invoice.payment_hash) == InvoiceState::open);
    f.now_ms += 1499;
    CHECK(backend->invoice_state(invoice.payment_hash) == InvoiceState::open);
    f.now_ms += 1;
    CHECK(backend->invoice_state(invoice.payment_hash) == InvoiceState::settled);

    SECTION("0 settles at once") {
        auto instant = f.open(0ms);
        CHECK(instant->invoice_state(instant->create_invoice(1000, "x", 60).payment_hash) == InvoiceState::settled);
    }
    SECTION("an invoice that expires before the delay is canceled") {
        auto slow = f.open(120'000ms);
        const Invoice short_lived = slow->create_invoice(1000, "x", 60);
        f.now_ms += 60'000;
        CHECK(slow->invoice_state(short_lived.payment_hash) == InvoiceState::canceled);
    }
    SECTION("unknown hash") {
        REQUIRE_THROWS_CODE(backend->invoice_state(ByteArray<32>{}), Errc::bad_argument);
    }
}

TEST_CASE("fake backend pays its own invoices internally", "[fake-lightning]") {
    Fixture f;
    auto backend = f.open(3'600'000ms);
    const Invoice invoice = backend->create_invoice(50'000, "internal", 3600);
    CHECK(backend->invoice_state(invoice.payment_hash) == InvoiceState::open);

    const PaymentResult paid = backend->pay(invoice.bolt11, 0);
    CHECK(paid.status == PaymentStatus::succeeded);
    CHECK(paid.fee_msat == 0);
    REQUIRE(paid.preimage.has_value());
    CHECK(crypto::sha256(*paid.preimage) == invoice.payment_hash);
    CHECK(backend->invoice_state(invoice.payment_hash) == InvoiceState::settled);
    CHECK(backend->payment(invoice.payment_hash).preimage == paid.preimage);
}

TEST_CASE("fake backend pays other invoices with a 1% fee under the cap", "[fake-lightning]") {
    Fixture f;
    auto backend = f.open();
    const std::uint64_t now_s = 1'700'000'000;

    SECTION("fee is 1% rounded down to whole sats") {
        const std::string invoice = foreign_invoice(123'456'789, "elsewhere", now_s);
        const PaymentResult paid = backend->pay(invoice, 1'234'000);
        CHECK(paid.status == PaymentStatus::succeeded);
        CHECK(paid.fee_msat == 1'234'000);
        CHECK(paid.preimage.has_value());
        CHECK(backend->payment(backend->decode(invoice).payment_hash).status == PaymentStatus::succeeded);
    }
    SECTION("a small payment costs nothing") {
        const PaymentResult paid = backend->pay(foreign_invoice(99'999, "tiny", now_s), 0);
        CHECK(paid.status == PaymentStatus::succeeded);
        CHECK(paid.fee_msat == 0);
    }
    SECTION("a fee above max_fee_msat fails the payment") {
        const PaymentResult paid = backend->pay(foreign_invoice(123'456'789, "elsewhere", now_s), 1'233'999);
        CHECK(paid.status == PaymentStatus::failed);
        CHECK(paid.fee_msat == 0);
        CHECK_FALSE(paid.preimage.has_value());
        CHECK_FALSE(paid.failure_reason.empty());
    }
    SECTION("an expired invoice fails") {
        const PaymentResult paid = backend->pay(foreign_invoice(10'000, "old", now_s - 3600), 10'000);
        CHECK(paid.status == PaymentStatus::failed);
    }
}

TEST_CASE("fake backend follows scripted outcomes", "[fake-lightning]") {
    Fixture f;
    auto backend = f.open();

    const std::string fail = foreign_invoice(10'000, fake_fail_description, 1'700'000'000);
    const PaymentResult failed = backend->pay(fail, 10'000);
    CHECK(failed.status == PaymentStatus::failed);
    CHECK_FALSE(failed.failure_reason.empty());
    CHECK(backend->payment(backend->decode(fail).payment_hash).status == PaymentStatus::failed);

    // Its own invoices can carry the script too (how the mint's tests make one).
    const Invoice pending = backend->create_invoice(10'000, fake_pending_description, 3600);
    CHECK(backend->pay(pending.bolt11, 10'000).status == PaymentStatus::in_flight);
    f.now_ms += 24 * 3600 * 1000;
    CHECK(backend->payment(pending.payment_hash).status == PaymentStatus::in_flight);
    CHECK(backend->pay(pending.bolt11, 10'000).status == PaymentStatus::in_flight);
}

TEST_CASE("fake backend never pays a payment hash twice", "[fake-lightning]") {
    Fixture f;
    auto backend = f.open();
    const std::string invoice = foreign_invoice(500'000, "once", 1'700'000'000);
    const PaymentResult first = backend->pay(invoice, 5'000);
    REQUIRE(first.status == PaymentStatus::succeeded);
    const PaymentResult second = backend->pay(invoice, 1'000'000);
    CHECK(second.status == first.status);
    CHECK(second.fee_msat == first.fee_msat);
    CHECK(second.preimage == first.preimage);

    // A first attempt that failed on the fee cap stays failed: the hash is never retried.
    const std::string capped = foreign_invoice(500'000, "capped", 1'700'000'000);
    CHECK(backend->pay(capped, 0).status == PaymentStatus::failed);
    CHECK(backend->pay(capped, 1'000'000).status == PaymentStatus::failed);
}

TEST_CASE("fake backend rejects invoices it cannot pay", "[fake-lightning]") {
    Fixture f;
    auto backend = f.open();
    REQUIRE_THROWS_CODE(backend->pay("lnbcrt1garbage", 0), Errc::bad_argument);
    REQUIRE_THROWS_CODE(backend->decode("not an invoice"), Errc::bad_argument);
    const std::string mainnet = foreign_invoice(1000, "main", 1'700'000'000, bolt11::Network::mainnet);
    REQUIRE_THROWS_CODE(backend->pay(mainnet, 1000), Errc::bad_argument);
    REQUIRE_THROWS_CODE(backend->decode(mainnet), Errc::bad_argument);
    const std::string amountless = foreign_invoice(0, "any", 1'700'000'000, bolt11::Network::regtest, false);
    CHECK_FALSE(backend->decode(amountless).amount_msat.has_value());
    REQUIRE_THROWS_CODE(backend->pay(amountless, 1000), Errc::bad_argument);
    CHECK(backend->payment(ByteArray<32>{}).status == PaymentStatus::unknown);
    REQUIRE_THROWS_CODE(backend->create_invoice(0, "zero", 60), Errc::bad_argument);
}

TEST_CASE("fake backend remembers invoices and payments across a restart", "[fake-lightning]") {
    Fixture f;
    Invoice own;
    std::string foreign = foreign_invoice(200'000, "before restart", 1'700'000'000);
    std::string stuck = foreign_invoice(200'000, fake_pending_description, 1'700'000'000);
    PaymentResult paid;
    {
        auto backend = f.open(3'600'000ms);
        own = backend->create_invoice(1000, "mine", 3600);
        paid = backend->pay(foreign, 10'000);
        REQUIRE(paid.status == PaymentStatus::succeeded);
        REQUIRE(backend->pay(stuck, 10'000).status == PaymentStatus::in_flight);
    }
    auto reopened = f.open(3'600'000ms);
    CHECK(reopened->invoice_state(own.payment_hash) == InvoiceState::open);
    const PaymentResult again = reopened->payment(reopened->decode(foreign).payment_hash);
    CHECK(again.status == PaymentStatus::succeeded);
    CHECK(again.fee_msat == paid.fee_msat);
    CHECK(again.preimage == paid.preimage);
    CHECK(reopened->pay(foreign, 10'000).preimage == paid.preimage);
    CHECK(reopened->payment(reopened->decode(stuck).payment_hash).status == PaymentStatus::in_flight);

    // Its invoices are still its own: paying one settles it internally with the stored preimage.
    const PaymentResult internal = reopened->pay(own.bolt11, 0);
    CHECK(internal.fee_msat == 0);
    CHECK(crypto::sha256(*internal.preimage) == own.payment_hash);
    CHECK(reopened->invoice_state(own.payment_hash) == InvoiceState::settled);
}

TEST_CASE("fake backend has a fixed, labelled set of channels that its payments move", "[fake-lightning]") {
    Fixture f;
    auto backend = f.open(1000ms);
    const ChannelBalances start = backend->channel_balances();
    // Payments go through fake-1.
    const auto fake1 = [&] { return backend->channel_balances().channels[0]; };
    REQUIRE(start.channels.size() == 3);
    CHECK(start.channels[0].id == "fake-1");
    CHECK(start.channels[0].active);
    CHECK(start.channels[0].capacity_sat == 10'000'000);
    CHECK(start.channels[0].local_sat == 5'000'000);
    CHECK(start.channels[0].remote_sat == 5'000'000);
    CHECK(start.channels[0].peer.size() == 66);
    CHECK(start.channels[1].id == "fake-2");
    CHECK_FALSE(start.channels[1].active);
    CHECK(start.channels[2].id == "fake-3");
    CHECK(start.channels[2].active);
    CHECK(start.channels[2].local_sat == 400'000);
    CHECK(start.channels[2].remote_sat == 3'600'000);
    CHECK(start.local_sat == 5'400'000);  // active channels only
    CHECK(start.remote_sat == 8'600'000);
    CHECK(backend->wallet_balance().confirmed_sat == 2'500'000);

    // Paying 100,000 sat out costs amount + 1% fee.
    REQUIRE(backend->pay(foreign_invoice(100'000'000, "out", 1'700'000'000), 10'000'000).status ==
            PaymentStatus::succeeded);
    CHECK(fake1().local_sat == 5'000'000 - 101'000);
    CHECK(fake1().remote_sat == 5'000'000 + 101'000);
    CHECK(backend->channel_balances().local_sat == 5'400'000 - 101'000);

    // An invoice counts once it settles (by the clock).
    const Invoice in = backend->create_invoice(30'000'000, "in", 3600);
    CHECK(fake1().local_sat == 5'000'000 - 101'000);
    f.now_ms += 1000;
    REQUIRE(backend->invoice_state(in.payment_hash) == InvoiceState::settled);
    CHECK(fake1().local_sat == 5'000'000 - 101'000 + 30'000);

    // An internal payment moves nothing; an in-flight one holds its amount.
    const Invoice own = backend->create_invoice(7'000'000, "own", 3600);
    REQUIRE(backend->pay(own.bolt11, 0).status == PaymentStatus::succeeded);
    CHECK(fake1().local_sat == 5'000'000 - 101'000 + 30'000);
    REQUIRE(backend->pay(foreign_invoice(2'000'000, fake_pending_description, 1'700'000'000), 0).status ==
            PaymentStatus::in_flight);
    CHECK(fake1().local_sat == 5'000'000 - 101'000 + 30'000 - 2'000);

    // More than the channel holds fails, and moves nothing.
    const PaymentResult too_much = backend->pay(foreign_invoice(5'000'000'000, "too much", 1'700'000'000), 100'000'000);
    CHECK(too_much.status == PaymentStatus::failed);
    CHECK(fake1().local_sat == 5'000'000 - 101'000 + 30'000 - 2'000);
}
