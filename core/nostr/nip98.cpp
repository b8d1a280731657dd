// NIP-98 HTTP auth events.
#include "core/nostr/nip98.hpp"

#include "core/codec/base64.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "core/nostr/time_window.hpp"

namespace flash::nostr {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

bool payload_matches(const std::string& tag_hex, const crypto::Hash256& body) noexcept {
    try {
        return tag_hex.size() == 64 && codec::hex_decode_array<32>(tag_hex) == body;
    } catch (const Error&) {
        return false;
    }
}

}  // namespace

UnsignedEvent make_http_auth_event(std::string_view url, std::string_view method, std::int64_t now_s,
                                   const std::optional<crypto::Hash256>& body_sha256) {
    UnsignedEvent event;
    event.created_at = now_s;
    event.kind = kind_http_auth;
    event.tags = {{"u", std::string(url)}, {"method", std::string(method)}};
    if (body_sha256) event.tags.push_back({"payload", codec::hex_encode(*body_sha256)});
    return event;
}

std::string authorization_header(const Event& event) {
    return "Nostr " + codec::base64_encode(as_bytes(to_json_string(event)));
}

Event parse_authorization_header(std::string_view header_value) {
    if (header_value.size() > max_http_auth_header) throw Error(Errc::too_large, "Authorization header too long");
    const std::size_t space = header_value.find(' ');
    if (space == std::string_view::npos || !iequals(header_value.substr(0, space), "Nostr"))
        throw Error(Errc::bad_argument, "Authorization scheme is not Nostr");
    std::string_view token = header_value.substr(space + 1);
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
    const Bytes json = codec::base64_decode(token);
    return parse_event(as_chars(json));
}

HttpAuthCheck validate_http_auth(const Event& event, const HttpRequestFacts& request) noexcept {
    if (event.kind != kind_http_auth) return {HttpAuthStatus::wrong_kind, {}};
    if (!within_window(event.created_at, request.now_s, request.window_s)) return {HttpAuthStatus::stale, {}};
    const std::string* url = first_tag_value(event.tags, "u");
    if (url == nullptr || *url != request.url) return {HttpAuthStatus::url_mismatch, {}};
    const std::string* method = first_tag_value(event.tags, "method");
    if (method == nullptr || *method != request.method) return {HttpAuthStatus::method_mismatch, {}};
    const std::string* payload = first_tag_value(event.tags, "payload");
    if (payload != nullptr) {
        // A payload tag binds the event to one body: a request without that body does not match.
        if (!request.body_sha256 || !payload_matches(*payload, *request.body_sha256))
            return {HttpAuthStatus::payload_mismatch, {}};
    } else if (request.body_sha256 && request.require_payload_tag) {
        return {HttpAuthStatus::payload_mismatch, {}};
    }
    if (!verify(event)) return {HttpAuthStatus::bad_signature, {}};
    return {HttpAuthStatus::ok, event.pubkey};
}

}  // namespace flash::nostr
