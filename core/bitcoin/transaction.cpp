#include "core/bitcoin/transaction.hpp"

#include <algorithm>

#include "core/bitcoin/wire.hpp"
#include "core/codec/compact_size.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/error.hpp"

namespace flash::bitcoin {
namespace {

// Smallest serialised input (outpoint, empty script, sequence) and output (amount, empty script):
// they bound the counts a given number of bytes can hold.
constexpr std::size_t kMinInputSize = 32 + 4 + 1 + 4;
constexpr std::size_t kMinOutputSize = 8 + 1;

TxOut read_txout(WireReader& in) {
    TxOut out;
    out.value = in.u64();
    if (out.value > max_money) in.fail("output amount above 21 million BTC");
    const ByteView script = in.var_bytes();
    out.script_pubkey.assign(script.begin(), script.end());
    return out;
}

}  // namespace

bool Transaction::has_witness() const noexcept {
    return std::any_of(inputs.begin(), inputs.end(), [](const TxIn& in) { return !in.witness.empty(); });
}

void write_txout(Bytes& out, const TxOut& output) {
    write_u64(out, output.value);
    write_var_bytes(out, output.script_pubkey);
}

TxOut parse_txout(ByteView data) {
    WireReader in(data, Errc::bad_transaction);
    TxOut out = read_txout(in);
    in.expect_end("the output");
    return out;
}

Bytes serialize_transaction(const Transaction& tx, bool with_witness) {
    const bool extended = with_witness && tx.has_witness();
    Bytes out;
    write_u32(out, tx.version);
    if (extended) {
        out.push_back(0x00);  // marker
        out.push_back(0x01);  // flag
    }
    codec::write_compact_size(out, tx.inputs.size());
    for (const TxIn& in : tx.inputs) {
        out.insert(out.end(), in.prevout.txid.begin(), in.prevout.txid.end());
        write_u32(out, in.prevout.vout);
        write_var_bytes(out, in.script_sig);
        write_u32(out, in.sequence);
    }
    codec::write_compact_size(out, tx.outputs.size());
    for (const TxOut& output : tx.outputs) write_txout(out, output);
    if (extended) {
        for (const TxIn& in : tx.inputs) {
            codec::write_compact_size(out, in.witness.size());
            for (const Bytes& item : in.witness) write_var_bytes(out, item);
        }
    }
    write_u32(out, tx.lock_time);
    return out;
}

Transaction parse_transaction(ByteView data, bool allow_witness) {
    if (data.size() > max_transaction_size)
        throw Error(Errc::bad_transaction, "larger than " + std::to_string(max_transaction_size) + " bytes");
    WireReader in(data, Errc::bad_transaction);
    Transaction tx;
    tx.version = in.u32();

    // BIP-144: a 0x00 where the input count would be is the marker, and the flag must follow.
    const bool extended = allow_witness && data.size() > 5 && data[4] == 0x00;
    if (extended) {
        in.u8();
        if (in.u8() != 0x01) in.fail("segwit flag must be 1");
    }

    tx.inputs.resize(static_cast<std::size_t>(in.compact_size(in.remaining() / kMinInputSize)));
    for (TxIn& input : tx.inputs) {
        const ByteView id = in.bytes(32);
        std::copy(id.begin(), id.end(), input.prevout.txid.begin());
        input.prevout.vout = in.u32();
        const ByteView script = in.var_bytes();
        input.script_sig.assign(script.begin(), script.end());
        input.sequence = in.u32();
    }
    tx.outputs.resize(static_cast<std::size_t>(in.compact_size(in.remaining() / kMinOutputSize)));
    for (TxOut& output : tx.outputs) output = read_txout(in);

    if (extended) {
        for (TxIn& input : tx.inputs) {
            input.witness.resize(static_cast<std::size_t>(in.compact_size(in.remaining())));
            for (Bytes& item : input.witness) {
                const ByteView bytes = in.var_bytes();
                item.assign(bytes.begin(), bytes.end());
            }
        }
        if (!tx.has_witness()) in.fail("extended serialisation without any witness (BIP-144)");
    }
    tx.lock_time = in.u32();
    in.expect_end("the transaction");
    return tx;
}

Txid txid(const Transaction& tx) { return crypto::sha256d(serialize_transaction(tx, false)); }

Txid wtxid(const Transaction& tx) { return crypto::sha256d(serialize_transaction(tx, true)); }

std::string txid_hex(const Txid& id) {
    Txid reversed = id;
    std::reverse(reversed.begin(), reversed.end());
    return codec::hex_encode(reversed);
}

Txid txid_from_hex(std::string_view hex) {
    Txid id = codec::hex_decode_array<32>(hex);
    std::reverse(id.begin(), id.end());
    return id;
}

std::size_t transaction_weight(const Transaction& tx) {
    return serialize_transaction(tx, false).size() * 3 + serialize_transaction(tx, true).size();
}

std::size_t transaction_vsize(const Transaction& tx) { return (transaction_weight(tx) + 3) / 4; }

}  // namespace flash::bitcoin
