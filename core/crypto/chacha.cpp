#include "core/crypto/chacha.hpp"

#include <algorithm>

#include "core/crypto/evp.hpp"
#include "core/error.hpp"

namespace flash::crypto {

namespace {

std::uint32_t load_le32(const std::uint8_t* p) {
    return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 |
           std::uint32_t{p[3]} << 24;
}

constexpr std::uint32_t rol(std::uint32_t x, unsigned n) { return (x << n) | (x >> (32 - n)); }

void quarter_round(std::uint32_t& a, std::uint32_t& b, std::uint32_t& c, std::uint32_t& d) {
    a += b, d = rol(d ^ a, 16);
    c += d, b = rol(b ^ c, 12);
    a += b, d = rol(d ^ a, 8);
    c += d, b = rol(b ^ c, 7);
}

}  // namespace

Bytes chacha20_xor(ByteView key32, ByteView nonce12, std::uint32_t counter, ByteView data) {
    require_size(key32, 32, "ChaCha20 key");
    require_size(nonce12, 12, "ChaCha20 nonce");
    // OpenSSL's "ChaCha20" takes a 16-byte IV: the 32-bit little-endian block counter, then the
    // 96-bit nonce (the RFC 8439 state words 12..15).
    ByteArray<16> iv;
    for (int i = 0; i < 4; ++i) iv[i] = static_cast<std::uint8_t>(counter >> (8 * i));
    std::copy(nonce12.begin(), nonce12.end(), iv.begin() + 4);

    detail::CipherCtx ctx;
    if (EVP_EncryptInit_ex2(ctx.get(), detail::cipher_chacha20(), key32.data(), iv.data(), nullptr) != 1)
        detail::fail("EVP_EncryptInit_ex2(ChaCha20)");
    Bytes out(data.size());
    detail::cipher_update(ctx.get(), out.data(), data);  // a stream cipher: no final block
    return out;
}

Secret<32> hchacha20(ByteView key32, ByteView nonce16) {
    require_size(key32, 32, "HChaCha20 key");
    require_size(nonce16, 16, "HChaCha20 nonce");
    // Not in OpenSSL: the ChaCha20 block function (draft-irtf-cfrg-xchacha §2.2) with the nonce
    // filling all four last words, and without the final addition of the input state.
    std::uint32_t s[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
    for (int i = 0; i < 8; ++i) s[4 + i] = load_le32(key32.data() + 4 * i);
    for (int i = 0; i < 4; ++i) s[12 + i] = load_le32(nonce16.data() + 4 * i);
    for (int round = 0; round < 10; ++round) {
        quarter_round(s[0], s[4], s[8], s[12]);
        quarter_round(s[1], s[5], s[9], s[13]);
        quarter_round(s[2], s[6], s[10], s[14]);
        quarter_round(s[3], s[7], s[11], s[15]);
        quarter_round(s[0], s[5], s[10], s[15]);
        quarter_round(s[1], s[6], s[11], s[12]);
        quarter_round(s[2], s[7], s[8], s[13]);
        quarter_round(s[3], s[4], s[9], s[14]);
    }
    Secret<32> out;
    const int words[8] = {0, 1, 2, 3, 12, 13, 14, 15};
    for (int i = 0; i < 8; ++i)
        for (int b = 0; b < 4; ++b) out.data()[4 * i + b] = static_cast<std::uint8_t>(s[words[i]] >> (8 * b));
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
