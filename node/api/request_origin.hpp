// The origin (scheme://host[:port]) a client addressed this node with: what links the node hands
// out for itself must use (a Flash Card's lnurlw:// base, LNURL callbacks).
#pragma once
#include <string>
#include <string_view>

#include "node/server/http.hpp"

namespace flash::node::api {

/// `public_origin` when set (the node behind a proxy, e.g. "https://pay.example.com"), else
/// `scheme` ("http" or "https") + "://" + the request's Host header. Throws ApiError(400,
/// bad_request) for a missing Host header or one that is not a host name or address with an
/// optional port.
std::string request_origin(const Request& request, std::string_view scheme, const std::string& public_origin);

/// "https://host:port" -> "host:port".
std::string_view origin_host(std::string_view origin) noexcept;

}  // namespace flash::node::api
