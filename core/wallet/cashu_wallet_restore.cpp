// Proof states (NUT-07) and restoring the seed's proofs (NUT-13 + NUT-09).
#include "core/wallet/cashu_wallet.hpp"

#include <map>
#include <utility>

#include <set>

#include "core/cashu/nut02.hpp"
#include "core/cashu/nut07.hpp"
#include "core/cashu/nut09.hpp"
#include "core/cashu/proof_json.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "core/wallet/outputs.hpp"
#include "core/wallet/proof_selection.hpp"
#include "core/wallet/wallet_steps.hpp"

namespace flash::wallet {

using namespace steps;
using nlohmann::json;

Step CashuWallet::begin_check_states(std::string_view mint_url) {
    const std::string mint = normal_url(mint_url);
    std::map<std::string, std::string> op_state;
    const auto in_flight = [&](const std::string& id) {
        if (id.empty()) return false;
        auto [it, fresh] = op_state.try_emplace(id);
        if (fresh) {
            const auto op = store_.operation(id);
            it->second = op ? op->state : "";
        }
        return it->second == "pending" || it->second == "quoting";
    };
    json ys = json::array();
    cashu::CheckStateRequest request;
    for (const ProofStatus status : {ProofStatus::unspent, ProofStatus::pending})
        for (const auto& stored : store_.proofs(mint, "", status)) {
            if (status == ProofStatus::pending && in_flight(stored.operation)) continue;
            request.Ys.push_back(y_of(stored.proof));
            ys.push_back(codec::hex_encode(request.Ys.back()));
        }
    if (request.Ys.empty()) return {"", std::nullopt, {{"checked", std::size_t{0}}, {"spent", std::size_t{0}}}, std::nullopt};
    OperationRecord op{new_operation_id(), mint, std::string(kind_check), "pending", "", {{"ys", ys}}, 0};
    store::Transaction tx(store_.database());
    Step step = await(op, "checkstate", post(mint, "/v1/checkstate", cashu::to_json(request)));
    tx.commit();
    return step;
}

Step CashuWallet::finish_check_states(OperationRecord& op, const Answer& answer) {
    const cashu::CheckStateResponse response = cashu::check_state_response_from_json(answer.parsed());
    std::set<std::string> asked;
    for (const json& y : op.data.at("ys")) asked.insert(y.get<std::string>());
    std::size_t spent = 0;
    for (const auto& entry : response.states) {
        if (!asked.contains(codec::hex_encode(entry.Y))) continue;
        const auto stored = store_.proof(entry.Y);
        if (!stored) continue;
        if (entry.state == cashu::ProofState::spent && stored->status != ProofStatus::spent) {
            store_.set_proof_status(entry.Y, ProofStatus::spent, stored->operation);
            ++spent;
        } else if (entry.state == cashu::ProofState::unspent && stored->status == ProofStatus::pending) {
            // Pending under an operation that failed with an unknown outcome: the mint says it is still ours.
            const auto owner = store_.operation(stored->operation);
            if (owner && owner->state == "failed") store_.set_proof_status(entry.Y, ProofStatus::unspent, "");
        }
    }
    op.state = "done";
    op.data.erase("step");
    op.data["spent"] = spent;
    store_.put_operation(op);
    return {op.id, std::nullopt, {{"checked", asked.size()}, {"spent", spent}}, std::nullopt};
}

// ---- restore from the seed (NUT-13 + NUT-09) ----

Step CashuWallet::begin_restore(std::string_view mint_url) {
    const std::string mint = normal_url(mint_url);
    json keysets = json::array();
    for (const auto& keyset : store_.keysets(mint))
        if (!keyset.keys.empty()) keysets.push_back(cashu::format_keyset_id(keyset.id));
    if (keysets.empty()) throw Error(Errc::bad_argument, "no keysets known at " + mint + ": add the mint first");
    OperationRecord op{new_operation_id(), mint, std::string(kind_restore), "pending", "", json::object(), 0};
    op.data = {{"keysets", keysets}, {"index", 0}, {"counter", 0}, {"empty", 0}, {"next", 0}, {"found", json::array()}};
    store::Transaction tx(store_.database());
    Step step = next_restore_batch(op);
    tx.commit();
    return step;
}

Step CashuWallet::next_restore_batch(OperationRecord& op) {
    const json& keysets = op.data.at("keysets");
    const auto index = op.data.at("index").get<std::size_t>();
    if (index < keysets.size()) {
        const cashu::KeysetId id = cashu::parse_keyset_id(keysets[index].get<std::string>());
        const auto first = op.data.at("counter").get<std::uint64_t>();
        cashu::RestoreRequest request;
        for (std::uint64_t counter = first; counter < first + restore_batch; ++counter)
            request.outputs.push_back(blind_output(OutputSpec{1, id, counter, {}, std::nullopt, false}, seed_.view()).message);
        return await(op, "restore-scan", post(op.mint, "/v1/restore", cashu::to_json(request)));
    }
    cashu::CheckStateRequest request;
    for (const json& found : op.data.at("found")) request.Ys.push_back(y_of(cashu::proof_from_json(found.at("proof"))));
    if (request.Ys.empty()) {
        op.state = "done";
        op.data.erase("step");
        op.data["amount"] = cashu::Amount{0};
        store_.put_operation(op);
        return {op.id, std::nullopt, {{"restored", std::size_t{0}}, {"amount", cashu::Amount{0}}}, std::nullopt};
    }
    return await(op, "restore-check", post(op.mint, "/v1/checkstate", cashu::to_json(request)));
}

Step CashuWallet::finish_restore_scan(OperationRecord& op, const Answer& answer) {
    const cashu::RestoreResponse response = cashu::restore_response_from_json(answer.parsed());
    const cashu::KeysetId id = cashu::parse_keyset_id(op.data.at("keysets")[op.data.at("index").get<std::size_t>()].get<std::string>());
    const auto keyset = store_.keyset(id);
    if (!keyset) throw Error(Errc::storage, "a restored keyset is not stored");
    const auto first = op.data.at("counter").get<std::uint64_t>();
    std::map<crypto::PublicKey, std::pair<BlindedOutput, std::uint64_t>> asked;
    for (std::uint64_t counter = first; counter < first + restore_batch; ++counter) {
        BlindedOutput output = blind_output(OutputSpec{1, id, counter, {}, std::nullopt, false}, seed_.view());
        const crypto::PublicKey B_ = output.message.B_;
        asked.emplace(B_, std::make_pair(std::move(output), counter));
    }
    json& found = op.data["found"];
    for (std::size_t i = 0; i < response.outputs.size(); ++i) {
        const auto it = asked.find(response.outputs[i].B_);
        if (it == asked.end()) throw Error(Errc::bad_message, "the mint restored an output the wallet did not ask for");
        const cashu::Proof proof = unblind_output(it->second.first, response.signatures[i], keyset->keys, true);
        found.push_back({{"proof", cashu::proof_to_json(proof)}, {"unit", keyset->unit}});
        op.data["next"] = std::max(op.data.at("next").get<std::uint64_t>(), it->second.second + 1);
    }
    op.data["empty"] = response.outputs.empty() ? op.data.at("empty").get<int>() + 1 : 0;
    op.data["counter"] = first + restore_batch;
    if (op.data["empty"].get<int>() >= restore_empty_batches) {  // this keyset is exhausted
        store_.raise_counter(id, op.data.at("next").get<std::uint64_t>());
        op.data["index"] = op.data.at("index").get<std::size_t>() + 1;
        op.data["counter"] = 0;
        op.data["empty"] = 0;
        op.data["next"] = 0;
    }
    return next_restore_batch(op);
}

Step CashuWallet::finish_restore_check(OperationRecord& op, const Answer& answer) {
    const cashu::CheckStateResponse response = cashu::check_state_response_from_json(answer.parsed());
    std::map<crypto::PublicKey, cashu::ProofState> states;
    for (const auto& entry : response.states) states[entry.Y] = entry.state;
    std::size_t restored = 0;
    cashu::Amount amount = 0;
    for (const json& found : op.data.at("found")) {
        const cashu::Proof proof = cashu::proof_from_json(found.at("proof"));
        const auto state = states.find(y_of(proof));
        if (state == states.end() || state->second == cashu::ProofState::spent) continue;
        const ProofStatus status = state->second == cashu::ProofState::unspent ? ProofStatus::unspent : ProofStatus::pending;
        if (store_.insert_proof({proof, op.mint, found.at("unit").get<std::string>(), status, op.id}) &&
            status == ProofStatus::unspent) {
            ++restored;
            amount = add_amounts(amount, proof.amount);
        }
    }
    op.state = "done";
    op.data.erase("step");
    op.data.erase("found");  // the secrets are in the proofs table now (or spent): no second copy
    op.data["amount"] = amount;
    store_.put_operation(op);
    return {op.id, std::nullopt, {{"restored", restored}, {"amount", amount}}, std::nullopt};
}

}  // namespace flash::wallet
