#include "core/crypto/random.hpp"

#include <openssl/rand.h>

#include <algorithm>

#include "core/crypto/evp.hpp"

namespace flash::crypto {

void random_bytes(std::span<std::uint8_t> out) {
    // RAND_bytes seeds from getrandom()/dev/urandom natively and from crypto.getRandomValues in wasm.
    while (!out.empty()) {
        std::size_t n = std::min(out.size(), detail::max_chunk);
        if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) detail::fail("RAND_bytes");
        out = out.subspan(n);
    }
}

}  // namespace flash::crypto
