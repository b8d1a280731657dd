// What every fuzz target shares: outside input may be rejected only with flash::Error; any other
// exception, a crash, a sanitizer report or a broken round trip is a finding.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace flash::fuzz {

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// Runs `parse`; a flash::Error is the expected rejection of bad input.
template <typename Parse>
void reject_with_typed_error(Parse&& parse) {
    try {
        parse();
    } catch (const Error&) {
    }
}

/// Aborts (a finding for libFuzzer) when a property of accepted input does not hold.
inline void require(bool property, const char* what) {
    if (!property) {
        std::fprintf(stderr, "property violated: %s\n", what);
        std::abort();
    }
}

inline std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

}  // namespace flash::fuzz
