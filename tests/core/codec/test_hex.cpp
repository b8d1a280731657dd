#include <catch2/catch.hpp>

#include "core/codec/hex.hpp"
#include "support/errors.hpp"

using flash::Bytes;
using flash::Errc;
using flash::Error;
using namespace flash::codec;

TEST_CASE("hex encodes lower case", "[codec][hex]") {
    CHECK(hex_encode(Bytes{}).empty());
    CHECK(hex_encode(Bytes{0x00}) == "00");
    CHECK(hex_encode(Bytes{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}) == "0123456789abcdef");
    CHECK(hex_encode(Bytes{0xff, 0x0f, 0xf0}) == "ff0ff0");
}

TEST_CASE("hex decodes either case", "[codec][hex]") {
    CHECK(hex_decode("").empty());
    CHECK(hex_decode("0123456789abcdef") == Bytes{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef});
    CHECK(hex_decode("ABCDEF") == Bytes{0xab, 0xcd, 0xef});
    CHECK(hex_decode("aBcD") == Bytes{0xab, 0xcd});
}

TEST_CASE("hex round-trips every byte value", "[codec][hex]") {
    Bytes all(256);
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint8_t>(i);
    const std::string text = hex_encode(all);
    CHECK(text.size() == 512);
    CHECK(hex_decode(text) == all);
}

TEST_CASE("hex rejects odd lengths and non-hex characters", "[codec][hex]") {
    for (const char* bad : {"0", "abc", "0g", "g0", "zz", " 00", "00 ", "0x00", "-1", "\xff\xff"}) {
        INFO(bad);
        CHECK(flash::test::thrown_code([&] { hex_decode(bad); }) == Errc::bad_hex);
    }
    // A NUL in the middle is not a digit either.
    CHECK(flash::test::thrown_code([] { hex_decode(std::string_view("0\0", 2)); }) == Errc::bad_hex);
}

TEST_CASE("hex_decode_array checks the length", "[codec][hex]") {
    const auto a = hex_decode_array<4>("deadBEEF");
    CHECK(a == flash::ByteArray<4>{0xde, 0xad, 0xbe, 0xef});
    CHECK(flash::test::thrown_code([] { hex_decode_array<4>("deadbe"); }) == Errc::bad_length);
    CHECK(flash::test::thrown_code([] { hex_decode_array<4>("deadbeef00"); }) == Errc::bad_length);
    CHECK(flash::test::thrown_code([] { hex_decode_array<4>("deadbeeg"); }) == Errc::bad_hex);
}
