// NIP-29 relay side: deciding on group events and publishing the group state.
#include "node/relay/groups.hpp"

#include <algorithm>

#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "node/relay/group_publish.hpp"
#include "node/relay/group_tags.hpp"

namespace flash::node::relay {
namespace {

// Management events (9000-9022) change membership; one replayed long after it was signed (a
// join request after a leave) must not act again, even if the store lost track of its id.
constexpr std::int64_t management_max_age_s = 3600;
constexpr std::int64_t management_max_ahead_s = 900;

[[noreturn]] void refuse(const std::string& reason) { throw GroupRefusal(reason); }

bool is_management_kind(std::uint16_t kind) noexcept { return kind >= kind_put_user && kind <= kind_leave; }

GroupDecision refused(std::string reason) {
    GroupDecision out;
    out.accepted = false;
    out.reason = std::move(reason);
    return out;
}

/// Members holding a role: what 39001 lists.
MemberRoles role_holders(const MemberRoles& members) {
    MemberRoles out;
    for (const auto& [key, roles] : members)
        if (!roles.empty()) out.emplace(key, roles);
    return out;
}

bool same_keys(const MemberRoles& a, const MemberRoles& b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](const auto& x, const auto& y) { return x.first == y.first; });
}

bool any_of_readers(std::span<const crypto::XOnlyKey> readers, const auto& predicate) {
    return std::any_of(readers.begin(), readers.end(), predicate);
}

}  // namespace

Groups::Groups(const crypto::SecretKey& relay_key)
    : relay_key_(relay_key), relay_pubkey_(crypto::xonly_public_key(relay_key).key) {}

bool Groups::is_group_event(const nostr::Event& event) noexcept {
    if (is_management_kind(event.kind) || is_state_kind(event.kind)) return true;
    return std::any_of(event.tags.begin(), event.tags.end(),
                       [](const nostr::Tag& tag) { return !tag.empty() && tag[0] == "h"; });
}

GroupDecision Groups::on_event(const nostr::Event& event, std::int64_t now_s) {
    GroupDecision out;
    try {
        // Even the relay's own state events: a replayed old version must not come back.
        if (is_state_kind(event.kind)) refuse("restricted: only the relay signs group state");
        const std::optional<std::string> id = group_id_of(event);
        if (!id) refuse("invalid: missing h tag");
        if (is_management_kind(event.kind) &&
            (event.created_at < now_s - management_max_age_s || event.created_at > now_s + management_max_ahead_s))
            refuse("invalid: created_at is too far from the relay's clock");

        if (event.kind == kind_create_group) {
            create_group(event, *id, now_s, out);
            return out;
        }
        const auto it = groups_.find(*id);
        if (it == groups_.end()) refuse("invalid: unknown group");
        GroupState& group = it->second;
        if (group.events.count(event.id) != 0) refuse("duplicate: this group already has this event");

        if (event.kind == kind_join) join(group, event, now_s, out);
        else if (event.kind == kind_leave) leave(group, event, now_s, out);
        else if (is_management_kind(event.kind)) moderate(group, event, now_s, out);
        else if (!group.is_member(event.pubkey)) refuse("restricted: not a member of this group");

        // Ephemeral events are never stored: nothing to delete or replay later.
        const auto still = groups_.find(*id);  // a delete-group erased it
        if (still != groups_.end() && nostr::classify(event.kind) != nostr::KindClass::ephemeral)
            still->second.events.insert(event.id);
    } catch (const GroupRefusal& refusal) {
        return refused(refusal.what());
    } catch (const Error& error) {
        return refused(std::string("error: ") + error.what());
    }
    return out;
}

void Groups::create_group(const nostr::Event& event, const std::string& id, std::int64_t now_s,
                          GroupDecision& out) {
    if (!valid_group_id(id)) refuse("invalid: a group id is 1 to 64 characters of a-z, 0-9, - and _");
    if (groups_.count(id) != 0) refuse("duplicate: group already exists");
    GroupState group;
    group.id = id;
    group.apply(metadata_edit(event));  // a 9007 may carry the first metadata
    group.members[event.pubkey] = {admin_role};
    group.events.insert(event.id);
    const GroupState& created = groups_.emplace(id, std::move(group)).first->second;
    for (std::uint16_t kind = kind_group_metadata; kind <= kind_group_roles; ++kind)
        publish_state(created, kind, now_s, out);
}

void Groups::moderate(GroupState& group, const nostr::Event& event, std::int64_t now_s, GroupDecision& out) {
    switch (event.kind) {
        case kind_put_user: case kind_remove_user: case kind_edit_metadata: case kind_delete_event:
        case kind_delete_group: case kind_create_invite: break;
        default: refuse("invalid: unsupported moderation kind " + std::to_string(event.kind));
    }
    if (!group.is_admin(event.pubkey)) refuse("restricted: only an admin of this group may do that");

    switch (event.kind) {
        case kind_put_user: put_users(group, event, now_s, out); return;
        case kind_remove_user: {
            std::vector<crypto::XOnlyKey> users;
            for (const UserTarget& target : user_targets(event)) users.push_back(target.pubkey);
            remove_users(group, users, now_s, out);
            return;
        }
        case kind_edit_metadata: {
            const MetadataEdit edit = metadata_edit(event);
            if (edit.empty()) refuse("invalid: edit-metadata without a metadata tag");
            if (group.apply(edit)) publish_state(group, kind_group_metadata, now_s, out);
            return;
        }
        case kind_delete_event: {
            const std::vector<nostr::EventId> targets = event_targets(event);
            // Only the group's own events: a group admin is nobody elsewhere on the relay.
            for (const nostr::EventId& target : targets)
                if (group.events.count(target) == 0)
                    refuse("invalid: event " + codec::hex_encode(target) + " is not in this group");
            for (const nostr::EventId& target : targets) {
                if (std::find(out.remove.begin(), out.remove.end(), target) == out.remove.end())
                    out.remove.push_back(target);
                for (auto& entry : group.invites)
                    if (entry.second.event == target) entry.second.usable = false;
            }
            return;
        }
        case kind_delete_group: delete_group(std::string(group.id), out); return;
        default: {  // create-invite
            std::vector<std::string> codes = invite_codes(event);
            if (codes.empty()) refuse("invalid: missing code tag");
            std::sort(codes.begin(), codes.end());
            codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
            for (const std::string& code : codes)
                if (group.invites.count(code) != 0) refuse("duplicate: invite code already issued");
            for (const std::string& code : codes) group.invites[code] = GroupInvite{event.pubkey, event.id, true};
            return;
        }
    }
}

void Groups::put_users(GroupState& group, const nostr::Event& event, std::int64_t now_s, GroupDecision& out) {
    MemberRoles next = group.members;
    // NIP-29: a put-user for a member just sets the roles it lists (none = plain member).
    for (const UserTarget& target : user_targets(event)) next[target.pubkey] = target.roles;
    if (next.size() > max_group_members) refuse("restricted: the group is full");
    if (count_admins(next) == 0) refuse("restricted: a group needs at least one admin");

    for (const auto& [key, roles] : group.members)
        if (has_admin_role(roles) && !has_admin_role(next[key])) group.revoke_invites_of(key);
    const bool members_changed = !same_keys(group.members, next);
    const bool admins_changed = role_holders(group.members) != role_holders(next);
    group.members = std::move(next);
    if (admins_changed) publish_state(group, kind_group_admins, now_s, out);
    if (members_changed) publish_state(group, kind_group_members, now_s, out);
}

void Groups::remove_users(GroupState& group, const std::vector<crypto::XOnlyKey>& users, std::int64_t now_s,
                          GroupDecision& out) {
    MemberRoles next = group.members;
    for (const crypto::XOnlyKey& user : users) next.erase(user);
    if (next.size() == group.members.size()) return;  // nobody to remove: nothing changes
    if (count_admins(next) == 0) refuse("restricted: a group needs at least one admin");

    for (const crypto::XOnlyKey& user : users) group.revoke_invites_of(user);
    const bool admins_changed = role_holders(group.members) != role_holders(next);
    group.members = std::move(next);
    if (admins_changed) publish_state(group, kind_group_admins, now_s, out);
    publish_state(group, kind_group_members, now_s, out);
}

void Groups::delete_group(const std::string& id, GroupDecision& out) {
    const auto it = groups_.find(id);
    out.remove.assign(it->second.events.begin(), it->second.events.end());
    for (StateVersion& version : versions_[id]) {
        if (version.id) out.remove.push_back(*version.id);
        version.id.reset();  // created_at stays: a re-created group's state must still be newer
    }
    groups_.erase(it);
}

void Groups::join(GroupState& group, const nostr::Event& event, std::int64_t now_s, GroupDecision& out) {
    if (group.is_member(event.pubkey)) refuse("duplicate: already a member");
    const std::vector<std::string> codes = invite_codes(event);
    const bool invited = std::any_of(codes.begin(), codes.end(), [&](const std::string& code) {
        const auto it = group.invites.find(code);
        return it != group.invites.end() && it->second.usable;
    });
    if (group.closed && !invited)
        refuse(codes.empty() ? "restricted: this group is closed; joining needs an invite code"
                             : "restricted: the invite code is unknown or already used");
    if (group.members.size() >= max_group_members) refuse("restricted: the group is full");

    // Every code the accepted request carries is spent, even in an open group: load() can then
    // tell the used codes from the stored join requests alone.
    for (const std::string& code : codes)
        if (const auto it = group.invites.find(code); it != group.invites.end()) it->second.usable = false;
    group.members[event.pubkey] = {};
    publish_state(group, kind_group_members, now_s, out);
    publish_notice(group, event.pubkey, true, now_s, out);
}

void Groups::leave(GroupState& group, const nostr::Event& event, std::int64_t now_s, GroupDecision& out) {
    const auto it = group.members.find(event.pubkey);
    if (it == group.members.end()) refuse("duplicate: not a member of this group");
    if (has_admin_role(it->second) && count_admins(group.members) == 1)
        refuse("restricted: the last admin cannot leave; name another admin or delete the group");

    const bool had_roles = !it->second.empty();
    group.members.erase(it);
    group.revoke_invites_of(event.pubkey);
    if (had_roles) publish_state(group, kind_group_admins, now_s, out);
    publish_state(group, kind_group_members, now_s, out);
    publish_notice(group, event.pubkey, false, now_s, out);
}

void Groups::publish_state(const GroupState& group, std::uint16_t kind, std::int64_t now_s, GroupDecision& out) {
    StateVersion& version = versions_[group.id][state_index(kind)];
    nostr::UnsignedEvent draft = group_state_event(group, kind);
    draft.created_at = version.next_created_at(now_s);
    nostr::Event event = nostr::sign(std::move(draft), relay_key_);
    version.created_at = event.created_at;
    version.id = event.id;
    out.publish.push_back(std::move(event));
}

void Groups::publish_notice(GroupState& group, const crypto::XOnlyKey& user, bool added, std::int64_t now_s,
                            GroupDecision& out) {
    nostr::UnsignedEvent draft = membership_notice(group.id, user, added);
    // Clients take the latest 9000/9001 as the answer: a quick join-leave must stay ordered.
    draft.created_at = now_s > group.last_notice_at ? now_s : group.last_notice_at + 1;
    group.last_notice_at = draft.created_at;
    nostr::Event event = nostr::sign(std::move(draft), relay_key_);
    group.events.insert(event.id);
    out.publish.push_back(std::move(event));
}

bool Groups::can_read(const nostr::Event& event, std::span<const crypto::XOnlyKey> readers) const {
    const auto member_reads = [&](const GroupState& group) {
        return any_of_readers(readers, [&](const crypto::XOnlyKey& key) { return group.is_member(key); });
    };
    if (is_state_kind(event.kind)) {
        const std::string* d = nostr::first_tag_value(event.tags, "d");
        if (d == nullptr) return true;
        const auto it = groups_.find(*d);
        return it == groups_.end() || !it->second.hidden || member_reads(it->second);
    }
    for (const nostr::Tag& tag : event.tags) {  // every "h" tag: a stored event may predate our checks
        if (tag.size() < 2 || tag[0] != "h") continue;
        const auto it = groups_.find(tag[1]);
        if (it == groups_.end()) continue;
        const GroupState& group = it->second;
        // A create-invite holds the code itself: only the admins, who could issue one anyway.
        if (event.kind == kind_create_invite &&
            !any_of_readers(readers, [&](const crypto::XOnlyKey& key) { return group.is_admin(key); }))
            return false;
        if (group.is_private && !member_reads(group)) return false;
        // A hidden group's moderation events carry its metadata and members too.
        if (group.hidden && is_management_kind(event.kind) && !member_reads(group)) return false;
    }
    return true;
}

}  // namespace flash::node::relay
