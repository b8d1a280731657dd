// NIP-98 authentication of /api/v1 requests: the Authorization header carries a kind-27235 event
// signed by the user, naming this request's absolute URL and method and, for a request with a
// body, the body's SHA-256 (required here: a signed event must not authorise another body).
// Each signed header is accepted once, so that a captured one cannot be replayed within its window.
//
// Not thread-safe: the server's I/O thread only.
#pragma once
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "node/server/http.hpp"

namespace flash::node::api {

/// The request carries no valid NIP-98 authorization; what() says why (answered with 401).
class AuthError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class RequestAuthenticator {
public:
    /// `origins` are the scheme://host[:port] prefixes clients may address this node with beyond
    /// the request's own Host header under `scheme` ("http" or "https"), e.g. a public URL behind
    /// a proxy.
    RequestAuthenticator(std::string scheme, std::vector<std::string> origins);

    /// The user (hex public key) that signed `request`'s authorization, at `now_s` (unix seconds).
    /// Throws AuthError.
    std::string authenticate(const Request& request, std::int64_t now_s);

private:
    std::string scheme_;
    std::vector<std::string> origins_;
    std::map<std::string, std::int64_t> seen_;  ///< signature -> until when a replay is possible
    std::int64_t last_prune_ = 0;
};

/// The http(s) origin of a ws(s):// or http(s):// URL ("wss://x.org/" -> "https://x.org"), or ""
/// when it has no such scheme.
std::string http_origin_of(const std::string& url);

}  // namespace flash::node::api
