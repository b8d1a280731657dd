#include <catch2/catch.hpp>

#include "core/codec/compact_size.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "support/errors.hpp"

using flash::ByteView;
using flash::Bytes;
using flash::Errc;
using flash::Error;
using namespace flash::codec;

namespace {

std::string encoded(std::uint64_t value) {
    Bytes out;
    write_compact_size(out, value);
    return hex_encode(out);
}

}  // namespace

TEST_CASE("compact size: the boundaries of each width", "[codec][compact_size]") {
    struct Vector {
        std::uint64_t value;
        const char* hex;
    };
    const Vector vectors[] = {
        {0, "00"},
        {1, "01"},
        {0xfc, "fc"},
        {0xfd, "fdfd00"},
        {0xfe, "fdfe00"},
        {0xff, "fdff00"},
        {0x100, "fd0001"},
        {0xffff, "fdffff"},
        {0x10000, "fe00000100"},
        {0x12345678, "fe78563412"},
        {0xffffffff, "feffffffff"},
        {0x100000000, "ff0000000001000000"},
        {0x0123456789abcdef, "ffefcdab8967452301"},
        {0xffffffffffffffff, "ffffffffffffffffff"},
    };
    for (const auto& v : vectors) {
        INFO(v.hex);
        CHECK(encoded(v.value) == v.hex);
        const Bytes bytes = hex_decode(std::string(v.hex) + "aa");  // one byte that follows
        ByteView in = bytes;
        CHECK(read_compact_size(in) == v.value);
        REQUIRE(in.size() == 1);
        CHECK(in[0] == 0xaa);
    }
}

TEST_CASE("compact size appends to existing output", "[codec][compact_size]") {
    Bytes out{0x01};
    write_compact_size(out, 300);
    CHECK(out == Bytes{0x01, 0xfd, 0x2c, 0x01});
}

TEST_CASE("compact size rejects truncated and non-minimal encodings", "[codec][compact_size]") {
    const char* invalid[] = {
        "",                    // empty
        "fd", "fd00",          // truncated 2-byte form
        "fe", "fe000001",      // truncated 4-byte form
        "ff", "ff00000000000001",  // truncated 8-byte form
        "fd0000", "fdfc00",    // fits in 1 byte
        "fe00000000", "feffff0000",  // fits in 2 bytes
        "ff0000000000000000", "ffffffffff00000000",  // fits in 4 bytes
    };
    for (const char* hex : invalid) {
        INFO(hex);
        const Bytes bytes = hex_decode(hex);
        ByteView in = bytes;
        CHECK(flash::test::thrown_code([&] { read_compact_size(in); }) == Errc::bad_varint);
        CHECK(in.size() == bytes.size());  // not advanced on failure
    }
}
