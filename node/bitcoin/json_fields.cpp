#include "node/bitcoin/json_fields.hpp"

#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "node/bitcoin/chain_backend.hpp"

namespace flash::node::bitcoin::json_fields {

using nlohmann::json;

void malformed(std::string_view who, const std::string& what) {
    throw ChainError(ChainErrc::bad_response, std::string(who) + ": " + what);
}

const json& member(std::string_view who, const json& object, const char* name) {
    if (!object.is_object()) malformed(who, std::string("expected an object with \"") + name + "\"");
    const auto found = object.find(name);
    if (found == object.end()) malformed(who, std::string("missing \"") + name + "\"");
    return *found;
}

std::int64_t integer(std::string_view who, const json& value, const char* name, std::int64_t min, std::int64_t max) {
    if (!value.is_number_integer()) malformed(who, std::string("\"") + name + "\" is not an integer");
    // nlohmann keeps non-negative numbers unsigned: compare before converting.
    const bool fits = value.is_number_unsigned() ? value.get<std::uint64_t>() <= static_cast<std::uint64_t>(max)
                                                 : value.get<std::int64_t>() <= max;
    if (!fits || value.get<std::int64_t>() < min) malformed(who, std::string("\"") + name + "\" is out of range");
    return value.get<std::int64_t>();
}

std::string hash_hex(std::string_view who, const json& value, const char* name) {
    if (!value.is_string()) malformed(who, std::string("\"") + name + "\" is not a string");
    try {
        return codec::hex_encode(codec::hex_decode_array<32>(value.get<std::string>()));
    } catch (const Error&) {
        malformed(who, std::string("\"") + name + "\" is not 64 hex digits");
    }
}

Bytes hex_bytes(std::string_view who, const json& value, const char* name) {
    if (!value.is_string()) malformed(who, std::string("\"") + name + "\" is not a string");
    try {
        return codec::hex_decode(value.get<std::string>());
    } catch (const Error&) {
        malformed(who, std::string("\"") + name + "\" is not hex");
    }
}

const json& array(std::string_view who, const json& value, const char* name) {
    if (!value.is_array()) malformed(who, std::string(name) + " is not an array");
    return value;
}

}  // namespace flash::node::bitcoin::json_fields
