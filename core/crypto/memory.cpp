#include "core/crypto/memory.hpp"

#include <openssl/crypto.h>

namespace flash::crypto {

void wipe(void* p, std::size_t n) noexcept {
    // OPENSSL_cleanse writes through a volatile function pointer, so the store is not elided.
    if (p != nullptr && n != 0) OPENSSL_cleanse(p, n);
}

bool ct_equal(ByteView a, ByteView b) noexcept {
    // The length is not secret; only the contents are compared in constant time.
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace flash::crypto
