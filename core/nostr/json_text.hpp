// Parsing JSON text from outside with a size and nesting limit (shared by the NOSTR decoders).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

namespace flash::nostr {

/// Default nesting limit: NOSTR messages nest 4 deep (message, filter, tag array, values).
inline constexpr std::size_t default_json_depth = 32;

/// Parses `text` as one JSON value. Throws Error(too_large) when `text` is longer than
/// `max_bytes`, Error(bad_json) when it is not JSON (including trailing garbage, invalid UTF-8
/// and nesting deeper than `max_depth`).
nlohmann::json parse_json_text(std::string_view text, std::size_t max_bytes,
                               std::size_t max_depth = default_json_depth);

}  // namespace flash::nostr
