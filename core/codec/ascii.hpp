// ASCII case helpers for protocol text (schemes, hosts, bech32 and URI prefixes). Bytes outside
// A-Z / a-z are left alone, so UTF-8 passes through unchanged; no locale is involved.
#pragma once

#include <string>
#include <string_view>

namespace flash::codec {

inline char ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
inline char ascii_upper(char c) noexcept { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

inline std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

inline std::string ascii_upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = ascii_upper(c);
    return out;
}

/// True when `text` begins with `prefix`, comparing ASCII letters without regard to case.
inline bool starts_with_ignore_case(std::string_view text, std::string_view prefix) noexcept {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (ascii_lower(text[i]) != ascii_lower(prefix[i])) return false;
    return true;
}

}  // namespace flash::codec
