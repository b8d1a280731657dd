// NIP-29 group events, client side.
#include "core/nostr/nip29.hpp"

#include <charconv>

#include "core/codec/hex.hpp"
#include "core/error.hpp"

namespace flash::nostr::groups {
namespace {

UnsignedEvent group_event(std::uint16_t kind, std::string_view group_id, std::int64_t now_s,
                          std::string_view content) {
    if (group_id.empty()) throw Error(Errc::bad_argument, "empty group id");
    UnsignedEvent event;
    event.created_at = now_s;
    event.kind = kind;
    event.content = std::string(content);
    event.tags.push_back({"h", std::string(group_id)});
    return event;
}

/// Checks kind, signer and signature; returns the group id ("d" tag).
std::string check_relay_event(const Event& event, std::uint16_t kind, const crypto::XOnlyKey& relay_pubkey) {
    if (event.kind != kind) throw Error(Errc::bad_event, "expected kind " + std::to_string(kind));
    if (event.pubkey != relay_pubkey) throw Error(Errc::bad_event, "group event not signed by the relay");
    if (!verify(event)) throw Error(Errc::bad_event, "group event id or signature does not verify");
    const std::string* d = first_tag_value(event.tags, "d");
    if (d == nullptr || d->empty()) throw Error(Errc::bad_event, "group event without a d tag");
    return *d;
}

std::optional<crypto::XOnlyKey> pubkey_of(const Tag& tag) {
    if (tag.size() < 2 || tag[0] != "p" || tag[1].size() != 64) return std::nullopt;
    try {
        return crypto::parse_xonly_key(codec::hex_decode_array<32>(tag[1]));
    } catch (const Error&) {
        return std::nullopt;
    }
}

std::optional<std::uint16_t> kind_number(const std::string& s) {
    std::uint16_t value = 0;
    const auto result = std::from_chars(s.data(), s.data() + s.size(), value);
    if (result.ec != std::errc{} || result.ptr != s.data() + s.size() || s.empty()) return std::nullopt;
    return value;
}

}  // namespace

UnsignedEvent make_join_request(std::string_view group_id, std::int64_t now_s,
                                std::optional<std::string_view> invite_code, std::string_view reason) {
    UnsignedEvent event = group_event(kind_join_request, group_id, now_s, reason);
    if (invite_code) event.tags.push_back({"code", std::string(*invite_code)});
    return event;
}

UnsignedEvent make_leave_request(std::string_view group_id, std::int64_t now_s, std::string_view reason) {
    return group_event(kind_leave_request, group_id, now_s, reason);
}

UnsignedEvent make_chat_message(std::string_view group_id, std::string_view text, std::int64_t now_s,
                                const std::vector<EventId>& previous) {
    UnsignedEvent event = group_event(kind_chat_message, group_id, now_s, text);
    if (!previous.empty()) {
        Tag tag{"previous"};
        for (const EventId& id : previous) tag.push_back(codec::hex_encode(id).substr(0, previous_ref_length));
        event.tags.push_back(std::move(tag));
    }
    return event;
}

std::optional<std::string> group_of(const UnsignedEvent& event) {
    const std::string* h = first_tag_value(event.tags, "h");
    if (h == nullptr || h->empty()) return std::nullopt;
    return *h;
}

GroupMetadata parse_group_metadata(const Event& event, const crypto::XOnlyKey& relay_pubkey) {
    GroupMetadata metadata;
    metadata.id = check_relay_event(event, kind_metadata, relay_pubkey);
    for (const Tag& tag : event.tags) {
        if (tag.empty()) continue;
        const std::string& name = tag[0];
        if (name == "private") metadata.is_private = true;
        else if (name == "closed") metadata.closed = true;
        else if (name == "restricted") metadata.restricted = true;
        else if (name == "hidden") metadata.hidden = true;
        else if (name == "supported_kinds") {
            metadata.supported_kinds.emplace();
            for (std::size_t i = 1; i < tag.size(); ++i)
                if (const auto kind = kind_number(tag[i])) metadata.supported_kinds->push_back(*kind);
        } else if (tag.size() >= 2) {
            if (name == "name" && !metadata.name) metadata.name = tag[1];
            else if (name == "picture" && !metadata.picture) metadata.picture = tag[1];
            else if (name == "about" && !metadata.about) metadata.about = tag[1];
            else if (name == "parent" && !metadata.parent && !tag[1].empty()) metadata.parent = tag[1];
        }
    }
    return metadata;
}

GroupAdmins parse_group_admins(const Event& event, const crypto::XOnlyKey& relay_pubkey) {
    GroupAdmins out{check_relay_event(event, kind_admins, relay_pubkey), {}};
    for (const Tag& tag : event.tags) {
        const auto key = pubkey_of(tag);
        if (!key) continue;
        out.admins.push_back({*key, std::vector<std::string>(tag.begin() + 2, tag.end())});
    }
    return out;
}

GroupMembers parse_group_members(const Event& event, const crypto::XOnlyKey& relay_pubkey) {
    GroupMembers out{check_relay_event(event, kind_members, relay_pubkey), {}};
    for (const Tag& tag : event.tags)
        if (const auto key = pubkey_of(tag)) out.members.push_back(*key);
    return out;
}

}  // namespace flash::nostr::groups
