// RIPEMD-160 (Dobbertin, Bosselaers, Preneel 1996), implemented here because the wasm libcrypto
// is built with no-rmd160/no-legacy. Inputs are public (hashes of public keys and scripts), so
// this straightforward implementation makes no constant-time effort.
#include <cstdint>
#include <cstring>

#include "core/crypto/hash.hpp"

namespace flash::crypto {

namespace {

constexpr std::uint32_t rol(std::uint32_t x, unsigned n) { return (x << n) | (x >> (32 - n)); }

// The five boolean functions; the left line uses them in order 0..4, the right line 4..0.
constexpr std::uint32_t f(unsigned round, std::uint32_t x, std::uint32_t y, std::uint32_t z) {
    switch (round) {
        case 0: return x ^ y ^ z;
        case 1: return (x & y) | (~x & z);
        case 2: return (x | ~y) ^ z;
        case 3: return (x & z) | (y & ~z);
        default: return x ^ (y | ~z);
    }
}

constexpr std::uint32_t k_left[5] = {0x00000000, 0x5A827999, 0x6ED9EBA1, 0x8F1BBCDC, 0xA953FD4E};
constexpr std::uint32_t k_right[5] = {0x50A28BE6, 0x5C4DD124, 0x6D703EF3, 0x7A6D76E9, 0x00000000};

// Message word selection and rotation amounts for the 80 steps of each line.
constexpr std::uint8_t r_left[80] = {
    0, 1, 2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 7,  4,  13, 1,
    10, 6, 15, 3, 12, 0,  9,  5,  2,  14, 11, 8,  3,  10, 14, 4,  9,  15, 8,  1,
    2,  7, 0,  6, 13, 11, 5,  12, 1,  9,  11, 10, 0,  8,  12, 4,  13, 3,  7,  15,
    14, 5, 6,  2, 4,  0,  5,  9,  7,  12, 2,  10, 14, 1,  3,  8,  11, 6,  15, 13};
constexpr std::uint8_t r_right[80] = {
    5,  14, 7,  0, 9, 2,  11, 4,  13, 6,  15, 8,  1,  10, 3,  12, 6,  11, 3,  7,
    0,  13, 5,  10, 14, 15, 8, 12, 4,  9,  1,  2,  15, 5,  1,  3,  7,  14, 6,  9,
    11, 8,  12, 2,  10, 0,  4,  13, 8,  6,  4,  1,  3,  11, 15, 0,  5,  12, 2,  13,
    9,  7,  10, 14, 12, 15, 10, 4,  1,  5,  8,  7,  6,  2,  13, 14, 0,  3,  9,  11};
constexpr std::uint8_t s_left[80] = {
    11, 14, 15, 12, 5,  8,  7,  9,  11, 13, 14, 15, 6,  7,  9,  8,  7,  6,  8,  13,
    11, 9,  7,  15, 7,  12, 15, 9,  11, 7,  13, 12, 11, 13, 6,  7,  14, 9,  13, 15,
    14, 8,  13, 6,  5,  12, 7,  5,  11, 12, 14, 15, 14, 15, 9,  8,  9,  14, 5,  6,
    8,  6,  5,  12, 9,  15, 5,  11, 6,  8,  13, 12, 5,  12, 13, 14, 11, 8,  5,  6};
constexpr std::uint8_t s_right[80] = {
    8,  9,  9,  11, 13, 15, 15, 5,  7,  7,  8,  11, 14, 14, 12, 6,  9,  13, 15, 7,
    12, 8,  9,  11, 7,  7,  12, 7,  6,  15, 13, 11, 9,  7,  15, 11, 8,  6,  6,  14,
    12, 13, 5,  14, 13, 13, 7,  5,  15, 5,  8,  11, 14, 14, 6,  14, 6,  9,  12, 9,
    12, 5,  15, 8,  8,  5,  12, 9,  12, 5,  14, 6,  8,  13, 6,  5,  15, 13, 11, 11};

void compress(std::uint32_t h[5], const std::uint8_t block[64]) {
    std::uint32_t x[16];
    for (int i = 0; i < 16; ++i) {
        x[i] = std::uint32_t{block[4 * i]} | std::uint32_t{block[4 * i + 1]} << 8 |
               std::uint32_t{block[4 * i + 2]} << 16 | std::uint32_t{block[4 * i + 3]} << 24;
    }
    std::uint32_t al = h[0], bl = h[1], cl = h[2], dl = h[3], el = h[4];
    std::uint32_t ar = h[0], br = h[1], cr = h[2], dr = h[3], er = h[4];
    for (unsigned j = 0; j < 80; ++j) {
        unsigned round = j / 16;
        std::uint32_t t = rol(al + f(round, bl, cl, dl) + x[r_left[j]] + k_left[round], s_left[j]) + el;
        al = el, el = dl, dl = rol(cl, 10), cl = bl, bl = t;
        t = rol(ar + f(4 - round, br, cr, dr) + x[r_right[j]] + k_right[round], s_right[j]) + er;
        ar = er, er = dr, dr = rol(cr, 10), cr = br, br = t;
    }
    std::uint32_t t = h[1] + cl + dr;
    h[1] = h[2] + dl + er;
    h[2] = h[3] + el + ar;
    h[3] = h[4] + al + br;
    h[4] = h[0] + bl + cr;
    h[0] = t;
}

}  // namespace

Hash160 ripemd160(ByteView data) {
    std::uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    std::size_t full = data.size() / 64 * 64;
    for (std::size_t off = 0; off < full; off += 64) compress(h, data.data() + off);

    // Padding: 0x80, zeros, then the bit length as 64-bit little-endian; one or two blocks.
    std::uint8_t tail[128] = {};
    std::size_t rest = data.size() - full;
    if (rest != 0) std::memcpy(tail, data.data() + full, rest);
    tail[rest] = 0x80;
    std::size_t tail_len = rest < 56 ? 64 : 128;
    std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
    for (int i = 0; i < 8; ++i) tail[tail_len - 8 + i] = static_cast<std::uint8_t>(bits >> (8 * i));
    compress(h, tail);
    if (tail_len == 128) compress(h, tail + 64);

    Hash160 out;
    for (int i = 0; i < 5; ++i)
        for (int b = 0; b < 4; ++b) out[4 * i + b] = static_cast<std::uint8_t>(h[i] >> (8 * b));
    return out;
}

}  // namespace flash::crypto
