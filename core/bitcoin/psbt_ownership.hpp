// Which inputs and outputs of a PSBT are the wallet's own. A derivation that names our master
// fingerprint is only a claim (a PSBT comes from outside, and 4-byte fingerprints collide); it
// counts when the key our KeySource derives at that path is the claimed key and the script pays
// to it.
#pragma once

#include <optional>

#include "core/bitcoin/key_origin.hpp"
#include "core/bitcoin/psbt.hpp"
#include "core/keys/bip32.hpp"

namespace flash::bitcoin {

/// Our key that spends `spent` through input `in`: the key of a bip32_derivation entry when
/// `spent` is its P2WPKH output, or of a leafless tap_bip32_derivation entry when `spent` is the
/// P2TR output of that internal key (tweaked with the input's merkle root, if any). The key keeps
/// its private part when the source has one. nullopt when no derivation of `in` proves ours.
std::optional<keys::ExtendedKey> own_input_key(const PsbtInput& in, const TxOut& spent, const KeySource& source);

/// True when `output` pays to our key (it is change): a P2WPKH output of a bip32_derivation key
/// or the BIP-86 P2TR output of a leafless tap_bip32_derivation key. False when no derivation in
/// `meta` names our master fingerprint. Error(bad_psbt) for a PSBT that lies about change: a
/// derivation names our fingerprint but our key source cannot derive it, derives another key,
/// or none of the claimed keys gives the output's script.
bool is_own_output(const PsbtOutput& meta, const TxOut& output, const KeySource& source);

}  // namespace flash::bitcoin
