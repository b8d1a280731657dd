// NIP-29 relay side: the unsigned events the relay publishes about a group. The caller sets
// created_at and signs them with the relay key; nostr::groups::parse_group_* read them back.
#pragma once

#include <cstdint>

#include "core/nostr/event.hpp"
#include "node/relay/group_state.hpp"

namespace flash::node::relay {

/// The state event of `kind` (39000 metadata, 39001 admins, 39002 members, 39003 roles) for
/// `group`, with ["d", id]. 39000 carries name/picture/about when set, private|public, closed|open
/// (the opposite tags help clients of older NIP-29 drafts), and restricted/hidden when set.
/// 39001 lists every member holding a role, with the roles; 39002 every member; 39003 the roles
/// this relay understands. Precondition: is_state_kind(kind).
nostr::UnsignedEvent group_state_event(const GroupState& group, std::uint16_t kind);

/// The relay's own put-user (9000) or remove-user (9001) after a join or leave request, with the
/// "h" and "p" tags: NIP-29 clients read the latest of these to learn whether they are members.
nostr::UnsignedEvent membership_notice(const std::string& group_id, const crypto::XOnlyKey& user, bool added);

}  // namespace flash::node::relay
