#include "node/net/tls_client_context.hpp"

#include <fstream>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <sstream>

#include "core/error.hpp"

namespace flash::node::net {
namespace {

/// Replaces OpenSSL's chain verification: the peer's own certificate must equal one of the
/// certificates in the context's store (the pinned ones), nothing else is asked.
int accept_only_pinned(X509_STORE_CTX* ctx, void*) {
    X509* presented = X509_STORE_CTX_get0_cert(ctx);
    X509_STORE* store = X509_STORE_CTX_get0_store(ctx);
    if (presented != nullptr && store != nullptr) {
        STACK_OF(X509_OBJECT)* objects = X509_STORE_get0_objects(store);
        for (int i = 0; i < sk_X509_OBJECT_num(objects); ++i) {
            X509* pinned = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objects, i));
            if (pinned != nullptr && X509_cmp(presented, pinned) == 0) return 1;
        }
    }
    X509_STORE_CTX_set_error(ctx, X509_V_ERR_CERT_REJECTED);
    return 0;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(Errc::bad_config, "cannot read the TLS certificate " + path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

/// Adds every PEM certificate of `pem` to the context's store; returns how many.
int add_pinned(asio::ssl::context& context, const std::string& pem) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    if (!bio) throw Error(Errc::crypto_failure, "BIO_new_mem_buf failed");
    X509_STORE* store = SSL_CTX_get_cert_store(context.native_handle());
    int count = 0;
    while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
        const int added = X509_STORE_add_cert(store, cert);
        X509_free(cert);
        if (added != 1) throw Error(Errc::crypto_failure, "X509_STORE_add_cert failed");
        ++count;
    }
    return count;
}

}  // namespace

std::shared_ptr<asio::ssl::context> make_client_tls_context(const std::optional<std::string>& pinned_cert_file) {
    auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
    context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                         asio::ssl::context::no_tlsv1_1);
    context->set_verify_mode(asio::ssl::verify_peer);
    if (pinned_cert_file) {
        if (add_pinned(*context, read_file(*pinned_cert_file)) == 0) {
            throw Error(Errc::bad_config, "no PEM certificate in " + *pinned_cert_file);
        }
        SSL_CTX_set_cert_verify_callback(context->native_handle(), accept_only_pinned, nullptr);
    } else {
        context->set_default_verify_paths();
    }
    return context;
}

}  // namespace flash::node::net
