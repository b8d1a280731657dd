// Reading the fields of LNURL service answers (LUD-03/06/09/10) with typed errors: every missing
// or mistyped field is Error(bad_lnurl) naming the field. Shared by the LNURL parsers only.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace flash::lightning::lnurl {

/// Most millisatoshis any amount field may hold: 21 million BTC.
inline constexpr std::uint64_t max_msat = 21'000'000ull * 100'000'000ull * 1000ull;

/// object[key] as a string; Error(bad_lnurl) when it is absent or not a string.
std::string required_string(const nlohmann::json& object, const char* key);
/// object[key] as a string, nullopt when absent or null; Error(bad_lnurl) when another type.
std::optional<std::string> optional_string(const nlohmann::json& object, const char* key);
/// object[key] as a whole number of millisatoshis in 0..max_msat. JSON integers are taken as
/// they are; a float is accepted only when it is integral and below 2^53 (what a JavaScript
/// service may send). Error(bad_lnurl) when absent, negative, fractional or too large.
std::uint64_t required_msat(const nlohmann::json& object, const char* key);
/// object[key] as a non-negative integer below 2^32 (as required_msat for floats); `fallback`
/// when absent or null.
std::uint32_t optional_count(const nlohmann::json& object, const char* key, std::uint32_t fallback);
/// The number of Unicode code points in `utf8` (the LUDs count "characters"); nullopt when it
/// is not valid UTF-8.
std::optional<std::size_t> character_count(std::string_view utf8) noexcept;
/// Error(bad_lnurl) unless object["tag"] is the string `tag`.
void require_tag(const nlohmann::json& object, const char* tag);

}  // namespace flash::lightning::lnurl
