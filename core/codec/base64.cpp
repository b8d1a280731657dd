#include "core/codec/base64.hpp"

#include <array>

#include "core/error.hpp"

namespace flash::codec {

namespace {

constexpr char kStd[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Reverse table for one alphabet: 0..63, or -1 for characters outside it.
constexpr std::array<std::int8_t, 256> reverse_table(const char* alphabet) {
    std::array<std::int8_t, 256> table{};
    for (auto& v : table) v = -1;
    for (int i = 0; i < 64; ++i) table[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
    return table;
}

constexpr auto kStdReverse = reverse_table(kStd);
constexpr auto kUrlReverse = reverse_table(kUrl);

std::string encode(ByteView data, const char* alphabet, Padding padding) {
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= data.size(); i += 3) {
        const std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8) | data[i + 2];
        out.push_back(alphabet[(v >> 18) & 63]);
        out.push_back(alphabet[(v >> 12) & 63]);
        out.push_back(alphabet[(v >> 6) & 63]);
        out.push_back(alphabet[v & 63]);
    }
    const std::size_t rest = data.size() - i;
    if (rest == 1) {
        const std::uint32_t v = std::uint32_t{data[i]} << 16;
        out.push_back(alphabet[(v >> 18) & 63]);
        out.push_back(alphabet[(v >> 12) & 63]);
        if (padding == Padding::with) out.append("==");
    } else if (rest == 2) {
        const std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8);
        out.push_back(alphabet[(v >> 18) & 63]);
        out.push_back(alphabet[(v >> 12) & 63]);
        out.push_back(alphabet[(v >> 6) & 63]);
        if (padding == Padding::with) out.push_back('=');
    }
    return out;
}

Bytes decode(std::string_view text, const std::array<std::int8_t, 256>& table) {
    // Split off the padding: either none, or exactly what makes the length a multiple of 4.
    std::size_t body = text.size();
    while (body > 0 && text[body - 1] == '=') --body;
    const std::size_t pad = text.size() - body;
    if (pad > 2) throw Error(Errc::bad_base64, "too much padding");
    if (body % 4 == 1) throw Error(Errc::bad_base64, "impossible length");
    if (pad != 0) {
        if (text.size() % 4 != 0) throw Error(Errc::bad_base64, "padded length is not a multiple of 4");
        if (pad != 4 - body % 4) throw Error(Errc::bad_base64, "wrong amount of padding");
    }

    Bytes out;
    out.reserve(body / 4 * 3 + 2);
    std::uint32_t acc = 0;
    unsigned bits = 0;
    for (std::size_t i = 0; i < body; ++i) {
        const std::int8_t v = table[static_cast<unsigned char>(text[i])];
        if (v < 0) throw Error(Errc::bad_base64, "invalid character at offset " + std::to_string(i));
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xff));
        }
        acc &= (1u << bits) - 1;
    }
    // 2 or 4 bits may be left over; they must be zero (RFC 4648 §3.5, canonical encoding).
    if (acc != 0) throw Error(Errc::bad_base64, "non-zero trailing bits");
    return out;
}

}  // namespace

std::string base64_encode(ByteView data, Padding padding) { return encode(data, kStd, padding); }
Bytes base64_decode(std::string_view text) { return decode(text, kStdReverse); }
std::string base64url_encode(ByteView data, Padding padding) { return encode(data, kUrl, padding); }
Bytes base64url_decode(std::string_view text) { return decode(text, kUrlReverse); }

}  // namespace flash::codec
