#include "core/lightning/service_url.hpp"

#include <algorithm>

#include "core/codec/ascii.hpp"
#include "core/codec/percent.hpp"
#include "core/error.hpp"

namespace flash::lightning {

namespace {

[[noreturn]] void fail(const std::string& detail) { throw Error(Errc::bad_lnurl, "service URL: " + detail); }

constexpr std::size_t kMaxHostLength = 253;
constexpr std::size_t kMaxLabelLength = 63;

bool is_printable_ascii(char c) { return c > 0x20 && c < 0x7f; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A lower-case DNS name (also an IPv4 address): dot-separated labels of [a-z0-9-].
bool is_dns_name(std::string_view host) {
    if (host.empty() || host.size() > kMaxHostLength) return false;
    while (true) {
        const std::size_t dot = std::min(host.find('.'), host.size());
        const std::string_view label = host.substr(0, dot);
        if (label.empty() || label.size() > kMaxLabelLength) return false;
        const bool label_ok = std::all_of(label.begin(), label.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-';
        });
        if (!label_ok) return false;
        if (dot == host.size()) return true;
        host.remove_prefix(dot + 1);
    }
}

// "[...]" with hex digits, ':' and '.' inside (syntax only; the HTTP client resolves it).
/// 127.x.y.z written as four decimal numbers (a DNS name such as 127.0.0.1.example is not).
bool is_ipv4_loopback(std::string_view host) {
    int parts = 0;
    for (std::size_t at = 0; at <= host.size(); ++parts) {
        const std::size_t dot = std::min(host.find('.', at), host.size());
        const std::string_view part = host.substr(at, dot - at);
        if (part.empty() || part.size() > 3 || !std::all_of(part.begin(), part.end(), is_digit) || std::stoi(std::string(part)) > 255)
            return false;
        if (parts == 0 && part != "127") return false;
        at = dot + 1;
    }
    return parts == 4;
}

bool is_ipv6_literal(std::string_view host) {
    if (host.size() < 4 || host.front() != '[' || host.back() != ']') return false;
    const std::string_view inside = host.substr(1, host.size() - 2);
    return std::all_of(inside.begin(), inside.end(), [](char c) {
        return is_digit(c) || (c >= 'a' && c <= 'f') || c == ':' || c == '.';
    });
}

void check_port(std::string_view port) {
    if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), is_digit)) fail("bad port");
    const unsigned long value = std::stoul(std::string(port));
    if (value == 0 || value > 65535) fail("port out of range");
}

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

std::string_view ServiceUrl::query() const noexcept {
    const std::string_view whole = std::string_view(text).substr(0, text.find('#'));
    const std::size_t question = whole.find('?');
    return question == std::string_view::npos ? std::string_view{} : whole.substr(question + 1);
}

ServiceUrl parse_service_url(std::string_view url) {
    if (url.size() > max_service_url_length) fail("longer than " + std::to_string(max_service_url_length));
    const std::size_t separator = url.find("://");
    if (separator == std::string_view::npos) fail("no scheme");
    const std::string scheme = codec::ascii_lower(url.substr(0, separator));
    if (scheme != "https" && scheme != "http") fail("scheme is neither https nor http");

    const std::string_view rest = url.substr(separator + 3);
    const std::size_t authority_end = std::min(rest.find_first_of("/?#"), rest.size());
    const std::string authority = codec::ascii_lower(rest.substr(0, authority_end));
    const std::string_view tail = rest.substr(authority_end);
    if (authority.find('@') != std::string::npos) fail("user info is not allowed");

    ServiceUrl out;
    std::string_view host_port = authority;
    std::string_view port;
    if (host_port.starts_with('[')) {
        const std::size_t close = host_port.find(']');
        if (close == std::string_view::npos) fail("unclosed IPv6 literal");
        out.host = std::string(host_port.substr(0, close + 1));
        host_port.remove_prefix(close + 1);
        if (!host_port.empty() && host_port.front() != ':') fail("junk after IPv6 literal");
        if (!is_ipv6_literal(out.host)) fail("bad IPv6 literal");
    } else {
        out.host = std::string(host_port.substr(0, host_port.find(':')));
        host_port.remove_prefix(out.host.size());
        if (!is_dns_name(out.host)) fail("bad host '" + out.host + "'");
    }
    if (!host_port.empty()) {
        port = host_port.substr(1);
        check_port(port);
    }
    if (!std::all_of(tail.begin(), tail.end(), is_printable_ascii)) fail("space, control or non-ASCII character");

    out.onion = ends_with(out.host, ".onion");
    out.loopback = out.host == "localhost" || out.host == "[::1]" || is_ipv4_loopback(out.host);
    if (scheme == "http" && !out.onion && !out.loopback) fail("http is only allowed to .onion and loopback hosts");
    out.text = scheme + "://" + authority + std::string(tail);
    return out;
}

std::string append_query(const ServiceUrl& url, const std::vector<std::pair<std::string, std::string>>& params) {
    const std::size_t hash = std::min(url.text.find('#'), url.text.size());
    std::string out = url.text.substr(0, hash);
    char separator = out.find('?') == std::string::npos ? '?' : '&';
    for (const auto& [key, value] : params) {
        if (!(separator == '&' && (out.back() == '?' || out.back() == '&'))) out += separator;
        out += codec::percent_encode(key) + "=" + codec::percent_encode(value);
        separator = '&';
    }
    return out + url.text.substr(hash);
}

std::optional<std::string> query_param(const ServiceUrl& url, std::string_view key) {
    const auto params = codec::parse_query(url.query());
    if (!params) fail("malformed query");
    for (const auto& [name, value] : *params)
        if (name == key) return value;
    return std::nullopt;
}

}  // namespace flash::lightning
