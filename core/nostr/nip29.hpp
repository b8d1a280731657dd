// NIP-29 relay-based groups, the client side: the events a member sends (join, leave, chat) and
// the group state the relay publishes about a group, signed with the relay's own key (the NIP-11
// "self" pubkey), which the caller passes in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/nostr/event.hpp"

namespace flash::nostr::groups {

inline constexpr std::uint16_t kind_chat_message = 9;
inline constexpr std::uint16_t kind_join_request = 9021;
inline constexpr std::uint16_t kind_leave_request = 9022;
inline constexpr std::uint16_t kind_metadata = 39000;
inline constexpr std::uint16_t kind_admins = 39001;
inline constexpr std::uint16_t kind_members = 39002;

/// Timeline references use the first 8 hex characters of an event id.
inline constexpr std::size_t previous_ref_length = 8;

// Builders: unsigned events at `now_s`; sign() fills in the pubkey. Error(bad_argument) for an
// empty group id.
/// kind 9021 with ["h", group] and, when given, ["code", invite_code]; content = reason.
UnsignedEvent make_join_request(std::string_view group_id, std::int64_t now_s,
                                std::optional<std::string_view> invite_code = std::nullopt,
                                std::string_view reason = {});
/// kind 9022 with ["h", group]; content = reason.
UnsignedEvent make_leave_request(std::string_view group_id, std::int64_t now_s, std::string_view reason = {});
/// kind 9 with ["h", group] and, if any, ["previous", <8 hex chars of each id>...].
UnsignedEvent make_chat_message(std::string_view group_id, std::string_view text, std::int64_t now_s,
                                const std::vector<EventId>& previous = {});

/// The group an event belongs to (its "h" tag), if any.
std::optional<std::string> group_of(const UnsignedEvent& event);

struct GroupMetadata {
    std::string id;  ///< the "d" tag
    std::optional<std::string> name, picture, about;
    bool is_private = false;  ///< only members can read
    bool closed = false;      ///< join requests are ignored
    bool restricted = false;  ///< only members can write
    bool hidden = false;      ///< metadata hidden from non-members
    std::optional<std::vector<std::uint16_t>> supported_kinds;  ///< absent = all kinds
    std::optional<std::string> parent;  ///< subgroups: the parent group id
};

struct GroupAdmin {
    crypto::XOnlyKey pubkey{};
    std::vector<std::string> roles;
};

struct GroupAdmins {
    std::string id;
    std::vector<GroupAdmin> admins;
};

struct GroupMembers {
    std::string id;
    std::vector<crypto::XOnlyKey> members;
};

// Parsers of relay-generated events. Each throws Error(bad_event) when the event has another
// kind, is not by `relay_pubkey`, does not verify, or has no non-empty "d" tag. Malformed "p"
// tags (bad hex, invalid key) and supported_kinds values are skipped: the signature vouches for
// the relay, not for its formatting.
GroupMetadata parse_group_metadata(const Event& event, const crypto::XOnlyKey& relay_pubkey);
GroupAdmins parse_group_admins(const Event& event, const crypto::XOnlyKey& relay_pubkey);
GroupMembers parse_group_members(const Event& event, const crypto::XOnlyKey& relay_pubkey);

}  // namespace flash::nostr::groups
