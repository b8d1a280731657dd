// NIP-98: HTTP authentication with a signed kind-27235 event in the Authorization header:
//   Authorization: Nostr <base64(event JSON)>
// The event names the absolute URL ("u"), the method ("method") and, for requests with a body,
// optionally the body's SHA-256 ("payload", hex).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/crypto/hash.hpp"
#include "core/nostr/event.hpp"

namespace flash::nostr {

inline constexpr std::uint16_t kind_http_auth = 27235;
/// NIP-98 suggests a window of about 60 seconds.
inline constexpr std::int64_t default_http_auth_window_s = 60;
/// Authorization headers longer than this are refused before decoding.
inline constexpr std::size_t max_http_auth_header = 16 * 1024;

/// The unsigned event for a request to `url` with `method` at `now_s` (unix seconds); with a
/// payload tag when `body_sha256` is given. sign() fills in the pubkey.
UnsignedEvent make_http_auth_event(std::string_view url, std::string_view method, std::int64_t now_s,
                                   const std::optional<crypto::Hash256>& body_sha256 = std::nullopt);

/// "Nostr " + base64 of the event's JSON (throws as to_json_string() does).
std::string authorization_header(const Event& event);

/// Decodes an Authorization header value. The scheme "Nostr" is matched case-insensitively.
/// Throws Error(too_large) over max_http_auth_header, Error(bad_argument) for another scheme,
/// Error(bad_base64), Error(bad_json) or Error(bad_event) for the payload. Does not verify.
Event parse_authorization_header(std::string_view header_value);

/// What the server knows about the request it is answering.
struct HttpRequestFacts {
    std::string_view url;     ///< absolute URL as the client addressed it, query included
    std::string_view method;  ///< e.g. "POST"
    std::optional<crypto::Hash256> body_sha256;  ///< SHA-256 of the body, when it has one
    bool require_payload_tag = false;  ///< reject a body request whose event has no payload tag
    std::int64_t now_s = 0;
    std::int64_t window_s = default_http_auth_window_s;
};

enum class HttpAuthStatus {
    ok,
    wrong_kind,        ///< not kind 27235
    stale,             ///< created_at outside now ± window
    url_mismatch,      ///< no "u" tag or another URL (exact comparison, as NIP-98 asks)
    method_mismatch,   ///< no "method" tag or another method (exact, case-sensitive)
    payload_mismatch,  ///< the payload tag differs from the body's hash, is not hex, or is missing
                       ///< when required
    bad_signature,     ///< id or signature does not verify
};

struct HttpAuthCheck {
    HttpAuthStatus status = HttpAuthStatus::ok;
    crypto::XOnlyKey pubkey{};  ///< the authenticated key when status == ok
    bool ok() const noexcept { return status == HttpAuthStatus::ok; }
};

/// The server side: checks the event against the request. Never throws; the first failing check
/// (in the enum's order) is reported.
HttpAuthCheck validate_http_auth(const Event& event, const HttpRequestFacts& request) noexcept;

}  // namespace flash::nostr
