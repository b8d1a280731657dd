#include <catch2/catch.hpp>

#include "core/bytes.hpp"
#include "core/codec/crc32.hpp"

using flash::as_bytes;
using flash::codec::crc32;

TEST_CASE("crc32: check value and bc-ur vectors", "[codec][crc32]") {
    CHECK(crc32(as_bytes("123456789")) == 0xCBF43926u);  // the CRC-32/ISO-HDLC check value
    CHECK(crc32(as_bytes("")) == 0u);
    CHECK(crc32(as_bytes("Hello, world!")) == 0xEBE6C6E6u);  // bc-ur test_crc32
    CHECK(crc32(as_bytes("Wolf")) == 0x598C84DCu);
}

TEST_CASE("crc32: every bit of the input counts", "[codec][crc32]") {
    flash::Bytes data(64, 0x5a);
    const auto reference = crc32(data);
    for (std::size_t i = 0; i < data.size() * 8; ++i) {
        data[i / 8] ^= static_cast<std::uint8_t>(1u << (i % 8));
        CHECK(crc32(data) != reference);
        data[i / 8] ^= static_cast<std::uint8_t>(1u << (i % 8));
    }
}
