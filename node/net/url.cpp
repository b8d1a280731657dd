#include "node/net/url.hpp"

#include <charconv>

#include "core/error.hpp"

namespace flash::node::net {
namespace {

[[noreturn]] void bad_url(std::string_view url, const char* why) {
    throw Error(Errc::bad_config, "URL '" + std::string(url) + "': " + why);
}

bool unreserved(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

}  // namespace

std::string BaseUrl::host_header() const {
    std::string out = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    if (port != (tls ? 443 : 80)) out += ":" + std::to_string(port);
    return out;
}

BaseUrl parse_base_url(std::string_view url) {
    BaseUrl out;
    std::string_view rest;
    if (url.starts_with("https://")) {
        out.tls = true;
        rest = url.substr(8);
    } else if (url.starts_with("http://")) {
        rest = url.substr(7);
    } else {
        bad_url(url, "the scheme must be http:// or https://");
    }
    if (rest.find_first_of("?#") != std::string_view::npos) bad_url(url, "a query or fragment is not allowed");
    const std::size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    if (slash != std::string_view::npos) {
        std::string_view path = rest.substr(slash);
        while (path.ends_with('/')) path.remove_suffix(1);
        out.path = path;
    }
    if (authority.find('@') != std::string_view::npos) bad_url(url, "user info is not allowed (use a header)");

    std::string_view port_text;
    if (authority.starts_with('[')) {
        const std::size_t close = authority.find(']');
        if (close == std::string_view::npos) bad_url(url, "unclosed '[' in the host");
        out.host = authority.substr(1, close - 1);
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty() && !after.starts_with(':')) bad_url(url, "junk after the IPv6 address");
        if (!after.empty()) port_text = after.substr(1);
    } else {
        const std::size_t colon = authority.find(':');
        out.host = authority.substr(0, colon);
        if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
    }
    if (out.host.empty()) bad_url(url, "the host is empty");

    out.port = out.tls ? 443 : 80;
    if (!port_text.empty() || authority.ends_with(':')) {
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
        if (ec != std::errc{} || end != port_text.data() + port_text.size() || value == 0 || value > 65535) {
            bad_url(url, "the port must be a number in 1..65535");
        }
        out.port = static_cast<std::uint16_t>(value);
    }
    return out;
}

std::string percent_encode(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (unreserved(c)) {
            out += c;
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0x0f];
        }
    }
    return out;
}

}  // namespace flash::node::net
