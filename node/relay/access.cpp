#include "node/relay/access.hpp"

#include <algorithm>

#include "core/codec/hex.hpp"

namespace flash::node::relay {
namespace {

bool is_reader(std::span<const crypto::XOnlyKey> readers, const crypto::XOnlyKey& key) noexcept {
    return std::find(readers.begin(), readers.end(), key) != readers.end();
}

}  // namespace

bool is_private_kind(std::uint16_t kind) noexcept { return kind == 4 || kind == 1059; }

bool may_read_private(const nostr::Event& event, std::span<const crypto::XOnlyKey> readers) noexcept {
    if (!is_private_kind(event.kind)) return true;
    if (event.kind == 4 && is_reader(readers, event.pubkey)) return true;
    for (const crypto::XOnlyKey& reader : readers) {
        const std::string hex = codec::hex_encode(reader);
        for (const nostr::Tag& tag : event.tags) {
            if (tag.size() >= 2 && tag[0] == "p" && tag[1] == hex) return true;
        }
    }
    return false;
}

bool asks_for_private_kinds(const std::vector<nostr::Filter>& filters) noexcept {
    return std::any_of(filters.begin(), filters.end(), [](const nostr::Filter& f) {
        return f.kinds && std::any_of(f.kinds->begin(), f.kinds->end(), is_private_kind);
    });
}

}  // namespace flash::node::relay
