#include "node/lightning/fake_channels.hpp"

#include <algorithm>

#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::node::lightning {
namespace {

constexpr std::uint64_t msat_per_sat = 1000;
constexpr std::uint64_t active_capacity_sat = 10'000'000;
constexpr std::uint64_t active_opening_local_sat = 5'000'000;

/// A valid node id that no real node has: the key of SHA-256(label).
std::string fake_peer(const char* label) {
    const crypto::SecretKey key = crypto::secret_key_from(crypto::sha256(as_bytes(label)));
    return codec::hex_encode(crypto::public_key(key));
}

}  // namespace

std::uint64_t fake_local_msat(std::uint64_t received_msat, std::uint64_t sent_msat) {
    const std::uint64_t capacity = active_capacity_sat * msat_per_sat;
    const std::uint64_t in = active_opening_local_sat * msat_per_sat + std::min(received_msat, capacity);
    return std::min(capacity, in > sent_msat ? in - sent_msat : 0);
}

ChannelBalances fake_channel_balances(std::uint64_t received_msat, std::uint64_t sent_msat) {
    const std::uint64_t local_sat = fake_local_msat(received_msat, sent_msat) / msat_per_sat;
    ChannelBalances out;
    out.channels.push_back({"fake-1", fake_peer("flash fake peer 1"), active_capacity_sat, local_sat,
                            active_capacity_sat - local_sat, true});
    out.channels.push_back({"fake-2", fake_peer("flash fake peer 2"), 2'000'000, 1'500'000, 500'000, false});
    // Like LND's channel balance: only active channels count.
    for (const Channel& channel : out.channels) {
        if (!channel.active) continue;
        out.local_sat += channel.local_sat;
        out.remote_sat += channel.remote_sat;
    }
    return out;
}

}  // namespace flash::node::lightning
