#include "core/bitcoin/fee.hpp"

#include <cmath>

#include "core/bitcoin/wire.hpp"
#include "core/error.hpp"

namespace flash::bitcoin {
namespace {

constexpr std::size_t kInputBaseSize = 32 + 4 + 1 + 4;  // outpoint, empty scriptSig, sequence
constexpr std::uint64_t kDustRelaySatPerKvb = 3000;

}  // namespace

FeeRate FeeRate::from_sat_per_vb(double sat_per_vb) {
    if (!std::isfinite(sat_per_vb) || sat_per_vb < 0 ||
        sat_per_vb > static_cast<double>(max_fee_rate.sat_per_kvb) / 1000.0)
        throw Error(Errc::bad_argument, "fee rate must be 0.." + std::to_string(max_fee_rate.sat_per_kvb / 1000) + " sat/vB");
    // The rounding guard keeps 2.1 (binary 2.0999...) at 2100 rather than 2101.
    return FeeRate{static_cast<std::uint64_t>(std::ceil(sat_per_vb * 1000.0 - 1e-6))};
}

std::uint64_t FeeRate::fee(std::size_t vsize) const noexcept { return (sat_per_kvb * vsize + 999) / 1000; }

std::size_t signed_input_weight(ScriptType type) {
    switch (type) {
        // witness: item count, then <72-byte signature> <33-byte key>, each length-prefixed
        case ScriptType::p2wpkh: return 4 * kInputBaseSize + 1 + (1 + 72) + (1 + 33);
        // witness: item count, <64-byte signature>
        case ScriptType::p2tr: return 4 * kInputBaseSize + 1 + (1 + 64);
        default: throw Error(Errc::bad_argument, "only P2WPKH and P2TR inputs can be spent");
    }
}

std::size_t output_weight(ByteView script_pubkey) noexcept {
    return 4 * (8 + compact_size_length(script_pubkey.size()) + script_pubkey.size());
}

std::size_t transaction_overhead_weight(std::size_t inputs, std::size_t outputs, bool segwit) noexcept {
    return 4 * (4 + compact_size_length(inputs) + compact_size_length(outputs) + 4) + (segwit ? 2 : 0);
}

std::uint64_t dust_threshold(ByteView script_pubkey) noexcept {
    // Core (policy.cpp GetDustThreshold): the output plus the input that would spend it, with the
    // witness discounted: 32+4+1+(107/4)+4 = 67 bytes for witness programs, 148 otherwise.
    const ScriptType type = script_type(script_pubkey);
    if (type == ScriptType::op_return) return 0;
    const bool witness = type == ScriptType::p2wpkh || type == ScriptType::p2wsh || type == ScriptType::p2tr ||
                         type == ScriptType::witness_unknown;
    const std::size_t spend = witness ? 67 : 148;
    const std::size_t size = output_weight(script_pubkey) / 4 + spend;
    return kDustRelaySatPerKvb * size / 1000;
}

}  // namespace flash::bitcoin
