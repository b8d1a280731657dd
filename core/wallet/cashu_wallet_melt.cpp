// Melting: paying a bolt11 invoice with proofs, NUT-08 change (NUT-05, NUT-23).
#include "core/wallet/cashu_wallet.hpp"

#include <map>
#include <utility>

#include "core/cashu/mint_error.hpp"
#include "core/cashu/nut05.hpp"
#include "core/cashu/nut08.hpp"
#include "core/cashu/nut09.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "core/wallet/outputs.hpp"
#include "core/wallet/proof_selection.hpp"
#include "core/wallet/wallet_steps.hpp"

namespace flash::wallet {

using namespace steps;
using nlohmann::json;

Step CashuWallet::begin_melt_quote(std::string_view mint_url, std::string_view bolt11, std::string_view unit) {
    const std::string mint = normal_url(mint_url);
    if (!store_.has_mint(mint)) throw Error(Errc::bad_argument, "unknown mint " + mint + ": add it first");
    OperationRecord op{new_operation_id(), mint, std::string(kind_melt), "quoting", "", json::object(), 0};
    op.data = {{"unit", unit}, {"invoice", bolt11}};
    cashu::MeltQuoteRequest request;
    request.request = bolt11;
    request.unit = unit;
    store::Transaction tx(store_.database());
    Step step = await(op, "melt-quote", post(mint, "/v1/melt/quote/bolt11", cashu::to_json(request)));
    tx.commit();
    return step;
}

Step CashuWallet::finish_melt_quote(OperationRecord& op, const Answer& answer) {
    const cashu::MeltQuote quote = cashu::melt_quote_from_json(answer.parsed());
    if (quote.quote.empty() || quote.amount == 0) throw Error(Errc::bad_message, "a melt quote without id or amount");
    op.quote = quote.quote;
    op.state = "unpaid";
    op.data["amount"] = quote.amount;
    op.data["fee_reserve"] = quote.fee_reserve;
    op.data.erase("step");
    store_.put_operation(op);
    json result = {{"quote", quote.quote}, {"amount", quote.amount}, {"fee_reserve", quote.fee_reserve},
                   {"unit", quote.unit}, {"state", cashu::to_string(quote.state)}, {"expiry", nullptr}};
    if (quote.expiry) result["expiry"] = *quote.expiry;
    return {op.id, std::nullopt, result, std::nullopt};
}

Step CashuWallet::begin_melt(std::string_view quote) {
    OperationRecord op = quote_operation(store_, quote, kind_melt);
    if (op.state != "unpaid") throw Error(Errc::bad_argument, "melt quote " + op.quote + " is " + op.state);
    const std::string unit = op.data.at("unit").get<std::string>();
    const cashu::Amount amount = op.data.at("amount").get<cashu::Amount>();
    const cashu::Amount needed = add_amounts(amount, op.data.at("fee_reserve").get<cashu::Amount>());

    store::Transaction tx(store_.database());
    const std::vector<StoredProof> spendable = store_.spendable(op.mint, unit);
    std::map<cashu::KeysetId, std::uint64_t> fee_ppk;
    for (const auto& keyset : store_.keysets(op.mint)) fee_ppk[keyset.id] = keyset.input_fee_ppk;
    std::vector<Candidate> candidates;
    for (const auto& stored : spendable) candidates.push_back({stored.proof.amount, fee_ppk[stored.proof.id]});
    auto selection = select_exact(candidates, needed, true);
    if (!selection) selection = select_covering(candidates, needed);
    if (!selection) throw Error(Errc::bad_argument, "insufficient funds at " + op.mint + " for " + std::to_string(needed) + " " + unit);

    json inputs = json::array();
    std::vector<cashu::Proof> mint_inputs;
    for (const std::size_t i : selection->indices) {
        inputs.push_back(codec::hex_encode(y_of(spendable[i].proof)));
        mint_inputs.push_back(for_mint(spendable[i].proof));
    }
    op.data["inputs"] = inputs;
    op.data["fee"] = selection->fee;
    set_inputs(op, ProofStatus::pending);
    // NUT-08: enough blank outputs for whatever the inputs pay above the amount.
    const cashu::Amount overpaid = selection->total - selection->fee - amount;
    const KeysetRecord keyset = active_keyset(op.mint, unit);
    op.data["outputs"] = derived_outputs(keyset, std::vector<cashu::Amount>(cashu::blank_output_count(overpaid), 1), false);
    op.state = "pending";
    cashu::MeltRequest request{op.quote, std::move(mint_inputs), blinded_messages(op)};
    Step step = await(op, "melt", post(op.mint, "/v1/melt/bolt11", cashu::to_json(request)));
    tx.commit();
    return step;
}

/// The answer to the melt itself, or to a later look at its quote (`from_check`).
Step CashuWallet::finish_melt(OperationRecord& op, const Answer& answer, bool from_check) {
    const cashu::MeltQuote quote = cashu::melt_quote_from_json(answer.parsed());
    if (quote.quote != op.quote) throw Error(Errc::bad_message, "the answer is about another quote");
    switch (quote.state) {
        case cashu::MeltQuoteState::pending: {  // the payment is in flight: poll the quote later
            op.data["step"] = "melt-check";
            op.data["request"] = request_json(get(op.mint, "/v1/melt/quote/bolt11/" + op.quote));
            store_.put_operation(op);
            return {op.id, std::nullopt, {{"paid", false}, {"state", "PENDING"}}, std::nullopt};
        }
        case cashu::MeltQuoteState::unpaid: {  // the payment failed: the proofs are ours again
            set_inputs(op, ProofStatus::unspent);
            op.state = "unpaid";
            op.data.erase("step");
            op.data.erase("inputs");
            store_.put_operation(op);
            return {op.id, std::nullopt, {}, Failure{Failure::Kind::refused,
                                                     static_cast<std::uint32_t>(cashu::MintErrc::lightning_payment_failed),
                                                     "the Lightning payment failed"}};
        }
        case cashu::MeltQuoteState::paid: break;
    }
    if (quote.payment_preimage) op.data["preimage"] = *quote.payment_preimage;
    const json& specs = op.data.at("outputs");
    if (quote.change.size() > specs.size()) throw Error(Errc::bad_message, "more change than blank outputs");
    if (from_check && quote.change.empty() && !specs.empty())  // the change may exist: ask for it
        return await(op, "restore-outputs", post(op.mint, "/v1/restore", cashu::to_json(cashu::RestoreRequest{blinded_messages(op)})));
    std::vector<NewProof> change;
    for (std::size_t i = 0; i < quote.change.size(); ++i) {
        const OutputSpec spec = output_spec_from_json(specs[i]);
        const auto keyset = store_.keyset(spec.keyset);
        if (!keyset) throw Error(Errc::storage, "an output's keyset is not stored");
        change.push_back({unblind_output(blind_output(spec, seed_.view()), quote.change[i], keyset->keys, true), false});
    }
    return complete(op, change);
}

}  // namespace flash::wallet
