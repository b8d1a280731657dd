// NIP-29 relay side: reading the tags of the events users send to a group ("h", "p", "e",
// "code", the metadata fields and flags). Pure functions of one event; no group state.
//
// Errors: every function that reads outside input throws GroupRefusal, whose what() is the OK
// message to send back, already prefixed ("invalid: p tag without a pubkey").
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/secp256k1.hpp"
#include "core/nostr/event.hpp"

namespace flash::node::relay {

/// A refused group event; what() is the NIP-01 OK reason with its prefix.
class GroupRefusal : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr std::uint16_t kind_put_user = 9000;
inline constexpr std::uint16_t kind_remove_user = 9001;
inline constexpr std::uint16_t kind_edit_metadata = 9002;
inline constexpr std::uint16_t kind_delete_event = 9005;
inline constexpr std::uint16_t kind_create_group = 9007;
inline constexpr std::uint16_t kind_delete_group = 9008;
inline constexpr std::uint16_t kind_create_invite = 9009;
inline constexpr std::uint16_t kind_join = 9021;
inline constexpr std::uint16_t kind_leave = 9022;
inline constexpr std::uint16_t kind_group_metadata = 39000;
inline constexpr std::uint16_t kind_group_admins = 39001;
inline constexpr std::uint16_t kind_group_members = 39002;
inline constexpr std::uint16_t kind_group_roles = 39003;

/// The relay-state kinds 39000-39003.
constexpr bool is_state_kind(std::uint16_t kind) noexcept {
    return kind >= kind_group_metadata && kind <= kind_group_roles;
}

/// True for an id this relay hosts: 1 to 64 characters of a-z, 0-9, '-' and '_'.
bool valid_group_id(std::string_view id) noexcept;

/// The group named by the event's "h" tags, or nullopt when it has none. Refuses ("invalid: ...")
/// an "h" tag without a value and "h" tags naming two different groups (one event, one group).
std::optional<std::string> group_id_of(const nostr::Event& event);

/// A "p" target of put-user / remove-user.
struct UserTarget {
    crypto::XOnlyKey pubkey{};
    std::vector<std::string> roles;  ///< in tag order, duplicates dropped
};

/// The "p" tags: at least one; each with a lower-case hex x-only key that is on the curve, and
/// roles of 1 to 64 bytes. Refuses ("invalid: ...") otherwise.
std::vector<UserTarget> user_targets(const nostr::Event& event);

/// The "e" tags of a delete-event: at least one, each 64 lower-case hex characters.
std::vector<nostr::EventId> event_targets(const nostr::Event& event);

/// The "code" tags of a create-invite (at least one) or a join request (zero or more): each
/// value 1 to 128 bytes. Refuses ("invalid: ...") a "code" tag without a usable value.
std::vector<std::string> invite_codes(const nostr::Event& event);

/// The changes an edit-metadata (or a create-group) asks for; absent = unchanged.
struct MetadataEdit {
    std::optional<std::string> name, picture, about;  ///< "" clears the field
    std::optional<bool> is_private, closed, restricted, hidden;

    bool empty() const noexcept {
        return !name && !picture && !about && !is_private && !closed && !restricted && !hidden;
    }
};

/// Reads "name", "picture", "about" (with a value) and the flag pairs private/public,
/// closed/open, restricted/unrestricted, hidden/visible. Unknown tags are ignored, as NIP-29 asks.
/// Refuses ("invalid: ...") a field tag without a value and both tags of one pair.
MetadataEdit metadata_edit(const nostr::Event& event);

}  // namespace flash::node::relay
