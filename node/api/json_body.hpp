// Reading the JSON bodies of /api/v1 requests: every malformed body or field is an ApiError 400
// naming the field.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/bytes.hpp"
#include "node/server/http.hpp"

namespace flash::node::api {

/// The body as a JSON object ({} for an empty body). ApiError(400, bad_request) otherwise.
nlohmann::json object_body(const Request& request);

/// A non-negative integer field; nullopt when absent. ApiError(400) for another type.
std::optional<std::uint64_t> optional_uint(const nlohmann::json& body, const char* name);
/// The same, required.
std::uint64_t required_uint(const nlohmann::json& body, const char* name);
/// A text field; nullopt when absent. ApiError(400) for another type.
std::optional<std::string> optional_text(const nlohmann::json& body, const char* name);
std::string required_text(const nlohmann::json& body, const char* name);
/// true or false; nullopt when absent. ApiError(400) for another type.
std::optional<bool> optional_bool(const nlohmann::json& body, const char* name);
/// A number (integer or not); nullopt when absent.
std::optional<double> optional_number(const nlohmann::json& body, const char* name);

/// 64 hex digits from a path segment. ApiError(400, bad_request) otherwise.
ByteArray<32> hash_segment(std::string_view text);

/// Satoshis to millisatoshis, refusing amounts above 21 million BTC (ApiError(400, bad_amount)).
std::uint64_t sat_to_msat(std::uint64_t sat);

}  // namespace flash::node::api
