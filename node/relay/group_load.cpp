// NIP-29 relay side: rebuilding the groups from the store at start.
#include <set>
#include <utility>

#include "core/error.hpp"
#include "core/nostr/nip29.hpp"
#include "node/relay/groups.hpp"

namespace flash::node::relay {
namespace {

/// The store's rule for addressable events: newer wins, a tie keeps the lowest id.
bool replaces(const nostr::Event& candidate, const nostr::Event& current) {
    if (candidate.created_at != current.created_at) return candidate.created_at > current.created_at;
    return candidate.id < current.id;
}

std::optional<std::string> group_id_or_none(const nostr::Event& event) {
    try {
        return group_id_of(event);
    } catch (const GroupRefusal&) {
        return std::nullopt;
    }
}

/// What `read` returns, or an empty value when it throws: load() skips what it cannot read.
template <typename F>
auto or_empty(F read) -> decltype(read()) {
    try {
        return read();
    } catch (const GroupRefusal&) {
        return {};
    } catch (const Error&) {
        return {};
    }
}

}  // namespace

void Groups::load(std::span<const nostr::Event> stored) {
    groups_.clear();
    versions_.clear();

    // The newest verified relay-signed version of each state kind per group.
    std::map<std::pair<std::string, std::size_t>, const nostr::Event*> newest;
    for (const nostr::Event& event : stored) {
        if (!is_state_kind(event.kind) || event.pubkey != relay_pubkey_) continue;
        const std::string* d = nostr::first_tag_value(event.tags, "d");
        if (d == nullptr || !valid_group_id(*d) || !nostr::verify(event)) continue;
        const nostr::Event*& slot = newest[{*d, state_index(event.kind)}];
        if (slot == nullptr || replaces(event, *slot)) slot = &event;
    }
    for (const auto& [key, event] : newest) versions_[key.first][key.second] = {event->created_at, event->id};

    // A group exists while its metadata does; the client's parsers read our own format back.
    namespace nip29 = nostr::groups;
    for (const auto& [key, event] : newest) {
        if (key.second != state_index(kind_group_metadata)) continue;
        const auto metadata = or_empty([&] {
            return std::optional<nip29::GroupMetadata>(nip29::parse_group_metadata(*event, relay_pubkey_));
        });
        if (!metadata) continue;
        GroupState& group = groups_[key.first];
        group.id = key.first;
        group.name = metadata->name;
        group.picture = metadata->picture;
        group.about = metadata->about;
        group.is_private = metadata->is_private;
        group.closed = metadata->closed;
        group.restricted = metadata->restricted;
        group.hidden = metadata->hidden;
    }
    for (const auto& [key, event] : newest) {
        const auto it = groups_.find(key.first);
        if (it == groups_.end()) continue;
        if (key.second == state_index(kind_group_admins)) {
            const auto admins = or_empty([&] { return nip29::parse_group_admins(*event, relay_pubkey_).admins; });
            for (const nip29::GroupAdmin& admin : admins)
                it->second.members[admin.pubkey] = admin.roles;
        } else if (key.second == state_index(kind_group_members)) {
            const auto members = or_empty([&] { return nip29::parse_group_members(*event, relay_pubkey_).members; });
            for (const crypto::XOnlyKey& member : members)
                it->second.members.emplace(member, std::vector<std::string>{});
        }
    }
    load_group_events(stored);
}

void Groups::load_group_events(std::span<const nostr::Event> stored) {
    // Three independent passes, so that the order of `stored` does not matter: every stored join
    // request spends its codes, whenever its 9009 was signed.
    std::set<std::pair<std::string, std::string>> used_codes;  // (group, code)
    std::set<nostr::EventId> deleted;
    std::vector<std::pair<GroupState*, const nostr::Event*>> invites;
    for (const nostr::Event& event : stored) {
        if (is_state_kind(event.kind)) continue;
        const std::optional<std::string> id = group_id_or_none(event);
        if (!id) continue;
        const auto it = groups_.find(*id);
        if (it == groups_.end()) continue;
        GroupState& group = it->second;
        group.events.insert(event.id);
        if (event.kind == kind_delete_event) {
            for (const nostr::EventId& target : or_empty([&] { return event_targets(event); })) {
                group.events.insert(target);  // a replay of a deleted event stays a duplicate
                deleted.insert(target);
            }
        } else if (event.kind == kind_join) {
            for (const std::string& code : or_empty([&] { return invite_codes(event); }))
                used_codes.emplace(*id, code);
        } else if (event.kind == kind_create_invite) {
            invites.emplace_back(&group, &event);
        }
    }
    for (const auto& [group, event] : invites) {
        // Only a current admin's codes still work, as a live demotion revokes them.
        const bool live = group->is_admin(event->pubkey) && deleted.count(event->id) == 0;
        for (const std::string& code : or_empty([&] { return invite_codes(*event); })) {
            if (group->invites.count(code) != 0) continue;
            group->invites[code] =
                GroupInvite{event->pubkey, event->id, live && used_codes.count({group->id, code}) == 0};
        }
    }
}

}  // namespace flash::node::relay
