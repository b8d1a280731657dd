#include "core/crypto/hash.hpp"

#include <openssl/evp.h>

#include "core/crypto/evp.hpp"

namespace flash::crypto {

namespace {

template <std::size_t N>
ByteArray<N> digest(const EVP_MD* md, ByteView data) {
    ByteArray<N> out;
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr) != 1 || len != N)
        detail::fail("EVP_Digest");
    return out;
}

}  // namespace

Hash256 sha256(ByteView data) { return digest<32>(detail::md_sha256(), data); }

Hash512 sha512(ByteView data) { return digest<64>(detail::md_sha512(), data); }

Hash160 hash160(ByteView data) { return ripemd160(sha256(data)); }

Hash256 sha256d(ByteView data) { return sha256(sha256(data)); }

Hash256 tagged_hash(std::string_view tag, ByteView data) {
    Hash256 tag_hash = sha256(as_bytes(tag));
    return Sha256().update(tag_hash).update(tag_hash).update(data).finalize();
}

struct Sha256::State {
    EVP_MD_CTX* ctx = nullptr;
};

Sha256::Sha256() : state_(std::make_unique<State>()) {
    state_->ctx = EVP_MD_CTX_new();
    if (state_->ctx == nullptr) detail::fail("EVP_MD_CTX_new");
    if (EVP_DigestInit_ex2(state_->ctx, detail::md_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(state_->ctx);
        detail::fail("EVP_DigestInit_ex2");
    }
}

Sha256::~Sha256() { EVP_MD_CTX_free(state_->ctx); }

Sha256& Sha256::update(ByteView data) {
    if (!data.empty() && EVP_DigestUpdate(state_->ctx, data.data(), data.size()) != 1)
        detail::fail("EVP_DigestUpdate");
    return *this;
}

Hash256 Sha256::finalize() {
    Hash256 out;
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(state_->ctx, out.data(), &len) != 1 || len != out.size())
        detail::fail("EVP_DigestFinal_ex");
    return out;
}

}  // namespace flash::crypto
