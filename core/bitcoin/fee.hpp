// Fee rates, and the sizes a wallet needs before it has signatures: the weight of a signed input of
// each kind we spend, of an output, of a transaction's fixed part, and the dust limit.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>

#include "core/bitcoin/script.hpp"
#include "core/bytes.hpp"

namespace flash::bitcoin {

/// Satoshis per 1000 virtual bytes (Bitcoin Core's unit), so fractional sat/vB stay exact.
struct FeeRate {
    std::uint64_t sat_per_kvb = 0;

    /// From sat/vB as fee estimators give it (e.g. 2.5), rounded up to a whole sat/kvB.
    /// Error(bad_argument) for a negative or non-finite rate, or one above max_fee_rate.
    static FeeRate from_sat_per_vb(double sat_per_vb);
    /// The fee for `vsize` virtual bytes, rounded up.
    std::uint64_t fee(std::size_t vsize) const noexcept;
    double sat_per_vb() const noexcept { return static_cast<double>(sat_per_kvb) / 1000.0; }
    auto operator<=>(const FeeRate&) const = default;
};

/// A guard against broken estimators: 10,000 sat/vB, far above any fee market seen.
inline constexpr FeeRate max_fee_rate{10'000'000};
/// Bitcoin Core's default minimum relay fee, 1 sat/vB.
inline constexpr FeeRate min_relay_fee_rate{1'000};

/// weight / 4, rounded up.
constexpr std::size_t vsize_of_weight(std::size_t weight) noexcept { return (weight + 3) / 4; }

/// Weight of an input spending `type` once signed: P2WPKH 272 (a 72-byte signature, the largest
/// low-S DER one), P2TR key path 230 (a 64-byte SIGHASH_DEFAULT signature). Error(bad_argument)
/// for types this wallet does not spend.
std::size_t signed_input_weight(ScriptType type);

/// Weight of an output paying to `script_pubkey`.
std::size_t output_weight(ByteView script_pubkey) noexcept;

/// Weight of version, locktime, the two counts and (segwit) the marker and flag.
std::size_t transaction_overhead_weight(std::size_t inputs, std::size_t outputs, bool segwit) noexcept;

/// Bitcoin Core's dust threshold at its 3 sat/vB dust relay fee: outputs below it are not relayed
/// (294 sat for P2WPKH, 330 for P2TR, 546 for P2PKH).
std::uint64_t dust_threshold(ByteView script_pubkey) noexcept;

}  // namespace flash::bitcoin
