// The base URL of a service flash-node calls (LND's REST API, Bitcoin Core's JSON-RPC), and the
// percent-encoding of values put into a request target.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace flash::node::net {

/// http(s)://host[:port][/path], split.
struct BaseUrl {
    bool tls = false;       ///< https
    std::string host;       ///< a name, an IPv4 address, or an IPv6 address without its brackets
    std::uint16_t port = 0; ///< 80 / 443 when the URL gives none
    std::string path;       ///< "" or "/prefix" without a trailing slash; prefixes every request target

    /// The Host header value: host, bracketed when IPv6, with ":port" unless it is the scheme's default.
    std::string host_header() const;
};

/// Parses `url`. Throws flash::Error(bad_config) naming the URL when the scheme is not http or https,
/// the host is empty, the port is not a number in 1..65535, or it has user info, a query or a fragment.
BaseUrl parse_base_url(std::string_view url);

/// RFC 3986 percent-encoding of everything but the unreserved characters (A-Z a-z 0-9 - . _ ~):
/// safe for a path segment or a query value.
std::string percent_encode(std::string_view text);

}  // namespace flash::node::net
