// Signature hashes of segwit inputs: BIP-143 (witness version 0, e.g. P2WPKH) and BIP-341 key-path
// spending (witness version 1, P2TR).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/bitcoin/transaction.hpp"
#include "core/bytes.hpp"
#include "core/crypto/hash.hpp"

namespace flash::bitcoin {

// Sighash types: the low bits pick the outputs signed, anyone_can_pay signs only this input.
inline constexpr std::uint8_t sighash_default = 0x00;  ///< BIP-341 only: like ALL, 64-byte signature
inline constexpr std::uint8_t sighash_all = 0x01;
inline constexpr std::uint8_t sighash_none = 0x02;
inline constexpr std::uint8_t sighash_single = 0x03;
inline constexpr std::uint8_t sighash_anyone_can_pay = 0x80;

/// BIP-143 scriptCode of a P2WPKH output: OP_DUP OP_HASH160 <hash> OP_EQUALVERIFY OP_CHECKSIG,
/// length-prefixed as the digest serialises it. Error(bad_length) unless `pubkey_hash` is 20 bytes.
Bytes p2wpkh_script_code(ByteView pubkey_hash);

/// BIP-143 digest for input `index`, which spends `amount` satoshis; `script_code` includes its
/// CompactSize length prefix. `hash_type` is written as 4 bytes; SIGHASH_SINGLE with no output
/// at `index` signs a zero hashOutputs, as the BIP specifies. Error(bad_argument) when `index` is
/// not an input of `tx`.
crypto::Hash256 segwit_v0_sighash(const Transaction& tx, std::size_t index, ByteView script_code,
                                  std::uint64_t amount, std::uint32_t hash_type);

/// BIP-341 key-path message: the epoch byte 0x00 followed by SigMsg(hash_type, 0) with no annex.
/// `spent` holds the output each input spends, in input order. Error(bad_argument) for a hash
/// type other than 0x00-0x03 or 0x81-0x83, `index` out of range, `spent` of another size than
/// the inputs, or SIGHASH_SINGLE without an output at `index` (BIP-341 makes that invalid).
Bytes taproot_sighash_message(const Transaction& tx, std::size_t index, std::span<const TxOut> spent,
                              std::uint8_t hash_type);

/// tagged_hash("TapSighash", taproot_sighash_message(...)): what a key-path signature signs.
crypto::Hash256 taproot_key_path_sighash(const Transaction& tx, std::size_t index, std::span<const TxOut> spent,
                                         std::uint8_t hash_type);

/// True for the hash types BIP-341 defines (0x00-0x03, 0x81-0x83).
bool is_taproot_sighash_type(std::uint8_t hash_type) noexcept;

}  // namespace flash::bitcoin
