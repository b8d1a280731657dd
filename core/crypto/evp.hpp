// Internal to core/crypto: OpenSSL algorithm handles fetched once per process, and small RAII
// wrappers. Not part of the public API; only core/crypto/*.cpp include it.
//
// EVP_*_fetch searches the provider store and is slow compared with hashing a short message, so
// every algorithm is fetched on first use and kept for the life of the process (never freed).
// Only non-deprecated EVP APIs are used: the wasm libcrypto is built with no-deprecated.
#pragma once

#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <string_view>

#include "core/bytes.hpp"
#include "core/crypto/memory.hpp"

namespace flash::crypto::detail {

const EVP_MD* md_sha512();
/// The HMAC and CMAC EVP_MAC algorithms.
EVP_MAC* mac_hmac();
EVP_MAC* mac_cmac();
/// KDF algorithms by OpenSSL name: "HKDF", "PBKDF2", "SCRYPT".
EVP_KDF* kdf_pbkdf2();
EVP_KDF* kdf_scrypt();
/// Ciphers: "ChaCha20", "ChaCha20-Poly1305", "AES-128-ECB", "AES-256-CBC", "AES-256-GCM".
EVP_CIPHER* cipher_chacha20();
EVP_CIPHER* cipher_chacha20_poly1305();
EVP_CIPHER* cipher_aes128_ecb();
EVP_CIPHER* cipher_aes256_cbc();
EVP_CIPHER* cipher_aes256_gcm();

/// Throws flash::Error(crypto_failure) naming the libcrypto call that failed.
[[noreturn]] void fail(std::string_view what);

/// Owns an EVP_CIPHER_CTX (freed, which also cleanses the key schedule).
class CipherCtx {
public:
    CipherCtx();
    ~CipherCtx();
    CipherCtx(const CipherCtx&) = delete;
    CipherCtx& operator=(const CipherCtx&) = delete;
    EVP_CIPHER_CTX* get() const noexcept { return ctx_; }

private:
    EVP_CIPHER_CTX* ctx_;
};

/// Owns an EVP_KDF_CTX.
class KdfCtx {
public:
    explicit KdfCtx(EVP_KDF* kdf);
    ~KdfCtx();
    KdfCtx(const KdfCtx&) = delete;
    KdfCtx& operator=(const KdfCtx&) = delete;
    EVP_KDF_CTX* get() const noexcept { return ctx_; }

private:
    EVP_KDF_CTX* ctx_;
};

/// Feeds `in` to EVP_CipherUpdate in int-sized pieces, writing to `out` (null for AEAD AAD);
/// returns the number of bytes written.
std::size_t cipher_update(EVP_CIPHER_CTX* ctx, std::uint8_t* out, ByteView in);

/// AEAD encryption with a 16-byte tag (ChaCha20-Poly1305, AES-256-GCM): ciphertext || tag.
/// The caller has checked the key and IV lengths.
Bytes aead_seal(const EVP_CIPHER* cipher, ByteView key, ByteView iv, ByteView aad,
                ByteView plaintext);
/// The inverse; throws Error(decrypt_failed) if the tag does not match, Error(bad_length) if
/// `sealed` is shorter than the tag.
SecretBytes aead_open(const EVP_CIPHER* cipher, ByteView key, ByteView iv, ByteView aad,
                      ByteView sealed);

inline constexpr std::size_t aead_tag_size = 16;

/// EVP update calls take an int length; this is the largest piece handed to one call.
inline constexpr std::size_t max_chunk = 1u << 30;

}  // namespace flash::crypto::detail
