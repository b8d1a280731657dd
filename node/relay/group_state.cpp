// NIP-29 relay side: queries and edits of one group's state.
#include "node/relay/group_state.hpp"

#include <algorithm>

namespace flash::node::relay {
namespace {

template <typename T>
bool assign(T& field, const std::optional<T>& value) {
    if (!value || field == *value) return false;
    field = *value;
    return true;
}

/// "" clears a text field: the 39000 then has no such tag.
bool assign_text(std::optional<std::string>& field, const std::optional<std::string>& value) {
    if (!value) return false;
    std::optional<std::string> next;
    if (!value->empty()) next = *value;
    if (field == next) return false;
    field = std::move(next);
    return true;
}

}  // namespace

bool has_admin_role(const std::vector<std::string>& roles) {
    return std::find(roles.begin(), roles.end(), admin_role) != roles.end();
}

std::size_t count_admins(const MemberRoles& members) {
    return static_cast<std::size_t>(
        std::count_if(members.begin(), members.end(), [](const auto& m) { return has_admin_role(m.second); }));
}

bool GroupState::is_admin(const crypto::XOnlyKey& key) const {
    const auto it = members.find(key);
    return it != members.end() && has_admin_role(it->second);
}

bool GroupState::apply(const MetadataEdit& edit) {
    bool changed = false;
    changed |= assign_text(name, edit.name);
    changed |= assign_text(picture, edit.picture);
    changed |= assign_text(about, edit.about);
    changed |= assign(is_private, edit.is_private);
    changed |= assign(closed, edit.closed);
    changed |= assign(restricted, edit.restricted);
    changed |= assign(hidden, edit.hidden);
    return changed;
}

void GroupState::revoke_invites_of(const crypto::XOnlyKey& issuer) {
    for (auto& [code, invite] : invites)
        if (invite.issuer == issuer) invite.usable = false;
}

}  // namespace flash::node::relay
