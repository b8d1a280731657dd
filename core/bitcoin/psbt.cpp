#include "core/bitcoin/psbt.hpp"

#include <algorithm>
#include <utility>

#include "core/bitcoin/psbt_fields.hpp"
#include "core/codec/base64.hpp"
#include "core/error.hpp"

namespace flash::bitcoin {
namespace {

using namespace psbt_field;

// One map's records before they are sorted and written.
class MapWriter {
public:
    void add(std::uint8_t type, ByteView key_data, Bytes value) {
        Bytes key{type};
        key.insert(key.end(), key_data.begin(), key_data.end());
        records_.emplace(std::move(key), std::move(value));
    }
    void add(std::uint8_t type, Bytes value) { add(type, {}, std::move(value)); }
    void add_unknown(const PsbtRecords& records) { records_.insert(records.begin(), records.end()); }
    template <typename Key>
    void add_origins(std::uint8_t type, const std::map<Key, KeyOrigin>& origins) {
        for (const auto& entry : origins) add(type, entry.first, encode_origin(entry.second));
    }
    template <typename Key>
    void add_tap_origins(std::uint8_t type, const std::map<Key, TapKeyOrigin>& origins) {
        for (const auto& entry : origins) add(type, entry.first, encode_tap_origin(entry.second));
    }
    // Records in key order (std::map), then the 0x00 separator.
    void write(Bytes& out) const {
        for (const auto& record : records_) {
            write_var_bytes(out, record.first);
            write_var_bytes(out, record.second);
        }
        out.push_back(0x00);
    }

private:
    PsbtRecords records_;
};

Bytes u32_value(std::uint32_t value) {
    Bytes out;
    write_u32(out, value);
    return out;
}

Bytes txout_value(const TxOut& output) {
    Bytes out;
    write_txout(out, output);
    return out;
}

void write_input(Bytes& out, const PsbtInput& in) {
    MapWriter map;
    if (in.non_witness_utxo) map.add(in_non_witness_utxo, serialize_transaction(*in.non_witness_utxo));
    if (in.witness_utxo) map.add(in_witness_utxo, txout_value(*in.witness_utxo));
    for (const auto& [key, signature] : in.partial_sigs) map.add(in_partial_sig, key, signature);
    if (in.sighash_type) map.add(in_sighash_type, u32_value(*in.sighash_type));
    map.add_origins(in_bip32_derivation, in.bip32_derivation);
    if (in.final_script_sig) map.add(in_final_script_sig, *in.final_script_sig);
    if (in.final_script_witness) map.add(in_final_script_witness, encode_witness(*in.final_script_witness));
    if (in.tap_key_sig) map.add(in_tap_key_sig, *in.tap_key_sig);
    map.add_tap_origins(in_tap_bip32_derivation, in.tap_bip32_derivation);
    if (in.tap_internal_key) map.add(in_tap_internal_key, Bytes(in.tap_internal_key->begin(), in.tap_internal_key->end()));
    if (in.tap_merkle_root) map.add(in_tap_merkle_root, Bytes(in.tap_merkle_root->begin(), in.tap_merkle_root->end()));
    map.add_unknown(in.unknown);
    map.write(out);
}

void write_output(Bytes& out, const PsbtOutput& output) {
    MapWriter map;
    map.add_origins(out_bip32_derivation, output.bip32_derivation);
    if (output.tap_internal_key)
        map.add(out_tap_internal_key, Bytes(output.tap_internal_key->begin(), output.tap_internal_key->end()));
    map.add_tap_origins(out_tap_bip32_derivation, output.tap_bip32_derivation);
    map.add_unknown(output.unknown);
    map.write(out);
}

}  // namespace

Psbt create_psbt(Transaction unsigned_tx) {
    for (const TxIn& in : unsigned_tx.inputs)
        if (!in.script_sig.empty() || !in.witness.empty())
            throw Error(Errc::bad_psbt, "the unsigned transaction has a scriptSig or witness");
    Psbt psbt;
    psbt.inputs.resize(unsigned_tx.inputs.size());
    psbt.outputs.resize(unsigned_tx.outputs.size());
    psbt.tx = std::move(unsigned_tx);
    return psbt;
}

Bytes serialize_psbt(const Psbt& psbt) {
    if (psbt.inputs.size() != psbt.tx.inputs.size() || psbt.outputs.size() != psbt.tx.outputs.size())
        throw Error(Errc::bad_psbt, "one input map per input and one output map per output are needed");
    Bytes out(std::begin(magic), std::end(magic));
    MapWriter global;
    global.add(global_unsigned_tx, serialize_transaction(psbt.tx, false));
    if (psbt.version) global.add(global_version, u32_value(*psbt.version));
    global.add_unknown(psbt.unknown);
    global.write(out);
    for (const PsbtInput& in : psbt.inputs) write_input(out, in);
    for (const PsbtOutput& output : psbt.outputs) write_output(out, output);
    return out;
}

std::string psbt_to_base64(const Psbt& psbt) { return codec::base64_encode(serialize_psbt(psbt)); }

Psbt parse_psbt_base64(std::string_view text) {
    // Base64 of max_psbt_size bytes, checked before decoding so the decoder never allocates more.
    if (text.size() > (max_psbt_size + 2) / 3 * 4) throw Error(Errc::too_large, "PSBT larger than the limit");
    return parse_psbt(codec::base64_decode(text));
}

std::optional<TxOut> spent_output(const Psbt& psbt, std::size_t index) {
    const PsbtInput& in = psbt.inputs.at(index);
    const OutPoint& prevout = psbt.tx.inputs.at(index).prevout;
    std::optional<TxOut> from_tx;
    if (in.non_witness_utxo) {
        if (txid(*in.non_witness_utxo) != prevout.txid || prevout.vout >= in.non_witness_utxo->outputs.size())
            throw Error(Errc::bad_psbt, "input " + std::to_string(index) + ": non-witness UTXO is not the spent transaction");
        from_tx = in.non_witness_utxo->outputs[prevout.vout];
    }
    if (in.witness_utxo && from_tx && *in.witness_utxo != *from_tx)
        throw Error(Errc::bad_psbt, "input " + std::to_string(index) + ": witness UTXO contradicts the non-witness UTXO");
    return in.witness_utxo ? in.witness_utxo : from_tx;
}

}  // namespace flash::bitcoin
