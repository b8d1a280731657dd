// NIP-29 relay side: building the relay-published group events.
#include "node/relay/group_publish.hpp"

#include "core/codec/hex.hpp"

namespace flash::node::relay {
namespace {

nostr::UnsignedEvent metadata(const GroupState& group) {
    nostr::UnsignedEvent event;
    event.kind = kind_group_metadata;
    event.tags.push_back({"d", group.id});
    if (group.name) event.tags.push_back({"name", *group.name});
    if (group.picture) event.tags.push_back({"picture", *group.picture});
    if (group.about) event.tags.push_back({"about", *group.about});
    event.tags.push_back({group.is_private ? "private" : "public"});
    event.tags.push_back({group.closed ? "closed" : "open"});
    if (group.restricted) event.tags.push_back({"restricted"});
    if (group.hidden) event.tags.push_back({"hidden"});
    return event;
}

nostr::UnsignedEvent admins(const GroupState& group) {
    nostr::UnsignedEvent event;
    event.kind = kind_group_admins;
    event.tags.push_back({"d", group.id});
    for (const auto& [key, roles] : group.members) {
        if (roles.empty()) continue;
        nostr::Tag tag{"p", codec::hex_encode(key)};
        tag.insert(tag.end(), roles.begin(), roles.end());
        event.tags.push_back(std::move(tag));
    }
    return event;
}

nostr::UnsignedEvent members(const GroupState& group) {
    nostr::UnsignedEvent event;
    event.kind = kind_group_members;
    event.tags.push_back({"d", group.id});
    for (const auto& member : group.members) event.tags.push_back({"p", codec::hex_encode(member.first)});
    return event;
}

nostr::UnsignedEvent roles(const GroupState& group) {
    nostr::UnsignedEvent event;
    event.kind = kind_group_roles;
    event.tags.push_back({"d", group.id});
    event.tags.push_back(
        {"role", admin_role, "edits metadata, adds and removes members, deletes events, creates invites"});
    return event;
}

}  // namespace

nostr::UnsignedEvent group_state_event(const GroupState& group, std::uint16_t kind) {
    switch (kind) {
        case kind_group_metadata: return metadata(group);
        case kind_group_admins: return admins(group);
        case kind_group_members: return members(group);
        default: return roles(group);
    }
}

nostr::UnsignedEvent membership_notice(const std::string& group_id, const crypto::XOnlyKey& user, bool added) {
    nostr::UnsignedEvent event;
    event.kind = added ? kind_put_user : kind_remove_user;
    event.tags.push_back({"h", group_id});
    event.tags.push_back({"p", codec::hex_encode(user)});
    return event;
}

}  // namespace flash::node::relay
