#include "core/lightning/lnurl_json.hpp"

#include <cmath>

#include "core/codec/utf8.hpp"
#include "core/error.hpp"

namespace flash::lightning::lnurl {

namespace {

[[noreturn]] void fail(const char* key, const std::string& detail) {
    throw Error(Errc::bad_lnurl, std::string("field \"") + key + "\": " + detail);
}

// Floats are exact integers below 2^53 only.
constexpr double kMaxExactDouble = 9007199254740992.0;

// A non-negative whole number up to `limit`.
std::uint64_t whole_number(const nlohmann::json& value, const char* key, std::uint64_t limit) {
    std::uint64_t number = 0;
    if (value.is_number_unsigned()) {
        number = value.get<std::uint64_t>();
    } else if (value.is_number_integer()) {
        const std::int64_t signed_number = value.get<std::int64_t>();
        if (signed_number < 0) fail(key, "negative");
        number = static_cast<std::uint64_t>(signed_number);
    } else if (value.is_number_float()) {
        const double d = value.get<double>();
        if (!(d >= 0 && d < kMaxExactDouble) || std::floor(d) != d) fail(key, "not a whole non-negative number");
        number = static_cast<std::uint64_t>(d);
    } else {
        fail(key, "not a number");
    }
    if (number > limit) fail(key, "too large");
    return number;
}

}  // namespace

std::string required_string(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) fail(key, "missing or not a string");
    return it->get<std::string>();
}

std::optional<std::string> optional_string(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) fail(key, "not a string");
    return it->get<std::string>();
}

std::uint64_t required_msat(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end()) fail(key, "missing");
    return whole_number(*it, key, max_msat);
}

std::uint32_t optional_count(const nlohmann::json& object, const char* key, std::uint32_t fallback) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return fallback;
    return static_cast<std::uint32_t>(whole_number(*it, key, 0xffffffffu));
}

std::optional<std::size_t> character_count(std::string_view utf8) noexcept {
    std::size_t count = 0;
    for (std::size_t offset = 0; offset < utf8.size(); ++count)
        if (!codec::next_code_point(utf8, offset)) return std::nullopt;
    return count;
}

void require_tag(const nlohmann::json& object, const char* tag) {
    const auto it = object.find("tag");
    if (it == object.end() || !it->is_string() || it->get<std::string>() != tag)
        throw Error(Errc::bad_lnurl, std::string("answer is not a ") + tag);
}

}  // namespace flash::lightning::lnurl
