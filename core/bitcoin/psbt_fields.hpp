// The record types of BIP-174 (PSBT v0), BIP-370 (v2, rejected in v0) and BIP-371 (taproot), and
// the value encodings psbt.cpp writes and psbt_parse.cpp reads. Internal to the PSBT files.
#pragma once

#include <cstdint>

#include "core/bitcoin/key_origin.hpp"
#include "core/bitcoin/wire.hpp"
#include "core/bytes.hpp"

namespace flash::bitcoin::psbt_field {

inline constexpr std::uint8_t magic[] = {'p', 's', 'b', 't', 0xff};

// Global map.
inline constexpr std::uint8_t global_unsigned_tx = 0x00, global_xpub = 0x01, global_tx_version = 0x02,
                              global_tx_modifiable = 0x06, global_ownership_commitment = 0x07,
                              global_version = 0xfb;
// Input map.
inline constexpr std::uint8_t in_non_witness_utxo = 0x00, in_witness_utxo = 0x01, in_partial_sig = 0x02,
                              in_sighash_type = 0x03, in_redeem_script = 0x04, in_witness_script = 0x05,
                              in_bip32_derivation = 0x06, in_final_script_sig = 0x07,
                              in_final_script_witness = 0x08, in_por_commitment = 0x09, in_ripemd160 = 0x0a,
                              in_sha256 = 0x0b, in_hash160 = 0x0c, in_hash256 = 0x0d, in_previous_txid = 0x0e,
                              in_required_height_locktime = 0x12, in_tap_key_sig = 0x13,
                              in_tap_script_sig = 0x14, in_tap_leaf_script = 0x15,
                              in_tap_bip32_derivation = 0x16, in_tap_internal_key = 0x17,
                              in_tap_merkle_root = 0x18, in_ownership_proof = 0x19;
// Output map.
inline constexpr std::uint8_t out_redeem_script = 0x00, out_witness_script = 0x01, out_bip32_derivation = 0x02,
                              out_amount = 0x03, out_script = 0x04, out_tap_internal_key = 0x05,
                              out_tap_tree = 0x06, out_tap_bip32_derivation = 0x07;

/// <4-byte fingerprint> <32-bit little-endian index>*.
Bytes encode_origin(const KeyOrigin& origin);
KeyOrigin decode_origin(ByteView value);  ///< Error(bad_psbt) unless 4 + 4k bytes
/// <CompactSize count> <32-byte leaf hash>* <origin>.
Bytes encode_tap_origin(const TapKeyOrigin& origin);
TapKeyOrigin decode_tap_origin(ByteView value);
/// <CompactSize count> (<CompactSize length> <item>)*: a final scriptWitness.
Bytes encode_witness(const std::vector<Bytes>& stack);
std::vector<Bytes> decode_witness(ByteView value);

}  // namespace flash::bitcoin::psbt_field
