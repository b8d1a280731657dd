// Minting: a bolt11 mint quote, polling it, and exchanging it for proofs (NUT-04, NUT-23).
#include "core/wallet/cashu_wallet.hpp"

#include "core/cashu/nut04.hpp"
#include "core/cashu/nut20.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/random.hpp"
#include "core/error.hpp"
#include "core/wallet/proof_selection.hpp"
#include "core/wallet/wallet_steps.hpp"

namespace flash::wallet {

using namespace steps;
using nlohmann::json;

namespace {

json mint_quote_result(const cashu::MintQuote& quote) {
    json result = {{"quote", quote.quote}, {"request", quote.request}, {"amount", quote.amount},
                   {"unit", quote.unit}, {"state", cashu::to_string(quote.state)}, {"expiry", nullptr}};
    if (quote.expiry) result["expiry"] = *quote.expiry;
    return result;
}

}  // namespace

Step CashuWallet::begin_mint_quote(std::string_view mint_url, cashu::Amount amount, std::string_view unit) {
    const std::string mint = normal_url(mint_url);
    if (!store_.has_mint(mint)) throw Error(Errc::bad_argument, "unknown mint " + mint + ": add it first");
    if (amount == 0) throw Error(Errc::bad_argument, "a mint quote needs an amount");
    OperationRecord op{new_operation_id(), mint, std::string(kind_mint), "quoting", "", json::object(), 0};
    op.data = {{"unit", unit}, {"amount", amount}};
    cashu::MintQuoteRequest request;
    request.amount = amount;
    request.unit = unit;
    store::Transaction tx(store_.database());
    Step step = await(op, "mint-quote", post(mint, "/v1/mint/quote/bolt11", cashu::to_json(request)));
    tx.commit();
    return step;
}

Step CashuWallet::begin_adopt_mint_quote(std::string_view mint_url, std::string_view quote, cashu::Amount amount,
                                         std::string_view unit) {
    const std::string mint = normal_url(mint_url);
    if (!store_.has_mint(mint)) throw Error(Errc::bad_argument, "unknown mint " + mint + ": add it first");
    if (quote.empty() || amount == 0) throw Error(Errc::bad_argument, "a mint quote to adopt needs its id and amount");
    if (store_.operation_by_quote(quote))
        throw Error(Errc::bad_argument, "mint quote " + std::string(quote) + " is known already");
    OperationRecord op{new_operation_id(), mint, std::string(kind_mint), "quoting", std::string(quote), json::object(), 0};
    op.data = {{"unit", unit}, {"amount", amount}, {"adopted", true}};
    store::Transaction tx(store_.database());
    Step step = await(op, "mint-quote", get(mint, "/v1/mint/quote/bolt11/" + op.quote));
    tx.commit();
    return step;
}

Step CashuWallet::finish_mint_quote(OperationRecord& op, const Answer& answer) {
    const cashu::MintQuote quote = cashu::mint_quote_from_json(answer.parsed());
    // An adopted quote (op.quote set) must be the one asked about, in the unit expected.
    if (quote.amount != op.data.at("amount").get<cashu::Amount>() || quote.quote.empty() ||
        (!op.quote.empty() && (quote.quote != op.quote || quote.unit != op.data.at("unit").get<std::string>())))
        throw Error(Errc::bad_message, "the mint quote does not match the request");
    op.quote = quote.quote;
    op.state = lower(cashu::to_string(quote.state));
    op.data["invoice"] = quote.request;
    if (quote.pubkey) op.data["pubkey"] = codec::hex_encode(*quote.pubkey);
    op.data.erase("step");
    store_.put_operation(op);
    return {op.id, std::nullopt, mint_quote_result(quote), std::nullopt};
}

Step CashuWallet::begin_check_mint_quote(std::string_view quote) {
    OperationRecord op = quote_operation(store_, quote, kind_mint);
    if (op.state != "unpaid" && op.state != "paid" && op.state != "issued")
        throw Error(Errc::bad_argument, "mint quote " + op.quote + " is " + op.state);
    store::Transaction tx(store_.database());
    Step step = await(op, "mint-quote-check", get(op.mint, "/v1/mint/quote/bolt11/" + op.quote));
    tx.commit();
    return step;
}

Step CashuWallet::finish_check_mint_quote(OperationRecord& op, const Answer& answer) {
    const cashu::MintQuote quote = cashu::mint_quote_from_json(answer.parsed());
    if (quote.quote != op.quote) throw Error(Errc::bad_message, "the answer is about another quote");
    op.state = lower(cashu::to_string(quote.state));
    op.data.erase("step");
    store_.put_operation(op);
    return {op.id, std::nullopt, mint_quote_result(quote), std::nullopt};
}

Step CashuWallet::begin_mint(std::string_view quote, const std::optional<crypto::SecretKey>& key) {
    OperationRecord op = quote_operation(store_, quote, kind_mint);
    if (op.state != "unpaid" && op.state != "paid")
        throw Error(Errc::bad_argument, "mint quote " + op.quote + " is " + op.state);
    const std::string locked_to = op.data.value("pubkey", "");
    if (!locked_to.empty() &&
        (!key || codec::hex_encode(crypto::xonly_public_key(*key).key) != locked_to.substr(2)))
        throw Error(Errc::bad_argument, "mint quote " + op.quote + " is locked to a key (NUT-20): its secret is needed");
    store::Transaction tx(store_.database());
    const KeysetRecord keyset = active_keyset(op.mint, op.data.at("unit").get<std::string>());
    op.data["outputs"] = derived_outputs(keyset, split_amount(op.data.at("amount").get<cashu::Amount>()), false);
    op.state = "pending";
    cashu::MintRequest request;
    request.quote = op.quote;
    request.outputs = blinded_messages(op);
    if (!locked_to.empty()) request.signature = cashu::nut20_sign(op.quote, request.outputs, *key, crypto::random_array<32>());
    Step step = await(op, "mint", post(op.mint, "/v1/mint/bolt11", cashu::to_json(request)));
    tx.commit();
    return step;
}

}  // namespace flash::wallet
