#include "core/crypto/hash.hpp"

#include <openssl/evp.h>

#include "core/crypto/evp.hpp"

namespace flash::crypto {

// SHA-256 is in sha256.cpp.
Hash512 sha512(ByteView data) {
    Hash512 out;
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &len, detail::md_sha512(), nullptr) != 1 ||
        len != out.size())
        detail::fail("EVP_Digest");
    return out;
}

Hash160 hash160(ByteView data) { return ripemd160(sha256(data)); }

Hash256 sha256d(ByteView data) { return sha256(sha256(data)); }

Hash256 tagged_hash(std::string_view tag, ByteView data) {
    Hash256 tag_hash = sha256(as_bytes(tag));
    return Sha256().update(tag_hash).update(tag_hash).update(data).finalize();
}

}  // namespace flash::crypto
