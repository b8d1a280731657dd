// The URLs an LNURL service may use (LUD-01 "HTTPS or Onion"): https:// to any host, or http://
// to a .onion host, and to this machine (localhost, 127.0.0.0/8, [::1]: a node serving the wallet
// on loopback, where nothing on the network can read or change the traffic). One reader for every URL that arrives from outside in the LNURL flows:
// a decoded lnurl1..., a LUD-17 link, a payRequest/withdrawRequest callback, a LUD-09 url action.
//
// Accepted: scheme "https" (or "http" for onion and loopback hosts), either case; a host of DNS labels
// (letters, digits, '-', '.'), an IPv4 address or a bracketed IPv6 literal; an optional port
// 1..65535; then an optional path, query and fragment of printable ASCII (0x21..0x7e).
// Rejected: user info ("user@host"), empty labels, non-ASCII hosts (IDNs must arrive in
// punycode), spaces and control characters.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flash::lightning {

/// Longest service URL read (LNURL links, callbacks): bounds the work on outside input; far
/// above the ~2000 characters a GET request line can carry in practice.
inline constexpr std::size_t max_service_url_length = 4096;

struct ServiceUrl {
    std::string text;  ///< the URL, scheme and host in lower case, the rest as given
    std::string host;  ///< lower case, without port (IPv6 keeps its brackets)
    bool onion = false;     ///< the host is a Tor .onion name (and the scheme may be http)
    bool loopback = false;  ///< the host is this machine (and the scheme may be http)

    /// The query string (without '?', still percent-encoded), empty when there is none.
    std::string_view query() const noexcept;
};

/// Parses and checks a service URL (see above).
/// Throws Error(bad_lnurl) for anything else: another scheme, http to a clearnet host, a bad
/// host or port, forbidden characters, or more than max_service_url_length characters.
ServiceUrl parse_service_url(std::string_view url);

/// `url` with `params` appended to its query ('?' or '&' as needed, before any '#fragment'),
/// each key and value percent-encoded. Existing parameters are kept as they are.
std::string append_query(const ServiceUrl& url, const std::vector<std::pair<std::string, std::string>>& params);

/// The decoded value of the first query parameter named `key`, or nullopt.
/// Throws Error(bad_lnurl) when the query has a malformed % escape.
std::optional<std::string> query_param(const ServiceUrl& url, std::string_view key);

}  // namespace flash::lightning
