#include "core/crypto/evp.hpp"

#include <algorithm>
#include <string>

#include "core/error.hpp"

namespace flash::crypto::detail {

namespace {

// Function-local statics: fetched on first use (thread-safe initialisation), never freed.
template <typename T, T* (*Fetch)(OSSL_LIB_CTX*, const char*, const char*)>
T* fetch_once(const char* name) {
    T* handle = Fetch(nullptr, name, nullptr);
    if (handle == nullptr) fail(std::string("fetch ") + name);
    return handle;
}

}  // namespace

void fail(std::string_view what) {
    throw Error(Errc::crypto_failure, std::string(what));
}

const EVP_MD* md_sha512() {
    static EVP_MD* md = fetch_once<EVP_MD, EVP_MD_fetch>("SHA512");
    return md;
}
EVP_MAC* mac_hmac() {
    static EVP_MAC* mac = fetch_once<EVP_MAC, EVP_MAC_fetch>("HMAC");
    return mac;
}
EVP_MAC* mac_cmac() {
    static EVP_MAC* mac = fetch_once<EVP_MAC, EVP_MAC_fetch>("CMAC");
    return mac;
}
EVP_KDF* kdf_pbkdf2() {
    static EVP_KDF* kdf = fetch_once<EVP_KDF, EVP_KDF_fetch>("PBKDF2");
    return kdf;
}
EVP_KDF* kdf_scrypt() {
    static EVP_KDF* kdf = fetch_once<EVP_KDF, EVP_KDF_fetch>("SCRYPT");
    return kdf;
}
EVP_CIPHER* cipher_chacha20() {
    static EVP_CIPHER* c = fetch_once<EVP_CIPHER, EVP_CIPHER_fetch>("ChaCha20");
    return c;
}
EVP_CIPHER* cipher_chacha20_poly1305() {
    static EVP_CIPHER* c = fetch_once<EVP_CIPHER, EVP_CIPHER_fetch>("ChaCha20-Poly1305");
    return c;
}
EVP_CIPHER* cipher_aes128_ecb() {
    static EVP_CIPHER* c = fetch_once<EVP_CIPHER, EVP_CIPHER_fetch>("AES-128-ECB");
    return c;
}
EVP_CIPHER* cipher_aes256_cbc() {
    static EVP_CIPHER* c = fetch_once<EVP_CIPHER, EVP_CIPHER_fetch>("AES-256-CBC");
    return c;
}
EVP_CIPHER* cipher_aes256_gcm() {
    static EVP_CIPHER* c = fetch_once<EVP_CIPHER, EVP_CIPHER_fetch>("AES-256-GCM");
    return c;
}

CipherCtx::CipherCtx() : ctx_(EVP_CIPHER_CTX_new()) {
    if (ctx_ == nullptr) fail("EVP_CIPHER_CTX_new");
}
CipherCtx::~CipherCtx() { EVP_CIPHER_CTX_free(ctx_); }

KdfCtx::KdfCtx(EVP_KDF* kdf) : ctx_(EVP_KDF_CTX_new(kdf)) {
    if (ctx_ == nullptr) fail("EVP_KDF_CTX_new");
}
KdfCtx::~KdfCtx() { EVP_KDF_CTX_free(ctx_); }

}  // namespace flash::crypto::detail

namespace flash::crypto::detail {

std::size_t cipher_update(EVP_CIPHER_CTX* ctx, std::uint8_t* out, ByteView in) {
    std::size_t total = 0;
    while (!in.empty()) {
        std::size_t n = std::min(in.size(), max_chunk);
        int written = 0;
        if (EVP_CipherUpdate(ctx, out, &written, in.data(), static_cast<int>(n)) != 1)
            fail("EVP_CipherUpdate");
        if (out != nullptr) out += written;
        total += static_cast<std::size_t>(written);
        in = in.subspan(n);
    }
    return total;
}

namespace {

void aead_init(const CipherCtx& ctx, const EVP_CIPHER* cipher, ByteView key, ByteView iv,
               bool encrypt) {
    int enc = encrypt ? 1 : 0;
    if (EVP_CipherInit_ex2(ctx.get(), cipher, nullptr, nullptr, enc, nullptr) != 1)
        fail("EVP_CipherInit_ex2");
    if (EVP_CIPHER_CTX_get_iv_length(ctx.get()) != static_cast<int>(iv.size()) &&
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_IVLEN, static_cast<int>(iv.size()),
                            nullptr) != 1)
        fail("EVP_CTRL_AEAD_SET_IVLEN");
    if (EVP_CipherInit_ex2(ctx.get(), nullptr, key.data(), iv.data(), enc, nullptr) != 1)
        fail("EVP_CipherInit_ex2");
}

}  // namespace

Bytes aead_seal(const EVP_CIPHER* cipher, ByteView key, ByteView iv, ByteView aad,
                ByteView plaintext) {
    CipherCtx ctx;
    aead_init(ctx, cipher, key, iv, true);
    cipher_update(ctx.get(), nullptr, aad);
    Bytes out(plaintext.size() + aead_tag_size);
    cipher_update(ctx.get(), out.data(), plaintext);
    int written = 0;
    if (EVP_CipherFinal_ex(ctx.get(), out.data() + plaintext.size(), &written) != 1 || written != 0)
        fail("EVP_CipherFinal_ex");
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(aead_tag_size),
                            out.data() + plaintext.size()) != 1)
        fail("EVP_CTRL_AEAD_GET_TAG");
    return out;
}

SecretBytes aead_open(const EVP_CIPHER* cipher, ByteView key, ByteView iv, ByteView aad,
                      ByteView sealed) {
    if (sealed.size() < aead_tag_size) throw Error(Errc::bad_length, "AEAD input shorter than its tag");
    ByteView ciphertext = sealed.first(sealed.size() - aead_tag_size);
    ByteArray<aead_tag_size> tag;
    std::copy(sealed.end() - aead_tag_size, sealed.end(), tag.begin());

    CipherCtx ctx;
    aead_init(ctx, cipher, key, iv, false);
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(aead_tag_size), tag.data()) != 1)
        fail("EVP_CTRL_AEAD_SET_TAG");
    cipher_update(ctx.get(), nullptr, aad);
    SecretBytes out(ciphertext.size());
    cipher_update(ctx.get(), out.data(), ciphertext);
    // The final call compares the tags in constant time; the plaintext is discarded (and wiped
    // by SecretBytes) when it fails.
    int written = 0;
    if (EVP_CipherFinal_ex(ctx.get(), out.data() + out.size(), &written) != 1)
        throw Error(Errc::decrypt_failed, "authentication tag mismatch");
    return out;
}

}  // namespace flash::crypto::detail
