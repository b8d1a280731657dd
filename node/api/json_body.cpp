#include "node/api/json_body.hpp"

#include <algorithm>

#include "core/codec/hex.hpp"
#include "node/api/api_error.hpp"

namespace flash::node::api {
namespace {

constexpr std::uint64_t max_sat = 21'000'000ull * 100'000'000ull;
/// Nesting and size limits come from the server (request body limit); this bounds depth.
constexpr int max_depth = 8;

[[noreturn]] void bad(const std::string& message) { throw ApiError(http::status::bad_request, "bad_request", message); }

int depth(const nlohmann::json& value) {
    if (!value.is_structured()) return 0;
    int deepest = 0;
    for (const auto& item : value) deepest = std::max(deepest, depth(item));
    return deepest + 1;
}

}  // namespace

nlohmann::json object_body(const Request& request) {
    if (request.body().empty()) return nlohmann::json::object();
    nlohmann::json body = nlohmann::json::parse(request.body(), nullptr, false);
    if (body.is_discarded()) bad("the body is not JSON");
    if (!body.is_object()) bad("the body must be a JSON object");
    if (depth(body) > max_depth) bad("the body is nested too deeply");
    return body;
}

std::optional<std::uint64_t> optional_uint(const nlohmann::json& body, const char* name) {
    const auto it = body.find(name);
    if (it == body.end() || it->is_null()) return std::nullopt;
    if (!it->is_number_unsigned()) bad(std::string(name) + " must be a non-negative integer");
    return it->get<std::uint64_t>();
}

std::uint64_t required_uint(const nlohmann::json& body, const char* name) {
    const std::optional<std::uint64_t> value = optional_uint(body, name);
    if (!value) bad(std::string(name) + " is required");
    return *value;
}

std::optional<std::string> optional_text(const nlohmann::json& body, const char* name) {
    const auto it = body.find(name);
    if (it == body.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) bad(std::string(name) + " must be a string");
    return it->get<std::string>();
}

std::string required_text(const nlohmann::json& body, const char* name) {
    std::optional<std::string> value = optional_text(body, name);
    if (!value) bad(std::string(name) + " is required");
    return std::move(*value);
}

std::optional<bool> optional_bool(const nlohmann::json& body, const char* name) {
    const auto it = body.find(name);
    if (it == body.end() || it->is_null()) return std::nullopt;
    if (!it->is_boolean()) bad(std::string(name) + " must be true or false");
    return it->get<bool>();
}

std::optional<double> optional_number(const nlohmann::json& body, const char* name) {
    const auto it = body.find(name);
    if (it == body.end() || it->is_null()) return std::nullopt;
    if (!it->is_number()) bad(std::string(name) + " must be a number");
    return it->get<double>();
}

ByteArray<32> hash_segment(std::string_view text) {
    ByteArray<32> out{};
    if (text.size() != 64) bad("a payment hash is 64 hex digits");
    try {
        const Bytes bytes = codec::hex_decode(text);
        std::copy(bytes.begin(), bytes.end(), out.begin());
    } catch (const std::exception&) {
        bad("a payment hash is 64 hex digits");
    }
    return out;
}

std::uint64_t sat_to_msat(std::uint64_t sat) {
    if (sat > max_sat) throw ApiError(http::status::bad_request, "bad_amount", "more than 21 million bitcoin");
    return sat * 1000;
}

}  // namespace flash::node::api
