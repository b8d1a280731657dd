// NIP-29 relay side: what the relay knows about one group (metadata, flags, members and their
// roles, invite codes, the ids of the group's events) and the versions of its relay-signed state.
// Plain data with small queries; Groups decides who may change it.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/crypto/secp256k1.hpp"
#include "core/nostr/event.hpp"
#include "node/relay/group_tags.hpp"

namespace flash::node::relay {

/// The one role that carries privileges: it may use every moderation kind. Other role names are
/// kept and published (39001) but grant nothing.
inline constexpr const char* admin_role = "admin";

/// The most members a group may have: 39002 lists them all, one tag each, and clients parse
/// events with a limit of 2000 tags (nostr::EventLimits).
inline constexpr std::size_t max_group_members = 1000;

/// Members and their roles (empty = plain member).
using MemberRoles = std::map<crypto::XOnlyKey, std::vector<std::string>>;

bool has_admin_role(const std::vector<std::string>& roles);
std::size_t count_admins(const MemberRoles& members);

/// An invite code from a create-invite (9009). Single use: a join request that carries it
/// consumes it. Revoked when its issuer stops being an admin or when its 9009 is deleted.
struct GroupInvite {
    crypto::XOnlyKey issuer{};
    nostr::EventId event{};  ///< the 9009 that created it
    bool usable = true;      ///< false once used or revoked; the code is never issued again
};

struct GroupState {
    std::string id;
    std::optional<std::string> name, picture, about;
    bool is_private = false;  ///< only members read the group's events
    bool closed = false;      ///< joining needs an invite code
    bool restricted = false;  ///< only members write (always enforced here; published as a flag)
    bool hidden = false;      ///< only members read the group's state events

    MemberRoles members;  ///< role holders are members too
    std::map<std::string, GroupInvite> invites;  ///< by code
    /// Ids of the group's events that were accepted or loaded (and of deleted ones): a delete-event
    /// may only name these, a delete-group removes them, and a replayed one is a duplicate.
    std::set<nostr::EventId> events;
    std::int64_t last_notice_at = 0;  ///< created_at of the relay's last 9000/9001 notice


    bool is_member(const crypto::XOnlyKey& key) const { return members.count(key) != 0; }
    bool is_admin(const crypto::XOnlyKey& key) const;
    /// Applies the requested changes; true when something changed.
    bool apply(const MetadataEdit& edit);
    /// Marks the usable invites of `issuer` as revoked (it is no longer an admin).
    void revoke_invites_of(const crypto::XOnlyKey& issuer);
};

/// The current version of one relay-signed state event of a group.
struct StateVersion {
    std::int64_t created_at = 0;        ///< of the newest version ever published (kept after removal)
    std::optional<nostr::EventId> id;   ///< the version in the store, if any

    /// created_at for the next version: strictly after the last one, so that the store (newest
    /// wins, ties keep the lowest id) always keeps the new one.
    std::int64_t next_created_at(std::int64_t now_s) const noexcept {
        return now_s > created_at ? now_s : created_at + 1;
    }
};

/// 39000, 39001, 39002, 39003 in that order.
using StateVersions = std::array<StateVersion, 4>;

constexpr std::size_t state_index(std::uint16_t kind) noexcept {
    return static_cast<std::size_t>(kind - kind_group_metadata);
}

}  // namespace flash::node::relay
