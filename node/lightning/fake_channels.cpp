#include "node/lightning/fake_channels.hpp"

#include <algorithm>

#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::node::lightning {
namespace {

constexpr std::uint64_t msat_per_sat = 1000;

struct FakeChannel {
    const char* id;
    const char* peer_label;
    std::uint64_t capacity_sat;
    std::uint64_t opening_local_sat;
    bool active;
};

constexpr FakeChannel fake_channels[] = {
    {"fake-1", "flash fake peer 1", 10'000'000, 5'000'000, true},
    {"fake-2", "flash fake peer 2", 2'000'000, 1'500'000, false},
    {"fake-3", "flash fake peer 3", 4'000'000, 400'000, true},
};

/// A valid node id that no real node has: the key of SHA-256(label).
std::string fake_peer(const char* label) {
    const crypto::SecretKey key = crypto::secret_key_from(crypto::sha256(as_bytes(label)));
    return codec::hex_encode(crypto::public_key(key));
}

std::uint64_t flow(const std::map<std::string, std::uint64_t>& per_channel, const std::string& id) {
    const auto it = per_channel.find(id);
    return it == per_channel.end() ? 0 : it->second;
}

std::uint64_t local_msat(const FakeChannel& channel, const FakeFlows& flows) {
    const std::uint64_t capacity = channel.capacity_sat * msat_per_sat;
    std::uint64_t in =
        channel.opening_local_sat * msat_per_sat + std::min(flow(flows.rebalanced_in_msat, channel.id), capacity);
    std::uint64_t out = flow(flows.rebalanced_out_msat, channel.id);
    if (channel.id == std::string_view(fake_payment_channel)) {
        in += std::min(flows.received_msat, capacity);
        out += flows.sent_msat;
    }
    return std::min(capacity, in > out ? in - out : 0);
}

}  // namespace

std::uint64_t fake_local_msat(const std::string& channel_id, const FakeFlows& flows) {
    for (const FakeChannel& channel : fake_channels) {
        if (channel.id == channel_id) return local_msat(channel, flows);
    }
    return 0;
}

ChannelBalances fake_channel_balances(const FakeFlows& flows) {
    ChannelBalances out;
    for (const FakeChannel& channel : fake_channels) {
        const std::uint64_t local_sat = local_msat(channel, flows) / msat_per_sat;
        out.channels.push_back({channel.id, fake_peer(channel.peer_label), channel.capacity_sat, local_sat,
                                channel.capacity_sat - local_sat, channel.active});
    }
    // Like LND's channel balance: only active channels count.
    for (const Channel& channel : out.channels) {
        if (!channel.active) continue;
        out.local_sat += channel.local_sat;
        out.remote_sat += channel.remote_sat;
    }
    return out;
}

}  // namespace flash::node::lightning
