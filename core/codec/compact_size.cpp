#include "core/codec/compact_size.hpp"

#include "core/error.hpp"

namespace flash::codec {

namespace {

void put_le(Bytes& out, std::uint64_t value, unsigned size) {
    for (unsigned i = 0; i < size; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

}  // namespace

void write_compact_size(Bytes& out, std::uint64_t value) {
    if (value < 0xfd) {
        out.push_back(static_cast<std::uint8_t>(value));
    } else if (value <= 0xffff) {
        out.push_back(0xfd);
        put_le(out, value, 2);
    } else if (value <= 0xffffffff) {
        out.push_back(0xfe);
        put_le(out, value, 4);
    } else {
        out.push_back(0xff);
        put_le(out, value, 8);
    }
}

std::uint64_t read_compact_size(ByteView& in) {
    if (in.empty()) throw Error(Errc::bad_varint, "empty input");
    const std::uint8_t first = in[0];
    if (first < 0xfd) {
        in = in.subspan(1);
        return first;
    }
    const unsigned size = first == 0xfd ? 2 : first == 0xfe ? 4 : 8;
    const std::uint64_t minimum = first == 0xfd ? 0xfd : first == 0xfe ? 0x10000 : 0x100000000;
    if (in.size() < 1 + std::size_t{size}) throw Error(Errc::bad_varint, "truncated");
    std::uint64_t value = 0;
    for (unsigned i = 0; i < size; ++i) value |= std::uint64_t{in[1 + i]} << (8 * i);
    if (value < minimum) throw Error(Errc::bad_varint, "non-minimal encoding");
    in = in.subspan(1 + size);
    return value;
}

}  // namespace flash::codec
