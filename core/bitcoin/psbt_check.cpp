#include "core/bitcoin/psbt_check.hpp"

#include "core/bitcoin/fee.hpp"
#include "core/bitcoin/psbt_ownership.hpp"
#include "core/bitcoin/script.hpp"
#include "core/bitcoin/wire.hpp"
#include "core/error.hpp"

namespace flash::bitcoin {
namespace {

[[noreturn]] void fail(const char* what, std::size_t index, const std::string& detail) {
    throw Error(Errc::bad_psbt, std::string(what) + " " + std::to_string(index) + ": " + detail);
}

// Weight of input `i` once signed: as finalized, or the largest signature of its kind.
std::size_t input_weight(const PsbtInput& in, const TxOut& spent, std::size_t i) {
    if (!in.is_finalized()) {
        const ScriptType type = script_type(spent.script_pubkey);
        if (type != ScriptType::p2wpkh && type != ScriptType::p2tr) fail("input", i, "neither P2WPKH nor P2TR");
        return signed_input_weight(type);
    }
    const Bytes script_sig = in.final_script_sig.value_or(Bytes{});
    std::size_t witness = 0;
    if (in.final_script_witness) {
        witness = compact_size_length(in.final_script_witness->size());
        for (const Bytes& item : *in.final_script_witness) witness += compact_size_length(item.size()) + item.size();
    }
    return 4 * (32 + 4 + compact_size_length(script_sig.size()) + script_sig.size() + 4) + witness;
}

}  // namespace

PsbtSummary check_psbt(const Psbt& psbt, const KeySource& source, keys::Network network) {
    PsbtSummary summary;
    std::size_t weight = transaction_overhead_weight(psbt.tx.inputs.size(), psbt.tx.outputs.size(), true);
    for (std::size_t i = 0; i < psbt.inputs.size(); ++i) {
        const auto spent = spent_output(psbt, i);
        if (!spent) fail("input", i, "the spent output is unknown (no UTXO record)");
        summary.input_total += spent->value;  // each at most max_money: no overflow before the check
        if (summary.input_total > max_money) throw Error(Errc::bad_psbt, "inputs sum above 21 million BTC");
        weight += input_weight(psbt.inputs[i], *spent, i);
        if (own_input_key(psbt.inputs[i], *spent, source)) {
            ++summary.own_inputs;
            summary.own_input_total += spent->value;
        }
    }

    std::uint64_t output_total = 0;
    for (std::size_t i = 0; i < psbt.outputs.size(); ++i) {
        const TxOut& output = psbt.tx.outputs[i];
        PsbtSummaryOutput line{output.value, output.script_pubkey, script_pubkey_to_address(output.script_pubkey, network), false};
        try {
            line.change = is_own_output(psbt.outputs[i], output, source);
        } catch (const Error& e) {
            fail("output", i, e.what());
        }
        (line.change ? summary.change : summary.sent) += output.value;
        output_total += output.value;
        if (output_total > summary.input_total) throw Error(Errc::bad_psbt, "the outputs spend more than the inputs");
        weight += output_weight(output.script_pubkey);
        summary.outputs.push_back(std::move(line));
    }

    summary.fee = summary.input_total - output_total;
    summary.vsize = vsize_of_weight(weight);
    summary.fee_rate = static_cast<double>(summary.fee) / static_cast<double>(summary.vsize);
    return summary;
}

}  // namespace flash::bitcoin
