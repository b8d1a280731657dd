#include "core/crypto/aes.hpp"

#include <string>

#include "core/crypto/evp.hpp"
#include "core/error.hpp"

namespace flash::crypto {

namespace {

constexpr std::size_t block = 16;

ByteArray<block> aes128_block(ByteView key16, ByteView block16, bool encrypt) {
    require_size(key16, 16, "AES-128 key");
    require_size(block16, block, "AES block");
    detail::CipherCtx ctx;
    if (EVP_CipherInit_ex2(ctx.get(), detail::cipher_aes128_ecb(), key16.data(), nullptr, encrypt ? 1 : 0,
                           nullptr) != 1)
        detail::fail("EVP_CipherInit_ex2(AES-128-ECB)");
    EVP_CIPHER_CTX_set_padding(ctx.get(), 0);  // one whole block in, one out: nothing held back
    ByteArray<block> out;
    int last = 0;
    if (detail::cipher_update(ctx.get(), out.data(), block16) != block ||
        EVP_CipherFinal_ex(ctx.get(), out.data() + block, &last) != 1 || last != 0)
        detail::fail("AES-128-ECB");
    return out;
}

}  // namespace

Bytes aes256_cbc_encrypt(ByteView key32, ByteView iv16, ByteView plaintext) {
    require_size(key32, 32, "AES-256 key");
    require_size(iv16, block, "AES-CBC IV");
    detail::CipherCtx ctx;  // PKCS#7 padding is EVP's default
    if (EVP_EncryptInit_ex2(ctx.get(), detail::cipher_aes256_cbc(), key32.data(), iv16.data(), nullptr) != 1)
        detail::fail("EVP_EncryptInit_ex2(AES-256-CBC)");
    // Padding always adds 1..16 bytes.
    Bytes out(plaintext.size() / block * block + block);
    std::size_t n = detail::cipher_update(ctx.get(), out.data(), plaintext);
    int last = 0;
    if (EVP_EncryptFinal_ex(ctx.get(), out.data() + n, &last) != 1) detail::fail("EVP_EncryptFinal_ex");
    out.resize(n + static_cast<std::size_t>(last));
    return out;
}

SecretBytes aes256_cbc_decrypt(ByteView key32, ByteView iv16, ByteView ciphertext) {
    require_size(key32, 32, "AES-256 key");
    require_size(iv16, block, "AES-CBC IV");
    if (ciphertext.empty() || ciphertext.size() % block != 0)
        throw Error(Errc::bad_length, "AES-CBC ciphertext must be a non-empty multiple of 16 bytes");
    detail::CipherCtx ctx;
    if (EVP_DecryptInit_ex2(ctx.get(), detail::cipher_aes256_cbc(), key32.data(), iv16.data(), nullptr) != 1)
        detail::fail("EVP_DecryptInit_ex2(AES-256-CBC)");
    // EVP holds back the last block until final; leave room for a whole block there.
    SecretBytes out(ciphertext.size() + block);
    std::size_t n = detail::cipher_update(ctx.get(), out.data(), ciphertext);
    int last = 0;
    if (EVP_DecryptFinal_ex(ctx.get(), out.data() + n, &last) != 1)
        throw Error(Errc::decrypt_failed, "bad PKCS#7 padding");
    out.resize(n + static_cast<std::size_t>(last));
    return out;
}

Bytes aes256_gcm_seal(ByteView key32, ByteView iv, ByteView aad, ByteView plaintext) {
    require_size(key32, 32, "AES-256 key");
    if (iv.empty()) throw Error(Errc::bad_length, "AES-GCM IV must not be empty");
    return detail::aead_seal(detail::cipher_aes256_gcm(), key32, iv, aad, plaintext);
}

SecretBytes aes256_gcm_open(ByteView key32, ByteView iv, ByteView aad, ByteView sealed) {
    require_size(key32, 32, "AES-256 key");
    if (iv.empty()) throw Error(Errc::bad_length, "AES-GCM IV must not be empty");
    return detail::aead_open(detail::cipher_aes256_gcm(), key32, iv, aad, sealed);
}

ByteArray<16> aes128_encrypt_block(ByteView key16, ByteView block16) {
    return aes128_block(key16, block16, true);
}

ByteArray<16> aes128_decrypt_block(ByteView key16, ByteView block16) {
    return aes128_block(key16, block16, false);
}

}  // namespace flash::crypto
