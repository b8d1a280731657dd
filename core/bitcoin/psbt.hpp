// BIP-174 Partially Signed Bitcoin Transactions, version 0, with the BIP-371 taproot fields: the
// model, parsing and serialisation. Signing and finalizing are in psbt_sign.hpp, the signer's
// check of what it is asked to sign in psbt_check.hpp.
//
// Psbt models the records a single-key segwit wallet uses. Every other record (global xpubs,
// proprietary records, redeem/witness scripts, hash preimages, taproot script-path data, types
// no BIP defines yet) is kept verbatim in `unknown` and written back unchanged, as BIP-174 asks
// of signers; records of a type BIP-174/371 defines are shape-checked first.
//
// parse_psbt throws Error(bad_psbt) for: bad magic; a truncated record or a missing separator; a
// key type that is not a minimal CompactSize; a duplicate key in a map; a record whose key data
// or value does not have its type's shape (key data on a type that takes none, a public key of the
// wrong length or off the curve, a 32-bit field of another size, ...); a PSBTv2-only field, or a
// PSBT_GLOBAL_VERSION other than 0; no unsigned transaction, or one with scriptSigs or witnesses;
// fewer input or output maps than the transaction has; a non-witness UTXO whose txid is not the
// input's or that has no output at the input's index, or a witness UTXO that contradicts it;
// trailing bytes. Input over max_psbt_size
// throws Error(too_large).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bitcoin/key_origin.hpp"
#include "core/bitcoin/transaction.hpp"
#include "core/bytes.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::bitcoin {

/// Largest PSBT parse_psbt reads: room for a few full previous transactions.
inline constexpr std::size_t max_psbt_size = 16'000'000;

/// Records kept as they came: the whole key (type and key data) → value.
using PsbtRecords = std::map<Bytes, Bytes>;

struct PsbtInput {
    std::optional<Transaction> non_witness_utxo;            ///< 0x00: the transaction the input spends from
    std::optional<TxOut> witness_utxo;                      ///< 0x01: the output the input spends
    std::map<Bytes, Bytes> partial_sigs;                    ///< 0x02: public key → DER signature + sighash byte
    std::optional<std::uint32_t> sighash_type;              ///< 0x03
    std::map<Bytes, KeyOrigin> bip32_derivation;            ///< 0x06: public key (33 or 65 bytes) → origin
    std::optional<Bytes> final_script_sig;                  ///< 0x07
    std::optional<std::vector<Bytes>> final_script_witness; ///< 0x08
    std::optional<Bytes> tap_key_sig;                       ///< 0x13: 64 bytes, or 65 with a sighash byte
    std::map<crypto::XOnlyKey, TapKeyOrigin> tap_bip32_derivation;  ///< 0x16
    std::optional<crypto::XOnlyKey> tap_internal_key;       ///< 0x17
    std::optional<crypto::Hash256> tap_merkle_root;         ///< 0x18
    PsbtRecords unknown;

    bool is_finalized() const noexcept { return final_script_sig.has_value() || final_script_witness.has_value(); }
    bool operator==(const PsbtInput&) const = default;
};

struct PsbtOutput {
    std::map<Bytes, KeyOrigin> bip32_derivation;            ///< 0x02: public key → origin
    std::optional<crypto::XOnlyKey> tap_internal_key;       ///< 0x05
    std::map<crypto::XOnlyKey, TapKeyOrigin> tap_bip32_derivation;  ///< 0x07
    PsbtRecords unknown;
    bool operator==(const PsbtOutput&) const = default;
};

struct Psbt {
    Transaction tx;                        ///< 0x00: the unsigned transaction (no scriptSigs, no witnesses)
    std::optional<std::uint32_t> version;  ///< 0xFB, when present (always 0: only v0 parses)
    PsbtRecords unknown;                   ///< global xpubs, proprietary and unknown records
    std::vector<PsbtInput> inputs;         ///< one per transaction input
    std::vector<PsbtOutput> outputs;       ///< one per transaction output
    bool operator==(const Psbt&) const = default;
};

/// The Creator role: empty maps around `unsigned_tx`. Error(bad_psbt) if any input has a
/// scriptSig or a witness.
Psbt create_psbt(Transaction unsigned_tx);

/// Parses the binary form (see the header comment for the errors).
Psbt parse_psbt(ByteView data);
/// Parses the base64 form; Error(bad_base64) when the text is not base64.
Psbt parse_psbt_base64(std::string_view text);

/// Writes every map's records sorted by key. Error(bad_psbt) when the number of input or output
/// maps differs from the transaction's inputs or outputs.
Bytes serialize_psbt(const Psbt& psbt);
std::string psbt_to_base64(const Psbt& psbt);

/// The output input `index` spends, from its witness UTXO, or else from its non-witness UTXO; nullopt
/// when it has neither. Error(bad_psbt) when both are present and name different outputs or the
/// non-witness UTXO is not the transaction the input spends from.
std::optional<TxOut> spent_output(const Psbt& psbt, std::size_t index);

}  // namespace flash::bitcoin
