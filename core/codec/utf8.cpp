#include "core/codec/utf8.hpp"

#include <cstdint>

namespace flash::codec {

std::optional<char32_t> next_code_point(std::string_view text, std::size_t& offset) noexcept {
    const auto lead = static_cast<std::uint8_t>(text[offset]);
    if (lead < 0x80) {
        ++offset;
        return lead;
    }
    std::size_t length;
    char32_t cp, minimum;
    if ((lead & 0xE0) == 0xC0) {
        length = 2, cp = lead & 0x1Fu, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, cp = lead & 0x0Fu, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, cp = lead & 0x07u, minimum = 0x10000;
    } else {
        return std::nullopt;
    }
    if (text.size() - offset < length) return std::nullopt;
    for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<std::uint8_t>(text[offset + k]);
        if ((next & 0xC0) != 0x80) return std::nullopt;
        cp = (cp << 6) | (next & 0x3Fu);
    }
    if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    offset += length;
    return cp;
}

bool is_utf8(std::string_view text) noexcept {
    for (std::size_t i = 0; i < text.size();)
        if (!next_code_point(text, i)) return false;
    return true;
}

}  // namespace flash::codec
