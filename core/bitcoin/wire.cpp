#include "core/bitcoin/wire.hpp"

#include <algorithm>

#include "core/codec/compact_size.hpp"

namespace flash::bitcoin {

std::uint8_t WireReader::u8() { return bytes(1)[0]; }

std::uint32_t WireReader::u32() {
    const ByteView b = bytes(4);
    std::uint32_t value = 0;
    for (unsigned i = 0; i < 4; ++i) value |= std::uint32_t{b[i]} << (8 * i);
    return value;
}

std::uint64_t WireReader::u64() {
    const ByteView b = bytes(8);
    std::uint64_t value = 0;
    for (unsigned i = 0; i < 8; ++i) value |= std::uint64_t{b[i]} << (8 * i);
    return value;
}

std::uint64_t WireReader::compact_size(std::uint64_t max) {
    std::uint64_t value = 0;
    try {
        value = codec::read_compact_size(rest_);
    } catch (const Error& e) {
        fail(std::string("CompactSize: ") + e.what());
    }
    if (value > max) fail("count or length " + std::to_string(value) + " exceeds " + std::to_string(max));
    return value;
}

ByteView WireReader::bytes(std::size_t n) {
    if (n > rest_.size()) fail("truncated: " + std::to_string(n) + " bytes wanted, " + std::to_string(rest_.size()) + " left");
    const ByteView out = rest_.first(n);
    rest_ = rest_.subspan(n);
    return out;
}

ByteView WireReader::var_bytes() { return bytes(static_cast<std::size_t>(compact_size(rest_.size()))); }

ByteArray<32> WireReader::array32() {
    const ByteView b = bytes(32);
    ByteArray<32> out;
    std::copy(b.begin(), b.end(), out.begin());
    return out;
}

void WireReader::fail(const std::string& what) const { throw Error(code_, what); }

void WireReader::expect_end(const char* what) const {
    if (!rest_.empty()) fail(std::to_string(rest_.size()) + " trailing bytes after " + what);
}

void write_u32(Bytes& out, std::uint32_t value) {
    for (unsigned i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

void write_u64(Bytes& out, std::uint64_t value) {
    for (unsigned i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

void write_var_bytes(Bytes& out, ByteView data) {
    codec::write_compact_size(out, data.size());
    out.insert(out.end(), data.begin(), data.end());
}

std::size_t compact_size_length(std::uint64_t value) noexcept {
    return value < 0xfd ? 1 : value <= 0xffff ? 3 : value <= 0xffffffff ? 5 : 9;
}

}  // namespace flash::bitcoin
