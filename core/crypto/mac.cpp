#include "core/crypto/mac.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <cstring>

#include "core/crypto/evp.hpp"
#include "core/crypto/memory.hpp"
#include "core/error.hpp"

namespace flash::crypto {

namespace {

// One context per MAC with its digest or cipher already set, kept for the process: setting
// that parameter fetches the algorithm again, so each call duplicates a template instead.
EVP_MAC_CTX* make_hmac_template(const char* digest) {
    EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(detail::mac_hmac());
    if (ctx == nullptr) detail::fail("EVP_MAC_CTX_new");
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest), 0),
        OSSL_PARAM_construct_end()};
    if (EVP_MAC_CTX_set_params(ctx, params) != 1) {
        EVP_MAC_CTX_free(ctx);
        detail::fail("EVP_MAC_CTX_set_params");
    }
    return ctx;
}

// OpenSSL refuses to duplicate a CMAC context that has no key yet (CMAC_CTX_copy), so the
// template is keyed with a public all-zero key; every call re-keys its copy.
EVP_MAC_CTX* make_aes128_cmac_template() {
    EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(detail::mac_cmac());
    if (ctx == nullptr) detail::fail("EVP_MAC_CTX_new");
    static const ByteArray<16> zero_key{};
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, const_cast<char*>("AES-128-CBC"), 0),
        OSSL_PARAM_construct_end()};
    if (EVP_MAC_init(ctx, zero_key.data(), zero_key.size(), params) != 1) {
        EVP_MAC_CTX_free(ctx);
        detail::fail("EVP_MAC_init(CMAC)");
    }
    return ctx;
}

template <std::size_t N>
ByteArray<N> keyed_mac(const EVP_MAC_CTX* tmpl, ByteView key, ByteView data) {
    // EVP_MAC_CTX_dup takes a non-const pointer but only reads the template.
    EVP_MAC_CTX* ctx = EVP_MAC_CTX_dup(const_cast<EVP_MAC_CTX*>(tmpl));
    if (ctx == nullptr) detail::fail("EVP_MAC_CTX_dup");
    // A null key pointer would mean "keep the previous key"; an empty key must still be set.
    static const std::uint8_t empty = 0;
    const std::uint8_t* key_ptr = key.empty() ? &empty : key.data();
    ByteArray<N> out;
    std::size_t len = 0;
    bool ok = EVP_MAC_init(ctx, key_ptr, key.size(), nullptr) == 1 &&
              (data.empty() || EVP_MAC_update(ctx, data.data(), data.size()) == 1) &&
              EVP_MAC_final(ctx, out.data(), &len, out.size()) == 1 && len == N;
    EVP_MAC_CTX_free(ctx);  // also cleanses the keyed state
    if (!ok) detail::fail("EVP_MAC (HMAC/CMAC)");
    return out;
}

}  // namespace

HmacSha256::HmacSha256(ByteView key) {
    std::uint8_t pad[64] = {};
    if (key.size() > sizeof pad) {
        Hash256 hashed = sha256(key);
        std::memcpy(pad, hashed.data(), hashed.size());
        wipe(hashed.data(), hashed.size());  // as secret as the key
    } else if (!key.empty()) {
        std::memcpy(pad, key.data(), key.size());
    }
    for (auto& b : pad) b ^= 0x36;
    inner_.update(pad);
    for (auto& b : pad) b ^= 0x36 ^ 0x5c;
    outer_.update(pad);
    wipe(pad, sizeof pad);
}

Hash256 HmacSha256::mac(std::initializer_list<ByteView> parts) const {
    Sha256 inner = inner_;
    for (const ByteView part : parts) inner.update(part);
    Sha256 outer = outer_;
    return outer.update(inner.finalize()).finalize();
}

Hash256 hmac_sha256(ByteView key, ByteView data) { return HmacSha256(key).mac({data}); }

Hash512 hmac_sha512(ByteView key, ByteView data) {
    static const EVP_MAC_CTX* tmpl = make_hmac_template("SHA512");
    return keyed_mac<64>(tmpl, key, data);
}

ByteArray<16> aes128_cmac(ByteView key16, ByteView data) {
    require_size(key16, 16, "AES-128 key");
    static const EVP_MAC_CTX* tmpl = make_aes128_cmac_template();
    return keyed_mac<16>(tmpl, key16, data);
}

}  // namespace flash::crypto
