// A wallet's side of blind signing for tests that play a wallet against a mint, on top of
// core/wallet: outputs with random secrets and blinding factors, and their unblinding.
#pragma once
#include <span>
#include <vector>

#include "core/cashu/nut01.hpp"
#include "core/cashu/types.hpp"
#include "core/wallet/outputs.hpp"

namespace flash::test {

struct PreparedOutputs {
    std::vector<cashu::BlindedMessage> outputs;  ///< what the mint is asked to sign
    std::vector<wallet::BlindedOutput> blinded;  ///< the same, with secret and r
};

/// Outputs for `keyset` with these amounts (one each), with fresh random secrets and r.
PreparedOutputs prepare_outputs(const cashu::KeysetId& keyset, std::span<const cashu::Amount> amounts);

/// The proofs for `signatures` (in the order of `prepared.outputs`, possibly fewer, as NUT-08
/// change is), unblinded with `keys` and DLEQ-verified; the amount is the signature's.
/// Throws as wallet::unblind_output does.
std::vector<cashu::Proof> unblind_proofs(const PreparedOutputs& prepared,
                                         std::span<const cashu::BlindSignature> signatures, const cashu::Keys& keys);

}  // namespace flash::test
