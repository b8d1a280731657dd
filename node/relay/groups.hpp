// NIP-29 relay-based groups, the relay's side: who may create, join, post to and moderate a group,
// and the group state (kinds 39000-39003) that the relay signs with its own key (NIP-11 "self").
//
// Sans-I/O: the relay hands every verified group event to on_event() and stores/broadcasts what
// the decision says. The state lives in memory and is rebuilt at start from the relay-signed
// events in the store (load()), so the store stays the one source of truth.
//
// Policy (where NIP-29 leaves a choice): anyone may create a group (9007) and becomes its "admin";
// only "admin" grants moderation (9000-9009); everyone must be a member to post; a join request
// (9021) to an open group is honoured at once, to a closed one only with an invite code, and each
// code works once. Not thread-safe: the relay's single writer owns the object.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "core/crypto/memory.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/nostr/event.hpp"
#include "node/relay/group_state.hpp"

namespace flash::node::relay {

/// The relay's answer to one group event.
struct GroupDecision {
    bool accepted = true;
    /// The OK message when refused, with a NIP-01 prefix ("restricted: not a member of this group").
    std::string reason;
    /// Relay-signed events to store and broadcast after the original: new 39000-39003 versions
    /// (each created_at strictly after the previous version of that kind and group) and, after a
    /// join or leave request, the relay's own 9000 put-user / 9001 remove-user.
    std::vector<nostr::Event> publish;
    /// Events to delete (the targets of an admin's 9005 delete-event, a deleted group's events).
    std::vector<nostr::EventId> remove;
};

class Groups {
public:
    /// `relay_key` signs the group state; `relay_url` is not needed here.
    explicit Groups(const crypto::SecretKey& relay_key);

    /// True for the events this class decides on: an "h" tag, or a group moderation/join/leave kind
    /// (9000-9022) or a relay-state kind (39000-39003).
    static bool is_group_event(const nostr::Event& event) noexcept;

    /// Rebuilds the state from stored events, in any order: groups, flags, metadata, admins and
    /// members from the newest relay-signed 39000-39002 per group (others, by any other key or
    /// not verifying, are ignored). Pass as well the stored events with an "h" tag: they keep the
    /// unused invite codes (9009 minus the codes of 9021s), let delete-event and delete-group reach
    /// events from before the restart, and make a replayed event a duplicate. Call once before
    /// serving; it replaces any state held.
    void load(std::span<const nostr::Event> stored);

    /// Decides on a verified group event (is_group_event() true) at `now_s` (unix seconds). An
    /// accepted event has already changed the state: store it, then apply `publish` and `remove`.
    /// A refused one changed nothing; its reason starts with "invalid:", "restricted:" or
    /// "duplicate:". Never throws for bad input.
    GroupDecision on_event(const nostr::Event& event, std::int64_t now_s);

    /// Whether an event may be served to a connection authenticated as `readers` (empty = not
    /// authenticated): events of a private group, and the state (39000-39003) and management
    /// events (9000-9022) of a hidden group, only to members; a create-invite (9009, it holds the
    /// code) only to the group's admins. Events of unknown groups and others are readable.
    bool can_read(const nostr::Event& event, std::span<const crypto::XOnlyKey> readers) const;

    const crypto::XOnlyKey& relay_pubkey() const noexcept { return relay_pubkey_; }

private:
    // One handler per kind family; each throws GroupRefusal before changing anything.
    void create_group(const nostr::Event& event, const std::string& id, std::int64_t now_s, GroupDecision& out);
    void moderate(GroupState& group, const nostr::Event& event, std::int64_t now_s, GroupDecision& out);
    void put_users(GroupState& group, const nostr::Event& event, std::int64_t now_s, GroupDecision& out);
    void remove_users(GroupState& group, const std::vector<crypto::XOnlyKey>& users, std::int64_t now_s,
                      GroupDecision& out);
    void delete_group(const std::string& id, GroupDecision& out);
    void join(GroupState& group, const nostr::Event& event, std::int64_t now_s, GroupDecision& out);
    void leave(GroupState& group, const nostr::Event& event, std::int64_t now_s, GroupDecision& out);
    /// Signs the next version of `group`'s state event of `kind` into out.publish.
    void publish_state(const GroupState& group, std::uint16_t kind, std::int64_t now_s, GroupDecision& out);
    /// Signs the relay's own 9000/9001 about `user` into out.publish.
    void publish_notice(GroupState& group, const crypto::XOnlyKey& user, bool added, std::int64_t now_s,
                        GroupDecision& out);
    /// load(): invite codes, deleted ids and replay protection from the groups' stored events.
    void load_group_events(std::span<const nostr::Event> stored);

    crypto::SecretKey relay_key_;
    crypto::XOnlyKey relay_pubkey_{};
    std::map<std::string, GroupState> groups_;
    /// Per group id, also after a delete-group, so that a re-created group's state is newer still.
    std::map<std::string, StateVersions> versions_;
};

}  // namespace flash::node::relay
