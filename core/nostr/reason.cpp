// OK/CLOSED reason prefixes.
#include "core/nostr/reason.hpp"

#include <array>
#include <utility>

namespace flash::nostr {
namespace {

constexpr std::array<std::pair<ReasonPrefix, std::string_view>, 9> prefixes{{
    {ReasonPrefix::duplicate, "duplicate"},
    {ReasonPrefix::pow, "pow"},
    {ReasonPrefix::blocked, "blocked"},
    {ReasonPrefix::rate_limited, "rate-limited"},
    {ReasonPrefix::invalid, "invalid"},
    {ReasonPrefix::restricted, "restricted"},
    {ReasonPrefix::auth_required, "auth-required"},
    {ReasonPrefix::mute, "mute"},
    {ReasonPrefix::error, "error"},
}};

}  // namespace

std::string_view prefix_name(ReasonPrefix prefix) noexcept {
    for (const auto& entry : prefixes)
        if (entry.first == prefix) return entry.second;
    return {};
}

Reason split_reason(std::string_view message) {
    const std::size_t colon = message.find(':');
    if (colon != std::string_view::npos) {
        const std::string_view word = message.substr(0, colon);
        for (const auto& entry : prefixes) {
            if (entry.second != word) continue;
            std::string_view rest = message.substr(colon + 1);
            while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
            return {entry.first, std::string(rest)};
        }
    }
    return {ReasonPrefix::none, std::string(message)};
}

std::string format_reason(ReasonPrefix prefix, std::string_view text) {
    if (prefix == ReasonPrefix::none) return std::string(text);
    std::string out(prefix_name(prefix));
    out += ": ";
    out += text;
    return out;
}

}  // namespace flash::nostr
