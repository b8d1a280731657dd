// Bitcoin's CompactSize unsigned integer (1, 3, 5 or 9 bytes).
#pragma once

#include <cstdint>

#include "core/bytes.hpp"

namespace flash::codec {

void write_compact_size(Bytes& out, std::uint64_t value);

/// Reads one CompactSize from the front of `in` and advances it. Throws Error(bad_varint) when the
/// input is truncated or the encoding is not minimal.
std::uint64_t read_compact_size(ByteView& in);

}  // namespace flash::codec
