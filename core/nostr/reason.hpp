// The machine-readable prefixes of OK and CLOSED messages (NIP-01, NIP-42): "prefix: text".
#pragma once

#include <string>
#include <string_view>

namespace flash::nostr {

enum class ReasonPrefix {
    none,           ///< no standard prefix (the whole message is text)
    duplicate,      ///< "duplicate:" the relay already has the event (OK true)
    pow,            ///< "pow:" not enough proof of work (NIP-13)
    blocked,        ///< "blocked:" the author or IP is blocked
    rate_limited,   ///< "rate-limited:"
    invalid,        ///< "invalid:" the event or filter breaks the protocol
    restricted,     ///< "restricted:" the (authenticated) user may not do this
    auth_required,  ///< "auth-required:" authenticate first (NIP-42)
    mute,           ///< "mute:" accepted but not broadcast
    error,          ///< "error:" the relay failed internally
};

/// A message split into its prefix and the human-readable rest.
struct Reason {
    ReasonPrefix prefix = ReasonPrefix::none;
    std::string text;  ///< after "prefix:" with leading spaces removed; the whole message for none
};

/// Splits "prefix: text". An unknown word before ':' is not a prefix (prefix none, text = all).
Reason split_reason(std::string_view message);

/// "prefix: text" (or just `text` for none). The relay uses it to build OK/CLOSED messages.
std::string format_reason(ReasonPrefix prefix, std::string_view text);

/// The wire spelling without the colon ("rate-limited"), "" for none.
std::string_view prefix_name(ReasonPrefix prefix) noexcept;

}  // namespace flash::nostr
