#include "core/bitcoin/sighash.hpp"

#include "core/bitcoin/wire.hpp"
#include "core/error.hpp"

namespace flash::bitcoin {
namespace {

enum class Digest { sha256, sha256d };

// The hashes BIP-143 (double SHA-256) and BIP-341 (single SHA-256) share: all prevouts, all
// sequences, all outputs, one output.
crypto::Hash256 finish(const Bytes& data, Digest digest) {
    return digest == Digest::sha256d ? crypto::sha256d(data) : crypto::sha256(data);
}

void write_outpoint(Bytes& out, const OutPoint& point) {
    out.insert(out.end(), point.txid.begin(), point.txid.end());
    write_u32(out, point.vout);
}

crypto::Hash256 hash_prevouts(const Transaction& tx, Digest digest) {
    Bytes data;
    for (const TxIn& in : tx.inputs) write_outpoint(data, in.prevout);
    return finish(data, digest);
}

crypto::Hash256 hash_sequences(const Transaction& tx, Digest digest) {
    Bytes data;
    for (const TxIn& in : tx.inputs) write_u32(data, in.sequence);
    return finish(data, digest);
}

crypto::Hash256 hash_outputs(std::span<const TxOut> outputs, Digest digest) {
    Bytes data;
    for (const TxOut& out : outputs) write_txout(data, out);
    return finish(data, digest);
}

void require_input(const Transaction& tx, std::size_t index) {
    if (index >= tx.inputs.size()) throw Error(Errc::bad_argument, "sighash of input " + std::to_string(index) + " of " + std::to_string(tx.inputs.size()));
}

void append(Bytes& out, const crypto::Hash256& hash) { out.insert(out.end(), hash.begin(), hash.end()); }

}  // namespace

Bytes p2wpkh_script_code(ByteView pubkey_hash) {
    require_size(pubkey_hash, 20, "P2WPKH public key hash");
    Bytes code{0x19, 0x76, 0xa9, 0x14};
    code.insert(code.end(), pubkey_hash.begin(), pubkey_hash.end());
    code.push_back(0x88);
    code.push_back(0xac);
    return code;
}

crypto::Hash256 segwit_v0_sighash(const Transaction& tx, std::size_t index, ByteView script_code,
                                  std::uint64_t amount, std::uint32_t hash_type) {
    require_input(tx, index);
    const bool anyone_can_pay = (hash_type & sighash_anyone_can_pay) != 0;
    const std::uint32_t base = hash_type & 0x1f;
    const crypto::Hash256 zero{};

    Bytes data;
    write_u32(data, tx.version);
    append(data, anyone_can_pay ? zero : hash_prevouts(tx, Digest::sha256d));
    append(data, anyone_can_pay || base == sighash_single || base == sighash_none ? zero : hash_sequences(tx, Digest::sha256d));
    write_outpoint(data, tx.inputs[index].prevout);
    data.insert(data.end(), script_code.begin(), script_code.end());
    write_u64(data, amount);
    write_u32(data, tx.inputs[index].sequence);
    if (base != sighash_single && base != sighash_none)
        append(data, hash_outputs(tx.outputs, Digest::sha256d));
    else if (base == sighash_single && index < tx.outputs.size())
        append(data, hash_outputs(std::span(tx.outputs).subspan(index, 1), Digest::sha256d));
    else
        append(data, zero);
    write_u32(data, tx.lock_time);
    write_u32(data, hash_type);
    return crypto::sha256d(data);
}

bool is_taproot_sighash_type(std::uint8_t hash_type) noexcept {
    return hash_type <= 0x03 || (hash_type >= 0x81 && hash_type <= 0x83);
}

Bytes taproot_sighash_message(const Transaction& tx, std::size_t index, std::span<const TxOut> spent,
                              std::uint8_t hash_type) {
    require_input(tx, index);
    if (!is_taproot_sighash_type(hash_type)) throw Error(Errc::bad_argument, "hash type not defined by BIP-341");
    if (spent.size() != tx.inputs.size()) throw Error(Errc::bad_argument, "one spent output per input is needed");
    const bool anyone_can_pay = (hash_type & sighash_anyone_can_pay) != 0;
    const std::uint8_t output_type = hash_type == sighash_default ? sighash_all : hash_type & 0x03;
    if (output_type == sighash_single && index >= tx.outputs.size())
        throw Error(Errc::bad_argument, "SIGHASH_SINGLE without a matching output");

    Bytes msg{0x00, hash_type};  // epoch, hash type
    write_u32(msg, tx.version);
    write_u32(msg, tx.lock_time);
    if (!anyone_can_pay) {
        append(msg, hash_prevouts(tx, Digest::sha256));
        Bytes amounts, scripts;
        for (const TxOut& out : spent) {
            write_u64(amounts, out.value);
            write_var_bytes(scripts, out.script_pubkey);
        }
        append(msg, crypto::sha256(amounts));
        append(msg, crypto::sha256(scripts));
        append(msg, hash_sequences(tx, Digest::sha256));
    }
    if (output_type == sighash_all) append(msg, hash_outputs(tx.outputs, Digest::sha256));
    msg.push_back(0x00);  // spend type: key path (ext_flag 0), no annex
    if (anyone_can_pay) {
        write_outpoint(msg, tx.inputs[index].prevout);
        write_txout(msg, spent[index]);
        write_u32(msg, tx.inputs[index].sequence);
    } else {
        write_u32(msg, static_cast<std::uint32_t>(index));
    }
    if (output_type == sighash_single) append(msg, hash_outputs(std::span(tx.outputs).subspan(index, 1), Digest::sha256));
    return msg;
}

crypto::Hash256 taproot_key_path_sighash(const Transaction& tx, std::size_t index, std::span<const TxOut> spent,
                                         std::uint8_t hash_type) {
    return crypto::tagged_hash("TapSighash", taproot_sighash_message(tx, index, spent, hash_type));
}

}  // namespace flash::bitcoin
