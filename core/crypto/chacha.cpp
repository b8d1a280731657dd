#include "core/crypto/chacha.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "core/crypto/evp.hpp"
#include "core/error.hpp"

namespace flash::crypto {

namespace {

// Helpers called in the loops are forced inline: at -Oz (the wasm build) clang keeps them as
// calls. Words move with memcpy on little-endian machines (wasm, x86, ARM), which compiles to one
// load or store where the byte-by-byte form stays a loop of byte accesses at -Oz.
[[gnu::always_inline]] inline std::uint32_t load_le32(const std::uint8_t* p) {
    if constexpr (std::endian::native == std::endian::little) {
        std::uint32_t v;
        std::memcpy(&v, p, 4);
        return v;
    }
    return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 |
           std::uint32_t{p[3]} << 24;
}

[[gnu::always_inline]] inline void store_le32(std::uint8_t* p, std::uint32_t v) {
    if constexpr (std::endian::native == std::endian::little) {
        std::memcpy(p, &v, 4);
        return;
    }
    for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

[[gnu::always_inline]] constexpr std::uint32_t rol(std::uint32_t x, unsigned n) {
    return (x << n) | (x >> (32 - n));
}

[[gnu::always_inline]] inline void quarter_round(std::uint32_t& a, std::uint32_t& b, std::uint32_t& c,
                                                 std::uint32_t& d) {
    a += b, d = rol(d ^ a, 16);
    c += d, b = rol(b ^ c, 12);
    a += b, d = rol(d ^ a, 8);
    c += d, b = rol(b ^ c, 7);
}

// The initial state (RFC 8439 §2.3): constants, key, then four words of counter/nonce that the
// caller fills in.
void init_state(std::uint32_t s[16], ByteView key32) {
    s[0] = 0x61707865, s[1] = 0x3320646e, s[2] = 0x79622d32, s[3] = 0x6b206574;
    for (int i = 0; i < 8; ++i) s[4 + i] = load_le32(key32.data() + 4 * i);
}

// The 20 rounds of the block function, in place, without the final addition of the input.
// They run on a local copy: a local array indexed by constants lives in registers, while
// through the pointer every step would load and store memory.
void rounds(std::uint32_t s[16]) {
    std::uint32_t x[16];
    std::memcpy(x, s, sizeof x);
    for (int round = 0; round < 10; ++round) {
        quarter_round(x[0], x[4], x[8], x[12]);
        quarter_round(x[1], x[5], x[9], x[13]);
        quarter_round(x[2], x[6], x[10], x[14]);
        quarter_round(x[3], x[7], x[11], x[15]);
        quarter_round(x[0], x[5], x[10], x[15]);
        quarter_round(x[1], x[6], x[11], x[12]);
        quarter_round(x[2], x[7], x[8], x[13]);
        quarter_round(x[3], x[4], x[9], x[14]);
    }
    std::memcpy(s, x, sizeof x);
}

}  // namespace

// Written here, not through EVP: setting up an EVP cipher context per call cost more than
// encrypting a NOSTR message (NIP-44 calls this once per message, each with a new key).
Bytes chacha20_xor(ByteView key32, ByteView nonce12, std::uint32_t counter, ByteView data) {
    require_size(key32, 32, "ChaCha20 key");
    require_size(nonce12, 12, "ChaCha20 nonce");
    // The 32-bit block counter must not wrap (RFC 8439 §2.4: 256 GiB per key and nonce).
    if ((data.size() + 63) / 64 > std::uint64_t{0xFFFF'FFFF} - counter + 1)
        throw Error(Errc::bad_length, "ChaCha20 input runs past the 32-bit block counter");
    std::uint32_t state[16];
    init_state(state, key32);
    state[12] = counter;
    for (int i = 0; i < 3; ++i) state[13 + i] = load_le32(nonce12.data() + 4 * i);

    // Raw pointers and whole words: at -Oz (the wasm build) span and vector element access stay
    // calls, and a vector built from span iterators copies byte by byte (from pointers: memcpy).
    Bytes out(data.data(), data.data() + data.size());
    std::uint8_t* o = out.data();
    std::size_t left = out.size();
    std::uint32_t x[16];
    for (; left >= 64; o += 64, left -= 64, ++state[12]) {
        std::memcpy(x, state, sizeof x);
        rounds(x);
        for (int i = 0; i < 16; ++i) store_le32(o + 4 * i, load_le32(o + 4 * i) ^ (x[i] + state[i]));
    }
    std::uint8_t stream[64];
    if (left > 0) {  // the last, partial block
        std::memcpy(x, state, sizeof x);
        rounds(x);
        for (int i = 0; i < 16; ++i) store_le32(stream + 4 * i, x[i] + state[i]);
        for (std::size_t i = 0; i < left; ++i) o[i] ^= stream[i];
    }
    wipe(state, sizeof state);
    wipe(x, sizeof x);
    wipe(stream, sizeof stream);
    return out;
}

Secret<32> hchacha20(ByteView key32, ByteView nonce16) {
    require_size(key32, 32, "HChaCha20 key");
    require_size(nonce16, 16, "HChaCha20 nonce");
    // The ChaCha20 block function (draft-irtf-cfrg-xchacha §2.2) with the nonce filling all four
    // last words, and without the final addition of the input state.
    std::uint32_t s[16];
    init_state(s, key32);
    for (int i = 0; i < 4; ++i) s[12 + i] = load_le32(nonce16.data() + 4 * i);
    rounds(s);
    Secret<32> out;
    const int words[8] = {0, 1, 2, 3, 12, 13, 14, 15};
    for (int i = 0; i < 8; ++i) store_le32(out.data() + 4 * i, s[words[i]]);
    wipe(s, sizeof s);
    return out;
}

Bytes chacha20_poly1305_seal(ByteView key32, ByteView nonce12, ByteView aad, ByteView plaintext) {
    require_size(key32, 32, "ChaCha20-Poly1305 key");
    require_size(nonce12, 12, "ChaCha20-Poly1305 nonce");
    return detail::aead_seal(detail::cipher_chacha20_poly1305(), key32, nonce12, aad, plaintext);
}

SecretBytes chacha20_poly1305_open(ByteView key32, ByteView nonce12, ByteView aad, ByteView sealed) {
    require_size(key32, 32, "ChaCha20-Poly1305 key");
    require_size(nonce12, 12, "ChaCha20-Poly1305 nonce");
    return detail::aead_open(detail::cipher_chacha20_poly1305(), key32, nonce12, aad, sealed);
}

namespace {

// XChaCha20-Poly1305 = ChaCha20-Poly1305 under the subkey HChaCha20(key, nonce[0..16]) with the
// 96-bit nonce 0x00000000 || nonce[16..24] (draft-irtf-cfrg-xchacha §2.3).
ByteArray<12> xchacha_inner_nonce(ByteView nonce24) {
    ByteArray<12> n{};
    std::copy(nonce24.begin() + 16, nonce24.end(), n.begin() + 4);
    return n;
}

}  // namespace

Bytes xchacha20_poly1305_seal(ByteView key32, ByteView nonce24, ByteView aad, ByteView plaintext) {
    require_size(nonce24, 24, "XChaCha20-Poly1305 nonce");
    Secret<32> subkey = hchacha20(key32, nonce24.first(16));
    return chacha20_poly1305_seal(subkey.view(), xchacha_inner_nonce(nonce24), aad, plaintext);
}

SecretBytes xchacha20_poly1305_open(ByteView key32, ByteView nonce24, ByteView aad, ByteView sealed) {
    require_size(nonce24, 24, "XChaCha20-Poly1305 nonce");
    Secret<32> subkey = hchacha20(key32, nonce24.first(16));
    return chacha20_poly1305_open(subkey.view(), xchacha_inner_nonce(nonce24), aad, sealed);
}

}  // namespace flash::crypto
