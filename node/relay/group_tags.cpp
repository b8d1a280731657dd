// NIP-29 relay side: reading the tags of user-sent group events.
#include "node/relay/group_tags.hpp"

#include <algorithm>

#include "core/codec/hex.hpp"
#include "core/error.hpp"

namespace flash::node::relay {
namespace {

constexpr std::size_t max_role_bytes = 64;
constexpr std::size_t max_code_bytes = 128;

[[noreturn]] void refuse(const std::string& reason) { throw GroupRefusal(reason); }

/// 2*N lower-case hex digits (NIP-01 writes hex in lower case; upper case is refused, not fixed).
template <std::size_t N>
std::optional<ByteArray<N>> lower_hex(const std::string& text) {
    if (text.size() != 2 * N) return std::nullopt;
    if (!std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }))
        return std::nullopt;
    return codec::hex_decode_array<N>(text);
}

/// Adds a flag pair's setting: `on` and `off` are the tag names, both present is a contradiction.
void read_flag(const nostr::Event& event, const char* on, const char* off, std::optional<bool>& out) {
    bool seen_on = false, seen_off = false;
    for (const nostr::Tag& tag : event.tags) {
        if (tag.empty()) continue;
        if (tag[0] == on) seen_on = true;
        if (tag[0] == off) seen_off = true;
    }
    if (seen_on && seen_off) refuse(std::string("invalid: both ") + on + " and " + off);
    if (seen_on) out = true;
    if (seen_off) out = false;
}

void read_field(const nostr::Event& event, const char* name, std::optional<std::string>& out) {
    for (const nostr::Tag& tag : event.tags) {
        if (tag.empty() || tag[0] != name) continue;
        if (tag.size() < 2) refuse(std::string("invalid: ") + name + " tag without a value");
        if (!out) out = tag[1];  // the first one counts, as the client's parser reads it
    }
}

}  // namespace

bool valid_group_id(std::string_view id) noexcept {
    if (id.empty() || id.size() > 64) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

std::optional<std::string> group_id_of(const nostr::Event& event) {
    std::optional<std::string> group;
    for (const nostr::Tag& tag : event.tags) {
        if (tag.empty() || tag[0] != "h") continue;
        if (tag.size() < 2 || tag[1].empty()) refuse("invalid: h tag without a group id");
        // Two groups in one event would let a post pass one group's check and land in the other.
        if (group && *group != tag[1]) refuse("invalid: h tags name more than one group");
        group = tag[1];
    }
    return group;
}

std::vector<UserTarget> user_targets(const nostr::Event& event) {
    std::vector<UserTarget> out;
    for (const nostr::Tag& tag : event.tags) {
        if (tag.empty() || tag[0] != "p") continue;
        if (tag.size() < 2) refuse("invalid: p tag without a pubkey");
        const auto bytes = lower_hex<32>(tag[1]);
        if (!bytes) refuse("invalid: p tag pubkey is not 64 lower-case hex characters");
        UserTarget target;
        try {
            target.pubkey = crypto::parse_xonly_key(*bytes);
        } catch (const Error&) {
            refuse("invalid: p tag pubkey is not a valid public key");
        }
        for (std::size_t i = 2; i < tag.size(); ++i) {
            const std::string& role = tag[i];
            if (role.empty() || role.size() > max_role_bytes) refuse("invalid: role names are 1 to 64 bytes");
            if (std::find(target.roles.begin(), target.roles.end(), role) == target.roles.end())
                target.roles.push_back(role);
        }
        out.push_back(std::move(target));
    }
    if (out.empty()) refuse("invalid: missing p tag");
    return out;
}

std::vector<nostr::EventId> event_targets(const nostr::Event& event) {
    std::vector<nostr::EventId> out;
    for (const nostr::Tag& tag : event.tags) {
        if (tag.empty() || tag[0] != "e") continue;
        if (tag.size() < 2) refuse("invalid: e tag without an event id");
        const auto id = lower_hex<32>(tag[1]);
        if (!id) refuse("invalid: e tag event id is not 64 lower-case hex characters");
        out.push_back(*id);
    }
    if (out.empty()) refuse("invalid: missing e tag");
    return out;
}

std::vector<std::string> invite_codes(const nostr::Event& event) {
    std::vector<std::string> out;
    for (const nostr::Tag& tag : event.tags) {
        if (tag.empty() || tag[0] != "code") continue;
        if (tag.size() < 2 || tag[1].empty() || tag[1].size() > max_code_bytes)
            refuse("invalid: code tag needs a value of 1 to 128 bytes");
        out.push_back(tag[1]);
    }
    return out;
}

MetadataEdit metadata_edit(const nostr::Event& event) {
    MetadataEdit edit;
    read_field(event, "name", edit.name);
    read_field(event, "picture", edit.picture);
    read_field(event, "about", edit.about);
    read_flag(event, "private", "public", edit.is_private);
    read_flag(event, "closed", "open", edit.closed);
    read_flag(event, "restricted", "unrestricted", edit.restricted);
    read_flag(event, "hidden", "visible", edit.hidden);
    return edit;
}

}  // namespace flash::node::relay
