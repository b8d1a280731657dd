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

// Both directions size their output first and write by index: per-character push_back is not
// inlined in the size-optimised wasm build and made NIP-44 payloads slow to encode.
std::string encode(ByteView data, const char* alphabet, Padding padding) {
    const std::size_t whole = data.size() / 3, rest = data.size() % 3;
    const std::size_t tail = rest == 0 ? 0 : (padding == Padding::with ? 4 : rest + 1);
    std::string out(whole * 4 + tail, '=');
    char* o = out.data();
    const std::uint8_t* in = data.data();
    for (std::size_t i = 0; i < whole; ++i, in += 3, o += 4) {
        const std::uint32_t v = (std::uint32_t{in[0]} << 16) | (std::uint32_t{in[1]} << 8) | in[2];
        o[0] = alphabet[(v >> 18) & 63];
        o[1] = alphabet[(v >> 12) & 63];
        o[2] = alphabet[(v >> 6) & 63];
        o[3] = alphabet[v & 63];
    }
    if (rest != 0) {
        const std::uint32_t v = (std::uint32_t{in[0]} << 16) | (rest == 2 ? std::uint32_t{in[1]} << 8 : 0);
        o[0] = alphabet[(v >> 18) & 63];
        o[1] = alphabet[(v >> 12) & 63];
        if (rest == 2) o[2] = alphabet[(v >> 6) & 63];
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

    Bytes out(body / 4 * 3 + (body % 4 == 0 ? 0 : body % 4 - 1));
    std::size_t written = 0;
    std::uint32_t acc = 0;
    unsigned bits = 0;
    for (std::size_t i = 0; i < body; ++i) {
        const std::int8_t v = table[static_cast<unsigned char>(text[i])];
        if (v < 0) throw Error(Errc::bad_base64, "invalid character at offset " + std::to_string(i));
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[written++] = static_cast<std::uint8_t>((acc >> bits) & 0xff);
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
