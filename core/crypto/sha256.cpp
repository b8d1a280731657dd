// SHA-256 (FIPS 180-4 §6.2), implemented here rather than through OpenSSL's EVP: every EVP call
// allocates and sets up a provider context, which cost more than hashing NIP-44's short key
// derivation inputs, and a value type whose state copies is what lets HMAC keep a key's inner and
// outer prefix (mac.cpp). The only SHA-256 of the core; SHA-512 stays with OpenSSL.
// No table is indexed by data and no branch depends on it, so secret inputs are safe.
// Natively the block function is OpenSSL's (below), which uses the CPU's SHA instructions.
#ifndef __EMSCRIPTEN__
#define OPENSSL_SUPPRESS_DEPRECATED  // SHA256_Transform: deprecated in OpenSSL 3, still there
#include <openssl/sha.h>
#endif

#include <cstring>

#include "core/crypto/hash.hpp"
#include "core/crypto/memory.hpp"

namespace flash::crypto {

namespace {

constexpr std::uint32_t initial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

#ifndef __EMSCRIPTEN__
static_assert(sizeof(SHA_LONG) == sizeof(std::uint32_t));

// Processes `blocks` consecutive 64-byte blocks with OpenSSL's block function: with the CPU's SHA
// extensions it hashes 1 KiB five times as fast as the portable rounds (which serve in wasm, whose
// slim libcrypto has no deprecated functions).
void compress(std::uint32_t* state, const std::uint8_t* data, std::size_t blocks) {
    SHA256_CTX ctx;
    std::memcpy(ctx.h, state, sizeof ctx.h);
    for (; blocks > 0; --blocks, data += 64) SHA256_Transform(&ctx, data);
    std::memcpy(state, ctx.h, sizeof ctx.h);
    wipe(&ctx, sizeof ctx);
}
#else
constexpr std::uint32_t k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

// Helpers called in the round loops are forced inline: at -Oz (the wasm build) clang keeps them as
// calls, which made hashing six times slower.
[[gnu::always_inline]] constexpr std::uint32_t ror(std::uint32_t x, unsigned n) {
    return (x >> n) | (x << (32 - n));
}

[[gnu::always_inline]] inline std::uint32_t load_be32(const std::uint8_t* p) {
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

// Processes `blocks` consecutive 64-byte blocks.
void compress(std::uint32_t* state, const std::uint8_t* data, std::size_t blocks) {
    std::uint32_t w[64];
    for (; blocks > 0; --blocks, data += 64) {
        for (int t = 0; t < 16; ++t) w[t] = load_be32(data + 4 * t);
        for (int t = 16; t < 64; ++t) {
            const std::uint32_t s0 = ror(w[t - 15], 7) ^ ror(w[t - 15], 18) ^ (w[t - 15] >> 3);
            const std::uint32_t s1 = ror(w[t - 2], 17) ^ ror(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        for (int t = 0; t < 64; ++t) {
            const std::uint32_t t1 =
                h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + k[t] + w[t];
            const std::uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
        }
        state[0] += a, state[1] += b, state[2] += c, state[3] += d;
        state[4] += e, state[5] += f, state[6] += g, state[7] += h;
    }
    wipe(w, sizeof w);
}
#endif

}  // namespace

Sha256::Sha256() noexcept { std::memcpy(state_, initial, sizeof state_); }

Sha256::~Sha256() { wipe(this, sizeof *this); }

Sha256& Sha256::update(ByteView data) noexcept {
    if (data.empty()) return *this;  // an empty view may hold a null pointer, which memcpy must not get
    const std::uint8_t* in = data.data();
    std::size_t left = data.size();
    std::size_t used = static_cast<std::size_t>(length_ % 64);
    length_ += left;
    if (used != 0) {
        const std::size_t take = left < 64 - used ? left : 64 - used;
        std::memcpy(buffer_ + used, in, take);
        in += take, left -= take, used += take;
        if (used < 64) return *this;
        compress(state_, buffer_, 1);
    }
    compress(state_, in, left / 64);
    if (left % 64 != 0) std::memcpy(buffer_, in + left / 64 * 64, left % 64);
    return *this;
}

Hash256 Sha256::finalize() noexcept {
    // 0x80, zeros to 56 mod 64, then the bit length big-endian.
    const std::uint64_t bits = length_ * 8;
    std::size_t used = static_cast<std::size_t>(length_ % 64);
    buffer_[used++] = 0x80;
    if (used > 56) {
        std::memset(buffer_ + used, 0, 64 - used);
        compress(state_, buffer_, 1);
        used = 0;
    }
    std::memset(buffer_ + used, 0, 56 - used);
    for (int i = 0; i < 8; ++i) buffer_[56 + i] = static_cast<std::uint8_t>(bits >> (56 - 8 * i));
    compress(state_, buffer_, 1);
    Hash256 out;
    for (int i = 0; i < 8; ++i)
        for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<std::uint8_t>(state_[i] >> (24 - 8 * j));
    return out;
}

Hash256 sha256(ByteView data) { return Sha256().update(data).finalize(); }

}  // namespace flash::crypto
