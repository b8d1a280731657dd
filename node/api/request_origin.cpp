#include "node/api/request_origin.hpp"

#include <algorithm>

#include "node/api/api_error.hpp"

namespace flash::node::api {
namespace {

/// Host names, IPv4 and bracketed IPv6 addresses, and a port: nothing that could end the URL early.
bool is_host_text(std::string_view host) {
    constexpr std::size_t longest = 255;
    if (host.empty() || host.size() > longest) return false;
    return std::all_of(host.begin(), host.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
               c == ':' || c == '[' || c == ']';
    });
}

}  // namespace

std::string request_origin(const Request& request, std::string_view scheme, const std::string& public_origin) {
    if (!public_origin.empty()) return public_origin;
    const auto host = request.find(http::field::host);
    if (host == request.end() || !is_host_text(host->value()))
        throw ApiError(http::status::bad_request, "bad_request", "the request has no usable Host header");
    std::string origin(scheme);
    origin.append("://").append(host->value());
    return origin;
}

std::string_view origin_host(std::string_view origin) noexcept {
    const auto start = origin.find("://");
    return start == std::string_view::npos ? origin : origin.substr(start + 3);
}

}  // namespace flash::node::api
