// Relay URL normalisation.
#include "core/nostr/relay_url.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace flash::nostr {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return out;
}

[[noreturn]] void reject(std::string_view url, const char* why) {
    throw Error(Errc::bad_argument, "relay URL '" + std::string(url.substr(0, 200)) + "': " + why);
}

}  // namespace

std::string normalize_relay_url(std::string_view url) {
    if (url.size() > 2048) reject(url, "too long");
    for (const char c : url) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f) reject(url, "whitespace or control character");
    }
    const std::size_t colon = url.find("://");
    if (colon == std::string_view::npos) reject(url, "no scheme");
    const std::string scheme = lower(url.substr(0, colon));
    if (scheme != "ws" && scheme != "wss") reject(url, "scheme is not ws or wss");

    const std::string_view rest = url.substr(colon + 3);
    const std::size_t path_start = std::min(rest.find_first_of("/?#"), rest.size());
    std::string host = lower(rest.substr(0, path_start));
    std::string_view tail = rest.substr(path_start);
    if (host.find('@') != std::string::npos) reject(url, "user info");
    if (tail.find('#') != std::string_view::npos) reject(url, "fragment");

    const std::string default_port = scheme == "ws" ? ":80" : ":443";
    if (host.size() > default_port.size() && host.ends_with(default_port))
        host.resize(host.size() - default_port.size());
    if (host.empty() || host.front() == ':') reject(url, "no host");
    if (tail == "/") tail = {};
    else if (tail.starts_with("/?")) tail.remove_prefix(1);
    return scheme + "://" + host + std::string(tail);
}

bool same_relay_url(std::string_view a, std::string_view b) noexcept {
    try {
        return normalize_relay_url(a) == normalize_relay_url(b);
    } catch (...) {
        return false;
    }
}

}  // namespace flash::nostr
