// Bitcoin's wire encoding: little-endian integers, CompactSize counts and length-prefixed byte
// strings. Reading is strict; every format built on it (transactions, PSBTs) reports malformed
// input with its own error code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include "core/bytes.hpp"
#include "core/error.hpp"

namespace flash::bitcoin {

/// Reads from a byte view it does not own (the view must outlive the reader). Every read past the
/// end, and every CompactSize that is not minimal or exceeds its bound, throws Error(`code`).
class WireReader {
public:
    WireReader(ByteView data, Errc code) : rest_(data), code_(code) {}

    std::uint8_t u8();
    std::uint32_t u32();
    std::uint64_t u64();
    /// A CompactSize no larger than `max` (a count or a length the caller can bound).
    std::uint64_t compact_size(std::uint64_t max = std::numeric_limits<std::uint64_t>::max());
    /// The next `n` bytes (a view into the input).
    ByteView bytes(std::size_t n);
    /// A CompactSize length followed by that many bytes.
    ByteView var_bytes();
    /// 32 bytes as an array (hashes, x-only keys).
    ByteArray<32> array32();

    bool empty() const noexcept { return rest_.empty(); }
    std::size_t remaining() const noexcept { return rest_.size(); }

    /// Throws Error(code) with `what`: for checks the caller makes on what it read.
    [[noreturn]] void fail(const std::string& what) const;
    /// Fails unless every byte was read.
    void expect_end(const char* what) const;

private:
    ByteView rest_;
    Errc code_;
};

void write_u32(Bytes& out, std::uint32_t value);
void write_u64(Bytes& out, std::uint64_t value);
/// CompactSize length, then the bytes.
void write_var_bytes(Bytes& out, ByteView data);
/// Size of the CompactSize encoding of `value` (1, 3, 5 or 9).
std::size_t compact_size_length(std::uint64_t value) noexcept;

}  // namespace flash::bitcoin
