// Cryptographically secure random bytes from the OS (natively) or crypto.getRandomValues (wasm).
#pragma once

#include <span>

#include "core/bytes.hpp"

namespace flash::crypto {

/// Fills `out` with random bytes; throws Error(crypto_failure) if the source fails.
void random_bytes(std::span<std::uint8_t> out);

template <std::size_t N>
ByteArray<N> random_array() {
    ByteArray<N> a;
    random_bytes(a);
    return a;
}

}  // namespace flash::crypto
