// Sending and receiving through swaps (NUT-03, P2PK NUT-11, DLEQ NUT-12), and fetching the
// signatures of outputs the mint signed before (NUT-09) when an answer was lost.
#include "core/wallet/cashu_wallet.hpp"

#include <map>
#include <utility>

#include "core/cashu/nut00.hpp"
#include "core/cashu/nut02.hpp"
#include "core/cashu/nut03.hpp"
#include "core/cashu/nut09.hpp"
#include "core/cashu/nut10.hpp"
#include "core/cashu/nut11.hpp"
#include "core/cashu/nut12.hpp"
#include "core/cashu/mint_error.hpp"
#include "core/cashu/token.hpp"
#include "core/crypto/random.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "core/wallet/outputs.hpp"
#include "core/wallet/proof_selection.hpp"
#include "core/wallet/wallet_steps.hpp"

namespace flash::wallet {

using namespace steps;
using nlohmann::json;

namespace {

bool is_p2pk(const std::string& secret) {
    if (!cashu::is_well_known_secret(secret)) return false;
    try {
        return cashu::parse_well_known_secret(secret).kind == "P2PK";
    } catch (const Error&) {
        return false;
    }
}

}  // namespace

Step CashuWallet::finish_signatures(OperationRecord& op, const Answer& answer) {
    const cashu::SwapResponse response = cashu::swap_response_from_json(answer.parsed());
    const json& specs = op.data.at("outputs");
    if (response.signatures.size() != specs.size())
        throw Error(Errc::bad_message, "the mint signed " + std::to_string(response.signatures.size()) + " of " +
                                           std::to_string(specs.size()) + " outputs");
    std::vector<NewProof> proofs;
    for (std::size_t i = 0; i < specs.size(); ++i) {
        const OutputSpec spec = output_spec_from_json(specs[i]);
        const auto keyset = store_.keyset(spec.keyset);
        if (!keyset) throw Error(Errc::storage, "an output's keyset is not stored");
        proofs.push_back({unblind_output(blind_output(spec, seed_.view()), response.signatures[i], keyset->keys, false),
                          spec.send, spec.offline});
    }
    return complete(op, proofs);
}

Step CashuWallet::begin_send(std::string_view mint_url, cashu::Amount amount, const SendOptions& options) {
    const std::string mint = normal_url(mint_url);
    if (amount == 0) throw Error(Errc::bad_argument, "nothing to send");
    store::Transaction tx(store_.database());
    const std::vector<StoredProof> spendable = store_.spendable(mint, options.unit);
    std::map<cashu::KeysetId, std::uint64_t> fee_ppk;
    for (const auto& keyset : store_.keysets(mint)) fee_ppk[keyset.id] = keyset.input_fee_ppk;
    std::vector<Candidate> candidates;
    for (const auto& stored : spendable) candidates.push_back({stored.proof.amount, fee_ppk[stored.proof.id]});

    OperationRecord op{new_operation_id(), mint, std::string(kind_send), "pending", "", json::object(), 0};
    op.data = {{"unit", options.unit}, {"amount", amount}, {"fee", cashu::Amount{0}}};
    if (options.memo) op.data["memo"] = *options.memo;
    if (options.lock_to) op.data["locked_to"] = codec::hex_encode(*options.lock_to);
    if (options.lock_to && options.locktime) op.data["locktime"] = *options.locktime;

    const auto exact = options.lock_to ? std::nullopt : select_exact(candidates, amount, false);
    const auto selection = exact ? exact : select_covering(candidates, amount);
    if (!selection) throw Error(Errc::bad_argument, "insufficient funds at " + mint + " for " + std::to_string(amount) + " " + options.unit);

    json inputs = json::array();
    std::vector<cashu::Proof> input_proofs;
    for (const std::size_t i : selection->indices) {
        const cashu::Proof& proof = spendable[i].proof;
        inputs.push_back(codec::hex_encode(y_of(proof)));
        input_proofs.push_back(proof);
    }
    op.data["inputs"] = inputs;
    set_inputs(op, ProofStatus::pending);

    if (exact) {  // the proofs leave as they are: no mint involved
        cashu::Token token{mint, options.unit, options.memo, input_proofs};
        op.data["token"] = cashu::encode_token_v4(token);
        op.state = "done";
        store_.put_operation(op);
        tx.commit();
        return {op.id, std::nullopt, {{"token", op.data["token"]}, {"amount", amount}, {"fee", cashu::Amount{0}}}, std::nullopt};
    }

    const KeysetRecord keyset = active_keyset(mint, options.unit);
    const cashu::Amount change = selection->total - selection->fee - amount;
    json outputs = json::array();
    if (options.lock_to) {
        for (const cashu::Amount part : split_amount(amount)) {
            if (!keyset.keys.contains(part)) throw Error(Errc::bad_keyset, "the keyset has no key for amount " + std::to_string(part));
            outputs.push_back(to_json(OutputSpec{part, keyset.id, std::nullopt, p2pk_secret(*options.lock_to, options.locktime, options.refund),
                                                 crypto::secret_key_from(crypto::random_array<32>()), true}));
        }
    } else {
        outputs = derived_outputs(keyset, split_amount(amount), true);
    }
    for (json& kept : derived_outputs(keyset, split_amount(change), false)) outputs.push_back(std::move(kept));
    op.data["outputs"] = std::move(outputs);
    op.data["fee"] = selection->fee;
    std::vector<cashu::Proof> mint_inputs;
    for (const auto& proof : input_proofs) mint_inputs.push_back(for_mint(proof));
    cashu::SwapRequest request{std::move(mint_inputs), blinded_messages(op)};
    Step step = await(op, "swap", post(mint, "/v1/swap", cashu::to_json(request)));
    tx.commit();
    return step;
}

Step CashuWallet::begin_receive(std::string_view text, const std::optional<crypto::SecretKey>& key) {
    store::Transaction tx(store_.database());
    Step step = start_receive(text, key, json::object());
    tx.commit();
    return step;
}

Step CashuWallet::begin_take_back(std::string_view send_operation, const std::optional<crypto::SecretKey>& key, std::uint64_t now_s) {
    store::Transaction tx(store_.database());
    const auto send = store_.operation(send_operation);
    if (!send || send->kind != kind_send || !send->data.contains("token"))
        throw Error(Errc::bad_argument, "no sent token " + std::string(send_operation));
    if (send->data.contains("locked_to") && !send->data.contains("locktime"))
        throw Error(Errc::bad_argument, "the token is locked to its receiver for good");
    if (send->data.contains("locktime") && now_s < send->data["locktime"].get<std::uint64_t>())
        throw Error(Errc::bad_argument, "the token is locked to its receiver until " + send->data["locktime"].dump());
    std::vector<cashu::Proof> outstanding;
    for (const StoredProof& stored : store_.operation_proofs(send->id, ProofStatus::pending)) outstanding.push_back(stored.proof);
    if (outstanding.empty()) throw Error(Errc::bad_argument, "nothing to take back: the token was claimed");
    const cashu::Token token{send->mint, send->data.value("unit", "sat"), std::nullopt, std::move(outstanding)};
    Step step = start_receive(cashu::encode_token_v4(token), key, {{"took_back", send->id}});
    tx.commit();
    return step;
}

Step CashuWallet::start_receive(std::string_view text, const std::optional<crypto::SecretKey>& key, const json& links) {
    cashu::Token token = cashu::decode_token(text);
    const std::string mint = normal_url(token.mint);
    if (!store_.has_mint(mint)) throw Error(Errc::bad_argument, "unknown mint " + mint + ": add it first");
    std::vector<std::uint64_t> fee_ppk;
    std::vector<cashu::Proof> inputs;
    cashu::Amount total = 0;
    for (cashu::Proof proof : token.proofs) {
        const auto keyset = store_.keyset(proof.id);
        if (!keyset || keyset->mint != mint)
            throw Error(Errc::bad_keyset, "keyset " + codec::hex_encode(proof.id) + " is unknown at " + mint + ": refresh the mint");
        if (keyset->unit != token.unit) throw Error(Errc::bad_token, "a proof of another unit than the token's");
        const auto K = keyset->keys.find(proof.amount);
        if (K == keyset->keys.end()) throw Error(Errc::bad_token, "the keyset has no key for amount " + std::to_string(proof.amount));
        // NUT-12: a DLEQ a sender included must hold; one without r cannot be checked.
        if (proof.dleq && proof.dleq->r && !cashu::verify_proof_dleq(K->second, proof))
            throw Error(Errc::bad_token, "a proof's DLEQ does not verify against the mint's key");
        proof.id = keyset->id;
        if (key && is_p2pk(proof.secret)) proof = cashu::sign_p2pk(proof, *key, crypto::random_array<32>());
        fee_ppk.push_back(keyset->input_fee_ppk);
        total = add_amounts(total, proof.amount);
        inputs.push_back(for_mint(std::move(proof)));
    }
    const cashu::Amount fee = cashu::input_fee(fee_ppk);
    if (fee >= total) throw Error(Errc::bad_token, "the token is worth less than its input fee");

    OperationRecord op{new_operation_id(), mint, std::string(kind_receive), "pending", "", json::object(), 0};
    op.data = {{"unit", token.unit}, {"amount", total - fee}, {"fee", fee}, {"inputs", json::array()}};
    op.data.update(links);
    op.data["outputs"] = derived_outputs(active_keyset(mint, token.unit), split_amount(total - fee), false);
    cashu::SwapRequest request{std::move(inputs), blinded_messages(op)};
    return await(op, "swap", post(mint, "/v1/swap", cashu::to_json(request)));
}

// ---- restoring the outputs of an interrupted or refused operation ----

Step CashuWallet::finish_restore_outputs(OperationRecord& op, const Answer& answer) {
    const cashu::RestoreResponse response = cashu::restore_response_from_json(answer.parsed());
    std::map<crypto::PublicKey, std::pair<BlindedOutput, OutputSpec>> ours;
    for (const json& spec_json : op.data.at("outputs")) {
        OutputSpec spec = output_spec_from_json(spec_json);
        BlindedOutput output = blind_output(spec, seed_.view());
        const crypto::PublicKey B_ = output.message.B_;
        ours.emplace(B_, std::make_pair(std::move(output), std::move(spec)));
    }
    const bool melt = op.kind == kind_melt;
    std::vector<NewProof> found;
    for (std::size_t i = 0; i < response.outputs.size(); ++i) {
        const auto it = ours.find(response.outputs[i].B_);
        if (it == ours.end()) throw Error(Errc::bad_message, "the mint restored an output the wallet did not ask for");
        const auto keyset = store_.keyset(it->second.first.message.id);
        if (!keyset) throw Error(Errc::storage, "an output's keyset is not stored");
        const OutputSpec& spec = it->second.second;
        found.push_back({unblind_output(it->second.first, response.signatures[i], keyset->keys, melt), spec.send, spec.offline});
    }
    if (!found.empty() || melt) return complete(op, found);
    // Nothing was signed: the refusal stands.
    const json refused = op.data.value("refused", json{{"code", 0}, {"detail", "the mint signed none of the outputs"}});
    const auto code = refused.at("code").get<std::uint32_t>();
    const bool spent = code == static_cast<std::uint32_t>(cashu::MintErrc::proof_already_spent);
    return fail(op, {Failure::Kind::refused, code, refused.at("detail").get<std::string>()},
                spent ? ProofStatus::spent : ProofStatus::unspent);
}

}  // namespace flash::wallet
