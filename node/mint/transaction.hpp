// The checks and the signing every value-moving request shares (swap, mint, melt): inputs must be
// valid proofs of known keysets whose spending conditions hold; outputs must be for the active
// keyset with amounts it has; the mint signs outputs with a DLEQ proof (NUT-12).
//
// Errors: cashu::MintError with the spec's code (named per function); nothing is stored here.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/cashu/types.hpp"
#include "node/mint/keyring.hpp"
#include "node/storage/mint_store.hpp"

namespace flash::node::mint {

struct VerifiedInputs {
    std::vector<SpentProof> proofs;  ///< in request order, with Y computed
    cashu::Amount total = 0;
    cashu::Amount fee = 0;           ///< NUT-02 input fee
};

/// Checks `inputs` of a request whose outputs are `outputs` (and, for a melt, whose quote is
/// `melt_quote`; SIG_ALL signs both) at `now_s`. MintError: bad_request (none, or too many),
/// duplicate_inputs, keyset_unknown, unit_mismatch (inputs of several units),
/// proof_verification_failed (no key for the amount, or C is not the mint's signature),
/// witness_invalid (NUT-10/11 conditions not met), amount_out_of_limit (sum overflows).
VerifiedInputs verify_inputs(const Keyring& keyring, std::span<const cashu::Proof> inputs,
                             std::span<const cashu::BlindedMessage> outputs, std::string_view melt_quote,
                             std::uint64_t now_s);

/// Swap and mint outputs carry their amounts; a melt's NUT-08 blank outputs get theirs from the
/// mint (what they say is ignored, wallets write 0 or 1), and there may be none.
enum class Outputs { with_amounts, blank };

/// The sum of `outputs` (0 for blank ones), checked: MintError bad_request (none, too many),
/// duplicate_outputs, keyset_unknown, keyset_inactive, unit_mismatch, amount_out_of_limit (an
/// amount the keyset has no key for, or a sum that overflows).
cashu::Amount check_outputs(const Keyring& keyring, std::span<const cashu::BlindedMessage> outputs, Outputs kind);

/// Signs each output (already checked) with its keyset's key for `amounts[i]` (a melt's change
/// gives blank outputs their amounts; otherwise pass the outputs' own), with a DLEQ proof.
/// MintError(proof_verification_failed) for a B_ that is not a curve point.
std::vector<IssuedSignature> sign_outputs(const Keyring& keyring, std::span<const cashu::BlindedMessage> outputs,
                                          std::span<const cashu::Amount> amounts);

/// The outputs' own amounts (for sign_outputs).
std::vector<cashu::Amount> amounts_of(std::span<const cashu::BlindedMessage> outputs);

/// `a + b`, or MintError(amount_out_of_limit) when it overflows 64 bits.
cashu::Amount checked_add(cashu::Amount a, cashu::Amount b);

}  // namespace flash::node::mint
