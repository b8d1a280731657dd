// A throwaway TLS identity for loopback test servers: a P-256 key and a certificate signed by
// itself, valid from an hour ago for a day. Its name is no name a client connects to, so only a
// client that pins the certificate trusts it. Header-only: support/*.cpp also builds the core
// tests (and wasm), which must not need OpenSSL's X509 code.
#pragma once
#include <memory>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/crypto/random.hpp"

namespace flash::test {

namespace self_signed_detail {

template <class T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

inline std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace self_signed_detail

struct SelfSignedCertificate {
    std::string cert_pem;
    std::string key_pem;
};

/// A fresh key and certificate with subject CN `common_name`. Throws std::runtime_error when
/// OpenSSL fails.
inline SelfSignedCertificate make_self_signed_certificate(std::string_view common_name) {
    using namespace self_signed_detail;
    KeyPtr key(EVP_EC_gen("P-256"));
    CertPtr cert(X509_new());
    if (!key || !cert) throw std::runtime_error("OpenSSL: cannot make a key or certificate");
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), static_cast<long>(crypto::random_array<4>()[0]) + 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
    X509_set_pubkey(cert.get(), key.get());
    const std::string cn(common_name);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) throw std::runtime_error("OpenSSL: X509_sign failed");

    BioPtr cert_bio(BIO_new(BIO_s_mem()));
    BioPtr key_bio(BIO_new(BIO_s_mem()));
    if (!cert_bio || !key_bio || PEM_write_bio_X509(cert_bio.get(), cert.get()) != 1 ||
        PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        throw std::runtime_error("OpenSSL: cannot write PEM");
    return {bio_text(cert_bio.get()), bio_text(key_bio.get())};
}

}  // namespace flash::test
