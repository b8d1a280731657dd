#include "core/cashu/message_json.hpp"

#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "core/nostr/json_fields.hpp"

namespace flash::cashu {
namespace {

std::string quoted(const char* member) { return std::string("\"") + member + "\""; }

}  // namespace

MessageReader::MessageReader(const nlohmann::json& value, std::string_view name) : object_(value), name_(name) {
    if (!value.is_object()) fail("not a JSON object");
}

void MessageReader::fail(const std::string& detail) const {
    throw Error(Errc::bad_message, name_ + ": " + detail);
}

const nlohmann::json& MessageReader::required(const char* member) const {
    const auto it = object_.find(member);
    if (it == object_.end() || it->is_null()) fail("missing " + quoted(member));
    return *it;
}

const nlohmann::json* MessageReader::optional(const char* member) const {
    const auto it = object_.find(member);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
}

std::string MessageReader::string(const char* member) const {
    const nlohmann::json& value = required(member);
    if (!value.is_string() || !nostr::is_utf8(value.get_ref<const std::string&>()))
        fail(quoted(member) + " is not a UTF-8 string");
    return value.get<std::string>();
}

std::optional<std::string> MessageReader::optional_string(const char* member) const {
    if (optional(member) == nullptr) return std::nullopt;
    return string(member);
}

std::uint64_t MessageReader::uint(const char* member) const {
    const auto number = nostr::json_uint(required(member), UINT64_MAX);
    if (!number) fail(quoted(member) + " is not an unsigned 64-bit integer");
    return *number;
}

std::optional<std::uint64_t> MessageReader::optional_uint(const char* member) const {
    if (optional(member) == nullptr) return std::nullopt;
    return uint(member);
}

bool MessageReader::optional_bool(const char* member, bool fallback) const {
    const nlohmann::json* value = optional(member);
    if (value == nullptr) return fallback;
    if (!value->is_boolean()) fail(quoted(member) + " is not a boolean");
    return value->get<bool>();
}

crypto::PublicKey MessageReader::public_key(const char* member) const {
    return public_key_from_json(required(member), name_ + ": " + quoted(member));
}

std::optional<crypto::PublicKey> MessageReader::optional_public_key(const char* member) const {
    if (optional(member) == nullptr) return std::nullopt;
    return public_key(member);
}

const nlohmann::json& MessageReader::array(const char* member, std::size_t max_items) const {
    const nlohmann::json& value = required(member);
    if (!value.is_array()) fail(quoted(member) + " is not an array");
    if (value.size() > max_items) fail(quoted(member) + " has more than " + std::to_string(max_items) + " items");
    return value;
}

crypto::PublicKey public_key_from_json(const nlohmann::json& value, const std::string& what) {
    if (value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        try {
            if (text.size() == 66) return codec::hex_decode_array<33>(text);
        } catch (const Error&) {
        }
    }
    throw Error(Errc::bad_message, what + " is not 33 bytes of hex");
}

}  // namespace flash::cashu
