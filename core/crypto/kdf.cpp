#include "core/crypto/kdf.hpp"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/crypto/evp.hpp"
#include "core/crypto/mac.hpp"
#include "core/error.hpp"

namespace flash::crypto {

namespace {

// OpenSSL treats a null octet-string pointer as "missing"; an empty password, salt or key is
// legal, so an empty view is passed as a non-null pointer with length 0.
OSSL_PARAM octets(const char* name, ByteView v) {
    static std::uint8_t empty = 0;
    void* p = v.empty() ? &empty : const_cast<std::uint8_t*>(v.data());
    return OSSL_PARAM_construct_octet_string(name, p, v.size());
}

OSSL_PARAM utf8(const char* name, const char* value) {
    return OSSL_PARAM_construct_utf8_string(name, const_cast<char*>(value), 0);
}

SecretBytes derive(EVP_KDF* kdf, std::vector<OSSL_PARAM> params, std::size_t length,
                   const char* what) {
    SecretBytes out(length);
    if (length == 0) return out;
    params.push_back(OSSL_PARAM_construct_end());
    detail::KdfCtx ctx(kdf);
    if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params.data()) != 1) detail::fail(what);
    return out;
}

}  // namespace

// HKDF is written out on top of HMAC (RFC 5869 §2.2-2.3): NIP-44 derives keys for every message,
// and OpenSSL's EVP_KDF fetches the digest by name on each call, which costs more than the hashing.
Hash256 hkdf_sha256_extract(ByteView salt, ByteView ikm) {
    // An absent salt means HashLen zero bytes, which is what HMAC makes of an empty key anyway.
    return hmac_sha256(salt, ikm);
}

SecretBytes hkdf_sha256_expand(ByteView prk, ByteView info, std::size_t length) {
    if (length > 255 * 32) throw Error(Errc::bad_length, "HKDF-SHA256 output longer than 8160 bytes");
    const HmacSha256 hmac(prk);
    SecretBytes out(length);
    Hash256 t{};  // T(i) = HMAC(prk, T(i-1) || info || i), T(0) empty
    for (std::size_t done = 0, i = 1; done < length; done += t.size(), ++i) {
        const std::uint8_t counter = static_cast<std::uint8_t>(i);
        t = hmac.mac({ByteView(t).first(i > 1 ? t.size() : 0), info, ByteView(&counter, 1)});
        std::memcpy(out.data() + done, t.data(), std::min(t.size(), length - done));
    }
    wipe(t.data(), t.size());
    return out;
}

SecretBytes hkdf_sha256(ByteView salt, ByteView ikm, ByteView info, std::size_t length) {
    Secret<32> prk(hkdf_sha256_extract(salt, ikm));
    return hkdf_sha256_expand(prk.view(), info, length);
}

SecretBytes pbkdf2_hmac_sha512(ByteView password, ByteView salt, std::uint32_t iterations,
                               std::size_t length) {
    if (iterations < 1) throw Error(Errc::bad_length, "PBKDF2 needs at least one iteration");
    std::uint64_t iter = iterations;
    int pkcs5 = 1;  // plain RFC 8018: no SP 800-132 minimum lengths (BIP-39 salts are short)
    std::vector<OSSL_PARAM> params = {utf8(OSSL_KDF_PARAM_DIGEST, "SHA512"),
                                      octets(OSSL_KDF_PARAM_PASSWORD, password),
                                      octets(OSSL_KDF_PARAM_SALT, salt),
                                      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_ITER, &iter),
                                      OSSL_PARAM_construct_int(OSSL_KDF_PARAM_PKCS5, &pkcs5)};
    return derive(detail::kdf_pbkdf2(), std::move(params), length, "PBKDF2");
}

SecretBytes scrypt(ByteView password, ByteView salt, unsigned log_n, std::uint32_t r,
                   std::uint32_t p, std::size_t length) {
    if (log_n < 1 || log_n > 22) throw Error(Errc::bad_length, "scrypt log_n must be in [1, 22]");
    if (r < 1 || p < 1 || std::uint64_t{r} * p >= (std::uint64_t{1} << 30))
        throw Error(Errc::bad_length, "scrypt needs r >= 1, p >= 1 and r*p < 2^30");
    std::uint64_t n = std::uint64_t{1} << log_n;
    // OpenSSL refuses to run above maxmem_bytes (default 32 MiB). It allocates B (128*r*p) and
    // V + XY (128*r*(N+2)); allow exactly that plus a little slack, so log_n = 22 (NIP-49) works.
    std::uint64_t maxmem = 128 * std::uint64_t{r} * (n + 2) + 128 * std::uint64_t{r} * p + 4096;
    std::vector<OSSL_PARAM> params = {octets(OSSL_KDF_PARAM_PASSWORD, password),
                                      octets(OSSL_KDF_PARAM_SALT, salt),
                                      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
                                      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
                                      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
                                      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem)};
    return derive(detail::kdf_scrypt(), std::move(params), length, "scrypt (out of memory?)");
}

}  // namespace flash::crypto
