// The PSBT Signer, Finalizer and Extractor roles (BIP-174) for single-key P2WPKH and P2TR
// key-path inputs.
#pragma once

#include <cstddef>
#include <optional>

#include "core/bitcoin/key_origin.hpp"
#include "core/bitcoin/psbt.hpp"
#include "core/bitcoin/transaction.hpp"
#include "core/bytes.hpp"

namespace flash::bitcoin {

/// Signs every unfinalized input that `source` owns (see own_input_key: the derivation in the
/// input gives our key and the spent script pays to it): an ECDSA signature (BIP-143, SIGHASH_ALL)
/// in partial_sigs for P2WPKH, a Schnorr signature (BIP-341 key path, SIGHASH_DEFAULT) in
/// tap_key_sig for P2TR. Inputs of others are left alone. `aux_rand` is BIP-340's auxiliary
/// randomness; nullopt draws fresh random bytes per signature (pass a value only in tests).
/// Returns the number of inputs signed. Errors (nothing is signed then):
///   Error(bad_psbt) when an owned input asks for a sighash type other than ALL (or DEFAULT for
///     P2TR): a signer must refuse, since e.g. SIGHASH_NONE lets anyone redirect the funds;
///     when a P2TR input is signed but some input's spent output is unknown (BIP-341 signs all
///     amounts); or when a witness and non-witness UTXO disagree;
///   Error(bad_extended_key) when the source has no private key.
std::size_t sign_psbt(Psbt& psbt, const KeySource& source, const std::optional<ByteArray<32>>& aux_rand = std::nullopt);

/// Finalizes every input it can: a P2WPKH input with a signature for the key its script names,
/// a P2TR input with a key-path signature. Each signature is verified first and must use the
/// input's sighash type when one is set; else Error(bad_psbt), and the PSBT is left as it was.
/// The final witness replaces the signing data, which is cleared as BIP-174 says (UTXOs and
/// unknown records stay). Returns true when every input is finalized.
bool finalize_psbt(Psbt& psbt);

/// The signed transaction. Error(bad_psbt) unless every input is finalized.
Transaction extract_transaction(const Psbt& psbt);

}  // namespace flash::bitcoin
