#include "node/mint/mint.hpp"

#include "core/cashu/mint_error.hpp"
#include "node/mint/transaction.hpp"

namespace flash::node::mint {

using cashu::MintErrc;
using cashu::MintError;

Mint::Mint(const MintConfig& config, MintStore& store, Keyring& keyring, lightning::LightningBackend& lightning,
           Clock now_s)
    : config_(config), store_(store), keyring_(keyring), lightning_(lightning), now_s_(std::move(now_s)) {}

void Mint::notify(MintChange change) {
    if (listener_) listener_(change);
}

cashu::SwapResponse Mint::swap(const cashu::SwapRequest& request) {
    const cashu::Amount out = check_outputs(keyring_, request.outputs, Outputs::with_amounts);
    const VerifiedInputs in = verify_inputs(keyring_, request.inputs, request.outputs, {},
                                            static_cast<std::uint64_t>(now_s_()));
    if (in.total < in.fee || in.total - in.fee != out) {
        throw MintError(MintErrc::transaction_unbalanced,
                        "inputs " + std::to_string(in.total) + " - fee " + std::to_string(in.fee) +
                            " != outputs " + std::to_string(out));
    }
    std::vector<IssuedSignature> issued = sign_outputs(keyring_, request.outputs, amounts_of(request.outputs));
    store_.commit_swap(in.proofs, issued);

    cashu::SwapResponse response;
    MintChange change;
    for (IssuedSignature& signature : issued) response.signatures.push_back(std::move(signature.signature));
    for (const SpentProof& proof : in.proofs) {
        change.proof_states.push_back({proof.Y, cashu::ProofState::spent, proof.witness});
    }
    notify(std::move(change));
    return response;
}

cashu::CheckStateResponse Mint::check_state(const cashu::CheckStateRequest& request) {
    if (request.Ys.size() > cashu::max_request_items) throw MintError(MintErrc::bad_request, "too many Ys");
    return {store_.proof_states(request.Ys)};
}

cashu::RestoreResponse Mint::restore(const cashu::RestoreRequest& request) {
    if (request.outputs.size() > cashu::max_request_items) throw MintError(MintErrc::bad_request, "too many outputs");
    std::vector<crypto::PublicKey> B_s;
    for (const cashu::BlindedMessage& output : request.outputs) B_s.push_back(output.B_);
    const std::vector<std::optional<cashu::BlindSignature>> found = store_.signatures(B_s);
    cashu::RestoreResponse response;
    for (std::size_t i = 0; i < found.size(); ++i) {
        if (!found[i]) continue;
        response.outputs.push_back(request.outputs[i]);
        response.signatures.push_back(*found[i]);
    }
    return response;
}

}  // namespace flash::node::mint
