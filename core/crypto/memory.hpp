// Secret memory: wiping and constant-time comparison.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/bytes.hpp"

namespace flash::crypto {

/// Overwrites `n` bytes at `p` with zeros in a way the optimiser cannot remove.
void wipe(void* p, std::size_t n) noexcept;

/// Compares two byte strings in time that depends only on their lengths.
/// Returns false when the lengths differ.
bool ct_equal(ByteView a, ByteView b) noexcept;

/// Allocator that wipes memory before returning it to the heap.
template <typename T>
struct WipingAllocator {
    using value_type = T;
    WipingAllocator() = default;
    template <typename U>
    WipingAllocator(const WipingAllocator<U>&) noexcept {}
    T* allocate(std::size_t n) { return std::allocator<T>{}.allocate(n); }
    void deallocate(T* p, std::size_t n) noexcept {
        wipe(p, n * sizeof(T));
        std::allocator<T>{}.deallocate(p, n);
    }
    template <typename U>
    bool operator==(const WipingAllocator<U>&) const noexcept { return true; }
};

/// A growable secret byte string (seeds, passwords, plaintexts) wiped when freed.
using SecretBytes = std::vector<std::uint8_t, WipingAllocator<std::uint8_t>>;

/// A fixed-size secret (private keys, chain codes) wiped when it goes out of scope.
template <std::size_t N>
class Secret {
public:
    Secret() = default;
    explicit Secret(const ByteArray<N>& b) : bytes_(b) {}
    Secret(const Secret&) = default;
    Secret& operator=(const Secret&) = default;
    ~Secret() { wipe(bytes_.data(), N); }

    std::uint8_t* data() noexcept { return bytes_.data(); }
    const std::uint8_t* data() const noexcept { return bytes_.data(); }
    static constexpr std::size_t size() noexcept { return N; }
    ByteView view() const noexcept { return {bytes_.data(), N}; }
    const ByteArray<N>& array() const noexcept { return bytes_; }
    ByteArray<N>& array() noexcept { return bytes_; }
    auto begin() const noexcept { return bytes_.begin(); }
    auto end() const noexcept { return bytes_.end(); }

private:
    ByteArray<N> bytes_{};
};

}  // namespace flash::crypto
