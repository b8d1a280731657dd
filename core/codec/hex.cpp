#include "core/codec/hex.hpp"

namespace flash::codec {

namespace {

constexpr char kDigits[] = "0123456789abcdef";

// The value of one hex digit (either case), or -1.
int nibble(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string hex_encode(ByteView data) {
    std::string out;
    out.reserve(data.size() * 2);
    for (std::uint8_t b : data) {
        out.push_back(kDigits[b >> 4]);
        out.push_back(kDigits[b & 0x0f]);
    }
    return out;
}

Bytes hex_decode(std::string_view text) {
    if (text.size() % 2 != 0) throw Error(Errc::bad_hex, "odd number of hex digits");
    Bytes out;
    out.reserve(text.size() / 2);
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int hi = nibble(text[i]);
        const int lo = nibble(text[i + 1]);
        if (hi < 0 || lo < 0) throw Error(Errc::bad_hex, "non-hex character at offset " + std::to_string(hi < 0 ? i : i + 1));
        out.push_back(static_cast<std::uint8_t>((hi << 4) | lo));
    }
    return out;
}

}  // namespace flash::codec
