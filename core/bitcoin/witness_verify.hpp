// Checks a signed input the way a node would before relaying it, for the two kinds this wallet
// spends: P2WPKH (BIP-143 digest, strict-DER low-S ECDSA, compressed key) and P2TR key path
// (BIP-341 digest, BIP-340 Schnorr). Not a script interpreter: anything else is unsupported.
#pragma once

#include <cstddef>
#include <span>

#include "core/bitcoin/transaction.hpp"

namespace flash::bitcoin {

/// True when input `index` of `tx` carries a valid witness for `spent[index]`; `spent` holds the
/// output each input spends, in input order (BIP-341 signs them all). False for an invalid or
/// malformed witness, an unknown sighash type, and script types other than P2WPKH and P2TR key
/// path (script-path spends and annexes included). Error(bad_argument) when `index` is not an
/// input or `spent` has another size than the inputs.
bool verify_input(const Transaction& tx, std::size_t index, std::span<const TxOut> spent);

}  // namespace flash::bitcoin
