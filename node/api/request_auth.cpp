#include "node/api/request_auth.hpp"

#include <utility>

#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/error.hpp"
#include "core/nostr/nip98.hpp"

namespace flash::node::api {
namespace {

std::string_view status_text(nostr::HttpAuthStatus status) {
    switch (status) {
        case nostr::HttpAuthStatus::ok: return "ok";
        case nostr::HttpAuthStatus::wrong_kind: return "the authorization event is not of kind 27235";
        case nostr::HttpAuthStatus::stale: return "the authorization event is too old or in the future";
        case nostr::HttpAuthStatus::url_mismatch: return "the authorization event names another URL";
        case nostr::HttpAuthStatus::method_mismatch: return "the authorization event names another method";
        case nostr::HttpAuthStatus::payload_mismatch: return "the authorization event's payload hash is not this body's";
        case nostr::HttpAuthStatus::bad_signature: return "the authorization event's signature does not verify";
    }
    return "invalid authorization";
}

}  // namespace

std::string http_origin_of(const std::string& url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return "";
    const std::string scheme = url.substr(0, scheme_end);
    std::string http_scheme;
    if (scheme == "ws" || scheme == "http") http_scheme = "http";
    else if (scheme == "wss" || scheme == "https") http_scheme = "https";
    else return "";
    const auto host_end = url.find('/', scheme_end + 3);
    return http_scheme + "://" + url.substr(scheme_end + 3, host_end == std::string::npos ? std::string::npos
                                                                                          : host_end - scheme_end - 3);
}

RequestAuthenticator::RequestAuthenticator(std::string scheme, std::vector<std::string> origins)
    : scheme_(std::move(scheme)), origins_(std::move(origins)) {}

std::string RequestAuthenticator::authenticate(const Request& request, std::int64_t now_s) {
    const auto header = request.find(http::field::authorization);
    if (header == request.end()) throw AuthError("this API needs a NIP-98 Authorization header");
    nostr::Event event;
    try {
        event = nostr::parse_authorization_header(header->value());
    } catch (const Error& e) {
        throw AuthError(std::string("unreadable Authorization header: ") + e.what());
    }

    nostr::HttpRequestFacts facts;
    facts.method = request.method_string();
    if (!request.body().empty()) facts.body_sha256 = crypto::sha256(as_bytes(request.body()));
    facts.require_payload_tag = true;
    facts.now_s = now_s;

    std::vector<std::string> urls;
    const auto host = request.find(http::field::host);
    if (host != request.end()) urls.push_back(scheme_ + "://" + std::string(host->value()) + std::string(request.target()));
    for (const std::string& origin : origins_) urls.push_back(origin + std::string(request.target()));

    nostr::HttpAuthCheck check{nostr::HttpAuthStatus::url_mismatch, {}};
    for (const std::string& url : urls) {
        facts.url = url;
        check = nostr::validate_http_auth(event, facts);
        if (check.status != nostr::HttpAuthStatus::url_mismatch) break;
    }
    if (!check.ok()) throw AuthError(std::string(status_text(check.status)));

    // Forget events that can no longer pass the time check, then refuse a second use of this one.
    if (now_s != last_prune_) {  // at most once a second: the sweep is linear
        for (auto it = seen_.begin(); it != seen_.end();) it = it->second < now_s ? seen_.erase(it) : std::next(it);
        last_prune_ = now_s;
    }
    // Keyed on the signature, not the id: two requests in one second may sign the same event, each
    // with fresh randomness, while a replay repeats the signature only the key holder can make.
    const std::string signature = codec::hex_encode(event.sig);
    if (!seen_.emplace(signature, event.created_at + nostr::default_http_auth_window_s).second)
        throw AuthError("this authorization event was used before");
    return codec::hex_encode(check.pubkey);
}

}  // namespace flash::node::api
