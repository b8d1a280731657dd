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

[[noreturn]] void invalid_character(std::string_view text, const std::array<std::int8_t, 256>& table,
                                    std::size_t from) {
    while (table[static_cast<unsigned char>(text[from])] >= 0) ++from;
    throw Error(Errc::bad_base64, "invalid character at offset " + std::to_string(from));
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

    // Whole groups of four characters make three bytes, collected in a stack buffer and appended
    // by pointer range (one memcpy): at -Oz (the wasm build) a sized vector is zeroed, and
    // vector or string_view indexing runs, with calls for every byte.
    const auto* in = reinterpret_cast<const unsigned char*>(text.data());
    const std::int8_t* t = table.data();
    // Looks up `n` characters from offset `i`; any outside the alphabet is reported by offset.
    auto sextets = [&](std::size_t i, std::size_t n) {
        std::uint32_t v = 0;
        int bad = 0;
        for (std::size_t k = 0; k < n; ++k) {
            bad |= t[in[i + k]];
            v |= static_cast<std::uint32_t>(t[in[i + k]] & 63) << (18 - 6 * k);
        }
        if (bad < 0) invalid_character(text, table, i);
        return v;
    };
    Bytes out;
    out.reserve(body / 4 * 3 + (body % 4 == 0 ? 0 : body % 4 - 1));
    std::uint8_t chunk[3 * 256];
    std::size_t used = 0;
    std::size_t i = 0;
    for (; i + 4 <= body; i += 4) {
        const std::uint32_t v = sextets(i, 4);
        chunk[used] = static_cast<std::uint8_t>(v >> 16);
        chunk[used + 1] = static_cast<std::uint8_t>(v >> 8);
        chunk[used + 2] = static_cast<std::uint8_t>(v);
        used += 3;
        if (used == sizeof chunk) {
            out.insert(out.end(), chunk, chunk + used);
            used = 0;
        }
    }
    // 2 or 3 characters may remain: 1 or 2 bytes, and 4 or 2 bits that must be zero (RFC 4648
    // §3.5, canonical encoding).
    if (i < body) {
        const std::uint32_t v = sextets(i, body - i);
        chunk[used++] = static_cast<std::uint8_t>(v >> 16);
        if (body - i == 3) chunk[used++] = static_cast<std::uint8_t>(v >> 8);
        if ((body - i == 2 ? v & 0xFFFF : v & 0xFF) != 0)
            throw Error(Errc::bad_base64, "non-zero trailing bits");
    }
    out.insert(out.end(), chunk, chunk + used);
    return out;
}

}  // namespace

std::string base64_encode(ByteView data, Padding padding) { return encode(data, kStd, padding); }
Bytes base64_decode(std::string_view text) { return decode(text, kStdReverse); }
std::string base64url_encode(ByteView data, Padding padding) { return encode(data, kUrl, padding); }
Bytes base64url_decode(std::string_view text) { return decode(text, kUrlReverse); }

}  // namespace flash::codec
