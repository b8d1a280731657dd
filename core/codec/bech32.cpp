#include "core/codec/bech32.hpp"

#include <array>
#include <stdexcept>

#include "core/error.hpp"

namespace flash::codec {

namespace {

constexpr char kCharset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
constexpr std::uint32_t kBech32Const = 1;
constexpr std::uint32_t kBech32mConst = 0x2bc830a3;
constexpr std::size_t kChecksumLength = 6;
constexpr std::size_t kMaxHrpLength = 83;

// Lower-case charset index of each character (either case), or -1.
constexpr std::array<std::int8_t, 128> make_reverse() {
    std::array<std::int8_t, 128> table{};
    for (auto& v : table) v = -1;
    for (int i = 0; i < 32; ++i) {
        const char c = kCharset[i];
        table[static_cast<unsigned char>(c)] = static_cast<std::int8_t>(i);
        if (c >= 'a' && c <= 'z') table[static_cast<unsigned char>(c - 'a' + 'A')] = static_cast<std::int8_t>(i);
    }
    return table;
}
constexpr auto kReverse = make_reverse();

std::uint32_t polymod_step(std::uint32_t chk, std::uint8_t value) {
    constexpr std::uint32_t gen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    const std::uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ value;
    for (int i = 0; i < 5; ++i)
        if ((top >> i) & 1) chk ^= gen[i];
    return chk;
}

// The checksum state after the expanded hrp (BIP-173 `hrp_expand`); `hrp` must be lower case.
std::uint32_t polymod_hrp(std::string_view hrp) {
    std::uint32_t chk = 1;
    for (char c : hrp) chk = polymod_step(chk, static_cast<std::uint8_t>(static_cast<unsigned char>(c) >> 5));
    chk = polymod_step(chk, 0);
    for (char c : hrp) chk = polymod_step(chk, static_cast<std::uint8_t>(static_cast<unsigned char>(c) & 31));
    return chk;
}

std::uint32_t variant_const(Bech32Variant variant) {
    return variant == Bech32Variant::bech32 ? kBech32Const : kBech32mConst;
}

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
char to_lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

// Validates an hrp (1..83 characters in 33..126, not mixed case) and returns it in lower case.
std::string normalise_hrp(std::string_view hrp) {
    if (hrp.empty()) throw Error(Errc::bad_bech32, "empty human-readable part");
    if (hrp.size() > kMaxHrpLength) throw Error(Errc::bad_bech32, "human-readable part longer than 83 characters");
    bool upper = false, lower = false;
    std::string out;
    out.reserve(hrp.size());
    for (char c : hrp) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 33 || u > 126) throw Error(Errc::bad_bech32, "human-readable part character out of range");
        upper = upper || is_upper(c);
        lower = lower || is_lower(c);
        out.push_back(to_lower(c));
    }
    if (upper && lower) throw Error(Errc::bad_bech32, "mixed-case human-readable part");
    return out;
}

}  // namespace

std::string bech32_encode(std::string_view hrp, ByteView data, Bech32Variant variant, std::size_t limit) {
    std::string out = normalise_hrp(hrp);
    // Compare without overflow: hrp + '1' + data + checksum must fit in `limit`.
    if (data.size() > limit || out.size() + 1 + kChecksumLength > limit - data.size())
        throw Error(Errc::bad_bech32, "result longer than " + std::to_string(limit) + " characters");

    std::uint32_t chk = polymod_hrp(out);
    out.reserve(out.size() + 1 + data.size() + kChecksumLength);
    out.push_back('1');
    for (std::uint8_t v : data) {
        if (v >= 32) throw Error(Errc::bad_bech32, "data value not below 32");
        chk = polymod_step(chk, v);
        out.push_back(kCharset[v]);
    }
    for (std::size_t i = 0; i < kChecksumLength; ++i) chk = polymod_step(chk, 0);
    chk ^= variant_const(variant);
    for (std::size_t i = 0; i < kChecksumLength; ++i) out.push_back(kCharset[(chk >> (5 * (5 - i))) & 31]);
    return out;
}

Bech32Data bech32_decode(std::string_view text, std::size_t limit) {
    if (text.size() > limit) throw Error(Errc::bad_bech32, "longer than " + std::to_string(limit) + " characters");
    bool upper = false, lower = false;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 33 || u > 126) throw Error(Errc::bad_bech32, "character out of range");
        upper = upper || is_upper(c);
        lower = lower || is_lower(c);
    }
    if (upper && lower) throw Error(Errc::bad_bech32, "mixed case");

    const std::size_t sep = text.rfind('1');
    if (sep == std::string_view::npos) throw Error(Errc::bad_bech32, "no separator");
    if (sep == 0) throw Error(Errc::bad_bech32, "empty human-readable part");
    if (text.size() - sep - 1 < kChecksumLength) throw Error(Errc::bad_bech32, "checksum too short");

    Bech32Data result;
    result.hrp = normalise_hrp(text.substr(0, sep));
    const std::string_view rest = text.substr(sep + 1);
    std::uint32_t chk = polymod_hrp(result.hrp);
    result.data.reserve(rest.size());
    for (char c : rest) {
        const std::int8_t v = kReverse[static_cast<unsigned char>(c) & 127];
        if (v < 0) throw Error(Errc::bad_bech32, std::string("invalid data character '") + c + "'");
        chk = polymod_step(chk, static_cast<std::uint8_t>(v));
        result.data.push_back(static_cast<std::uint8_t>(v));
    }
    if (chk == kBech32Const)
        result.variant = Bech32Variant::bech32;
    else if (chk == kBech32mConst)
        result.variant = Bech32Variant::bech32m;
    else
        throw Error(Errc::bad_checksum, "bech32/bech32m checksum mismatch");
    result.data.resize(result.data.size() - kChecksumLength);
    return result;
}

Bytes convert_bits(ByteView data, unsigned from, unsigned to, bool pad) {
    if (from < 1 || from > 8 || to < 1 || to > 8) throw std::invalid_argument("convert_bits: group sizes must be 1..8");
    const std::uint32_t max_out = (1u << to) - 1;
    std::uint32_t acc = 0;
    unsigned bits = 0;
    Bytes out;
    out.reserve(data.size() * from / to + 1);
    for (std::uint8_t v : data) {
        if ((v >> from) != 0) throw Error(Errc::bad_bech32, "value does not fit in " + std::to_string(from) + " bits");
        acc = ((acc << from) | v) & 0xffff;  // at most 7 + 8 bits are ever pending
        bits += from;
        while (bits >= to) {
            bits -= to;
            out.push_back(static_cast<std::uint8_t>((acc >> bits) & max_out));
        }
    }
    if (pad) {
        if (bits > 0) out.push_back(static_cast<std::uint8_t>((acc << (to - bits)) & max_out));
    } else {
        if (bits >= from) throw Error(Errc::bad_bech32, "too much padding");
        if (((acc << (to - bits)) & max_out) != 0) throw Error(Errc::bad_bech32, "non-zero padding");
    }
    return out;
}

std::string bech32_encode_bytes(std::string_view hrp, ByteView bytes, Bech32Variant variant, std::size_t limit) {
    return bech32_encode(hrp, convert_bits(bytes, 8, 5, true), variant, limit);
}

}  // namespace flash::codec
