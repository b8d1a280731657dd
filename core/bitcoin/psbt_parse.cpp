// parse_psbt: BIP-174 v0 maps, each record checked against its type's shape.
#include <algorithm>
#include <set>
#include <string>

#include "core/bitcoin/psbt.hpp"
#include "core/bitcoin/psbt_fields.hpp"
#include "core/codec/compact_size.hpp"
#include "core/error.hpp"

namespace flash::bitcoin {
namespace {

using namespace psbt_field;

[[noreturn]] void fail(const std::string& what) { throw Error(Errc::bad_psbt, what); }

struct Record {
    std::uint64_t type;
    ByteView key;       ///< the whole key: type and key data
    ByteView key_data;  ///< the key after its type
    ByteView value;
};

// Reads one map's records up to its 0x00 separator, rejecting duplicate keys.
template <typename OnRecord>
void read_map(WireReader& in, OnRecord&& on_record) {
    std::set<Bytes> seen;
    while (true) {
        const auto key_length = static_cast<std::size_t>(in.compact_size(in.remaining()));
        if (key_length == 0) return;
        const ByteView key = in.bytes(key_length);
        ByteView key_data = key;
        std::uint64_t type = 0;
        try {
            type = codec::read_compact_size(key_data);
        } catch (const Error&) {
            fail("key type is not a minimal CompactSize");
        }
        const ByteView value = in.var_bytes();
        if (!seen.emplace(key.begin(), key.end()).second) fail("duplicate key in a map");
        on_record(Record{type, key, key_data, value});
    }
}

Bytes copy(ByteView v) { return Bytes(v.begin(), v.end()); }

void no_key_data(const Record& r) {
    if (!r.key_data.empty()) fail("record type " + std::to_string(r.type) + " takes no key data");
}

void key_data_size(const Record& r, std::size_t size) {
    if (r.key_data.size() != size)
        fail("record type " + std::to_string(r.type) + " needs " + std::to_string(size) + " bytes of key data");
}

template <std::size_t N>
ByteArray<N> fixed(ByteView value, const char* what) {
    if (value.size() != N) fail(std::string(what) + " must be " + std::to_string(N) + " bytes");
    ByteArray<N> out;
    std::copy(value.begin(), value.end(), out.begin());
    return out;
}

std::uint32_t u32_value(ByteView value, const char* what) {
    const ByteArray<4> b = fixed<4>(value, what);
    return std::uint32_t{b[0]} | std::uint32_t{b[1]} << 8 | std::uint32_t{b[2]} << 16 | std::uint32_t{b[3]} << 24;
}

// A public key as key data: 33 (compressed) or 65 (uncompressed) bytes of a point on the curve.
Bytes public_key_data(const Record& r) {
    if (r.key_data.size() != 33 && r.key_data.size() != 65) fail("public key must be 33 or 65 bytes");
    try {
        crypto::parse_public_key(r.key_data);
    } catch (const Error&) {
        fail("public key is not a point on the curve");
    }
    return copy(r.key_data);
}

crypto::XOnlyKey xonly_key(ByteView bytes) {
    const auto key = fixed<32>(bytes, "x-only public key");
    try {
        crypto::parse_xonly_key(key);
    } catch (const Error&) {
        fail("x-only public key is not on the curve");
    }
    return key;
}

Transaction transaction_value(ByteView value, bool allow_witness, const char* what) {
    try {
        return parse_transaction(value, allow_witness);
    } catch (const Error& e) {
        fail(std::string(what) + ": " + e.what());
    }
}

void keep(PsbtRecords& unknown, const Record& r) { unknown.emplace(copy(r.key), copy(r.value)); }

// <depth> <leaf version> <script>, one or more (BIP-371 PSBT_OUT_TAP_TREE).
void check_tap_tree(ByteView value) {
    WireReader in(value, Errc::bad_psbt);
    if (in.empty()) fail("empty taproot tree");
    while (!in.empty()) {
        if (in.u8() > 128) fail("taproot tree deeper than 128");
        if ((in.u8() & 1) != 0) fail("taproot leaf version must be even");
        in.var_bytes();
    }
}

void global_record(Psbt& psbt, std::optional<Transaction>& tx, const Record& r) {
    switch (r.type) {
        case global_unsigned_tx: {
            no_key_data(r);
            tx = transaction_value(r.value, false, "unsigned transaction");
            for (const TxIn& in : tx->inputs)
                if (!in.script_sig.empty()) fail("unsigned transaction has a scriptSig");
            return;
        }
        case global_xpub:
            key_data_size(r, 78);
            decode_origin(r.value);
            return keep(psbt.unknown, r);
        case global_version:
            no_key_data(r);
            psbt.version = u32_value(r.value, "PSBT version");
            if (*psbt.version != 0) fail("only PSBT version 0 is supported");
            return;
        case global_ownership_commitment:
            no_key_data(r);
            return keep(psbt.unknown, r);
        default:
            if (r.type >= global_tx_version && r.type <= global_tx_modifiable) fail("PSBTv2 field in a version 0 PSBT");
            return keep(psbt.unknown, r);
    }
}

void input_record(PsbtInput& in, const Record& r) {
    switch (r.type) {
        case in_non_witness_utxo:
            no_key_data(r);
            in.non_witness_utxo = transaction_value(r.value, true, "non-witness UTXO");
            return;
        case in_witness_utxo:
            no_key_data(r);
            try {
                in.witness_utxo = parse_txout(r.value);
            } catch (const Error& e) {
                fail(std::string("witness UTXO: ") + e.what());
            }
            return;
        case in_partial_sig:
            if (r.value.empty()) fail("empty partial signature");
            in.partial_sigs.emplace(public_key_data(r), copy(r.value));
            return;
        case in_sighash_type:
            no_key_data(r);
            in.sighash_type = u32_value(r.value, "sighash type");
            return;
        case in_bip32_derivation:
            in.bip32_derivation.emplace(public_key_data(r), decode_origin(r.value));
            return;
        case in_final_script_sig:
            no_key_data(r);
            in.final_script_sig = copy(r.value);
            return;
        case in_final_script_witness:
            no_key_data(r);
            in.final_script_witness = decode_witness(r.value);
            return;
        case in_tap_key_sig:
            no_key_data(r);
            if (r.value.size() != 64 && r.value.size() != 65) fail("taproot key signature must be 64 or 65 bytes");
            in.tap_key_sig = copy(r.value);
            return;
        case in_tap_bip32_derivation:
            in.tap_bip32_derivation.emplace(xonly_key(r.key_data), decode_tap_origin(r.value));
            return;
        case in_tap_internal_key:
            no_key_data(r);
            in.tap_internal_key = xonly_key(r.value);
            return;
        case in_tap_merkle_root:
            no_key_data(r);
            in.tap_merkle_root = fixed<32>(r.value, "taproot merkle root");
            return;
        // Defined records this wallet does not use: shape-checked, then kept.
        case in_redeem_script:
        case in_witness_script:
        case in_por_commitment:
        case in_ownership_proof:
            no_key_data(r);
            break;
        case in_ripemd160:
        case in_hash160:
            key_data_size(r, 20);
            break;
        case in_sha256:
        case in_hash256:
            key_data_size(r, 32);
            break;
        case in_tap_script_sig:
            key_data_size(r, 64);
            if (r.value.size() != 64 && r.value.size() != 65) fail("taproot script signature must be 64 or 65 bytes");
            break;
        case in_tap_leaf_script:
            // A control block: 33 bytes, then up to 128 32-byte hashes of the merkle path.
            if (r.key_data.size() < 33 || (r.key_data.size() - 33) % 32 != 0 || r.key_data.size() > 33 + 128 * 32)
                fail("bad taproot control block");
            if (r.value.empty()) fail("taproot leaf script without a leaf version");
            break;
        default:
            if (r.type >= in_previous_txid && r.type <= in_required_height_locktime)
                fail("PSBTv2 field in a version 0 PSBT");
            break;
    }
    keep(in.unknown, r);
}

void output_record(PsbtOutput& out, const Record& r) {
    switch (r.type) {
        case out_bip32_derivation:
            out.bip32_derivation.emplace(public_key_data(r), decode_origin(r.value));
            return;
        case out_tap_internal_key:
            no_key_data(r);
            out.tap_internal_key = xonly_key(r.value);
            return;
        case out_tap_bip32_derivation:
            out.tap_bip32_derivation.emplace(xonly_key(r.key_data), decode_tap_origin(r.value));
            return;
        case out_redeem_script:
        case out_witness_script:
            no_key_data(r);
            break;
        case out_tap_tree:
            no_key_data(r);
            check_tap_tree(r.value);
            break;
        case out_amount:
        case out_script:
            fail("PSBTv2 field in a version 0 PSBT");
        default:
            break;
    }
    keep(out.unknown, r);
}

}  // namespace

Psbt parse_psbt(ByteView data) {
    if (data.size() > max_psbt_size) throw Error(Errc::too_large, "PSBT larger than the limit");
    WireReader in(data, Errc::bad_psbt);
    if (in.remaining() < sizeof magic || !std::equal(std::begin(magic), std::end(magic), data.begin()))
        fail("no PSBT magic");
    in.bytes(sizeof magic);

    Psbt psbt;
    std::optional<Transaction> tx;
    read_map(in, [&](const Record& r) { global_record(psbt, tx, r); });
    if (!tx) fail("no unsigned transaction");
    psbt.tx = std::move(*tx);

    psbt.inputs.resize(psbt.tx.inputs.size());
    for (PsbtInput& input : psbt.inputs) read_map(in, [&](const Record& r) { input_record(input, r); });
    psbt.outputs.resize(psbt.tx.outputs.size());
    for (PsbtOutput& output : psbt.outputs) read_map(in, [&](const Record& r) { output_record(output, r); });
    in.expect_end("the last output map");

    for (std::size_t i = 0; i < psbt.inputs.size(); ++i) spent_output(psbt, i);  // the UTXOs agree with the inputs
    return psbt;
}

}  // namespace flash::bitcoin
