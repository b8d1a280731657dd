// Bitcoin transactions: the model, the network serialisation with and without witness data
// (BIP-144), strict parsing, txid/wtxid, and weight/vsize (BIP-141).
//
// Parsing (parse_transaction) throws Error(bad_transaction) for anything but one well-formed
// transaction: truncated data, a count or length larger than the bytes that could hold it, a
// non-minimal CompactSize, a segwit flag other than 1, a witness section in which every witness is
// empty (BIP-144 forbids the extended form then), an amount above 21 million BTC, input over
// max_transaction_size, or trailing bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/bytes.hpp"

namespace flash::bitcoin {

/// 21 million BTC in satoshis: no output or sum of outputs may exceed it.
inline constexpr std::uint64_t max_money = 2'100'000'000'000'000;
/// A transaction cannot be larger than a block's weight limit allows.
inline constexpr std::size_t max_transaction_size = 4'000'000;

/// A transaction id in internal byte order (as hashed, as serialised in outpoints). Explorers and
/// RPCs show it reversed: see txid_hex().
using Txid = ByteArray<32>;

struct OutPoint {
    Txid txid{};
    std::uint32_t vout = 0;
    bool operator==(const OutPoint&) const = default;
    // Not a defaulted <=>: libc++ 14 (the wasm build) has no <=> for std::array.
    bool operator<(const OutPoint& other) const { return std::tie(txid, vout) < std::tie(other.txid, other.vout); }
};

struct TxIn {
    OutPoint prevout;
    Bytes script_sig;
    std::uint32_t sequence = 0xffffffff;
    std::vector<Bytes> witness;  ///< the witness stack, bottom item first; empty for none
    bool operator==(const TxIn&) const = default;
};

struct TxOut {
    std::uint64_t value = 0;  ///< satoshis
    Bytes script_pubkey;
    bool operator==(const TxOut&) const = default;
};

struct Transaction {
    std::uint32_t version = 2;  ///< the 4 version bytes read as little-endian (consensus reads them signed)
    std::vector<TxIn> inputs;
    std::vector<TxOut> outputs;
    std::uint32_t lock_time = 0;

    /// True when some input has a non-empty witness (then the BIP-144 form is serialised).
    bool has_witness() const noexcept;
    bool operator==(const Transaction&) const = default;
};

/// The network serialisation: BIP-144 extended form (marker 0x00, flag 0x01, witnesses) when
/// `with_witness` and the transaction has a witness, else the legacy form.
Bytes serialize_transaction(const Transaction& tx, bool with_witness = true);

/// Parses exactly one transaction (see the header comment for the errors). With `allow_witness`
/// false only the legacy form is read, as PSBT's unsigned transaction requires; a leading 0x00
/// is then an input count of zero.
Transaction parse_transaction(ByteView data, bool allow_witness = true);

/// One output as serialised in a transaction (amount, script length, script).
void write_txout(Bytes& out, const TxOut& output);
/// Reads one output; Error(bad_transaction) for a truncated one or an amount above max_money.
/// Used for PSBT witness UTXOs, which carry exactly this encoding.
TxOut parse_txout(ByteView data);

/// SHA-256d of the legacy serialisation.
Txid txid(const Transaction& tx);
/// SHA-256d of the full serialisation (equals txid() without witnesses).
Txid wtxid(const Transaction& tx);
/// Reversed-byte hex, as explorers and Bitcoin Core show it.
std::string txid_hex(const Txid& id);
/// Inverse of txid_hex; Error(bad_hex) / Error(bad_length) for bad text.
Txid txid_from_hex(std::string_view hex);

/// BIP-141 weight: legacy size × 3 + full size.
std::size_t transaction_weight(const Transaction& tx);
/// Virtual size: weight / 4, rounded up.
std::size_t transaction_vsize(const Transaction& tx);

}  // namespace flash::bitcoin
