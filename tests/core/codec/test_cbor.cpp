#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

#include "core/codec/cbor.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "support/errors.hpp"

using flash::Bytes;
using flash::Errc;
using flash::Error;
using namespace flash::codec;

namespace {

Cbor decode_hex(std::string_view hex, unsigned max_depth = 32) { return cbor_decode(hex_decode(hex), max_depth); }
std::string encode_hex(const Cbor& value) { return hex_encode(cbor_encode(value)); }

struct Example {
    Cbor value;
    const char* hex;
};

}  // namespace

TEST_CASE("cbor: RFC 8949 Appendix A examples (supported subset)", "[codec][cbor]") {
    Cbor::Array one_to_25;
    for (int i = 1; i <= 25; ++i) one_to_25.emplace_back(i);

    const Example examples[] = {
        // integers
        {Cbor(0), "00"},
        {Cbor(1), "01"},
        {Cbor(10), "0a"},
        {Cbor(23), "17"},
        {Cbor(24), "1818"},
        {Cbor(25), "1819"},
        {Cbor(100), "1864"},
        {Cbor(1000), "1903e8"},
        {Cbor(1000000), "1a000f4240"},
        {Cbor(std::uint64_t{1000000000000}), "1b000000e8d4a51000"},
        {Cbor(std::uint64_t{18446744073709551615u}), "1bffffffffffffffff"},
        {Cbor::tagged(2, Bytes{1, 0, 0, 0, 0, 0, 0, 0, 0}), "c249010000000000000000"},
        {Cbor(Cbor::Negative{18446744073709551615u}), "3bffffffffffffffff"},
        {Cbor::tagged(3, Bytes{1, 0, 0, 0, 0, 0, 0, 0, 0}), "c349010000000000000000"},
        {Cbor(-1), "20"},
        {Cbor(-10), "29"},
        {Cbor(-100), "3863"},
        {Cbor(-1000), "3903e7"},
        // simple values
        {Cbor(false), "f4"},
        {Cbor(true), "f5"},
        {Cbor(), "f6"},
        // tags
        {Cbor::tagged(0, "2013-03-21T20:04:00Z"), "c074323031332d30332d32315432303a30343a30305a"},
        {Cbor::tagged(1, 1363896240), "c11a514b67b0"},
        {Cbor::tagged(23, Bytes{1, 2, 3, 4}), "d74401020304"},
        {Cbor::tagged(24, Bytes{0x64, 0x49, 0x45, 0x54, 0x46}), "d818456449455446"},
        {Cbor::tagged(32, "http://www.example.com"), "d82076687474703a2f2f7777772e6578616d706c652e636f6d"},
        // byte and text strings
        {Cbor(Bytes{}), "40"},
        {Cbor(Bytes{1, 2, 3, 4}), "4401020304"},
        {Cbor(""), "60"},
        {Cbor("a"), "6161"},
        {Cbor("IETF"), "6449455446"},
        {Cbor("\"\\"), "62225c"},
        {Cbor("\u00fc"), "62c3bc"},
        {Cbor("\u6c34"), "63e6b0b4"},
        {Cbor("\U00010151"), "64f0908591"},
        // arrays and maps
        {Cbor(Cbor::Array{}), "80"},
        {Cbor(Cbor::Array{1, 2, 3}), "83010203"},
        {Cbor(Cbor::Array{1, Cbor::Array{2, 3}, Cbor::Array{4, 5}}), "8301820203820405"},
        {Cbor(one_to_25), "98190102030405060708090a0b0c0d0e0f101112131415161718181819"},
        {Cbor(Cbor::Map{}), "a0"},
        {Cbor(Cbor::Map{{1, 2}, {3, 4}}), "a201020304"},
        {Cbor(Cbor::Map{{"a", 1}, {"b", Cbor::Array{2, 3}}}), "a26161016162820203"},
        {Cbor(Cbor::Array{"a", Cbor::Map{{"b", "c"}}}), "826161a161626163"},
        {Cbor(Cbor::Map{{"a", "A"}, {"b", "B"}, {"c", "C"}, {"d", "D"}, {"e", "E"}}),
         "a56161614161626142616361436164614461656145"},
    };
    for (const auto& ex : examples) {
        INFO(ex.hex);
        CHECK(encode_hex(ex.value) == ex.hex);
        const Cbor decoded = decode_hex(ex.hex);
        CHECK(decoded == ex.value);
        CHECK(encode_hex(decoded) == ex.hex);
    }
}

TEST_CASE("cbor: RFC 8949 Appendix A examples outside the subset are rejected", "[codec][cbor]") {
    const char* unsupported[] = {
        "f90000", "f98000", "f93c00", "f97bff", "fa47c35000", "fb3ff199999999999a",  // floats
        "f97c00", "fa7f800000", "fb7ff8000000000000",                                   // inf/NaN
        "f7", "f0", "f818", "f8ff",                      // undefined, simple values
        "5f42010243030405ff", "7f657374726561646d696e67ff",  // indefinite strings
        "9fff", "9f018202039f0405ffff", "bf61610161629f0203ffff",  // indefinite arrays and maps
    };
    for (const char* hex : unsupported) {
        INFO(hex);
        CHECK(flash::test::thrown_code([&] { decode_hex(hex); }) == Errc::bad_cbor);
    }
}

TEST_CASE("cbor: deterministic map order", "[codec][cbor]") {
    // Keys are sorted by their encoded bytes: 0a < 1864 < 20 < 6161 < 6162 < 80 < f4 (RFC 8949
    // order: 100 comes before -1, unlike RFC 7049's length-first canonical order).
    const Cbor map(Cbor::Map{{"b", 1}, {false, 7}, {"a", 2}, {Cbor::Array{}, 6}, {100, 5}, {-1, 4}, {10, 3}});
    CHECK(encode_hex(map) == "a7" "0a03" "186405" "2004" "616102" "616201" "8006" "f407");
    // Shorter keys sort first when their first bytes are equal ("a" before "aa").
    CHECK(encode_hex(Cbor(Cbor::Map{{"aa", 1}, {"a", 2}})) == "a26161026261610" "1");
    // Insertion order does not change the encoding or equality.
    const Cbor reordered(Cbor::Map{{10, 3}, {-1, 4}, {100, 5}, {Cbor::Array{}, 6}, {"a", 2}, {false, 7}, {"b", 1}});
    CHECK(reordered == map);
    CHECK(cbor_encode(reordered) == cbor_encode(map));
    CHECK(cbor_decode(cbor_encode(map)) == map);
    // A decoder accepts keys in any order (other encoders do not sort), but rejects duplicates.
    CHECK(decode_hex("a2616201616102") == Cbor(Cbor::Map{{"a", 2}, {"b", 1}}));
}

TEST_CASE("cbor: encoding rejects what cannot be decoded", "[codec][cbor]") {
    CHECK(flash::test::thrown_code([] { cbor_encode(Cbor(Cbor::Map{{"a", 1}, {"a", 2}})); }) == Errc::bad_cbor);
    CHECK(flash::test::thrown_code([] { cbor_encode(Cbor(Cbor::Map{{1, 1}, {std::uint64_t{1}, 2}})); }) == Errc::bad_cbor);
    CHECK(flash::test::thrown_code([] { cbor_encode(Cbor(std::string("\xff"))); }) == Errc::bad_utf8);
    CHECK(flash::test::thrown_code([] { cbor_encode(Cbor(Cbor::Array{std::string("\xed\xa0\x80")})); }) == Errc::bad_utf8);
}

TEST_CASE("cbor: integers at every width boundary", "[codec][cbor]") {
    const std::uint64_t values[] = {0,      23,      24,         255,        256,
                                    65535,  65536,   4294967295, 4294967296, std::numeric_limits<std::uint64_t>::max()};
    for (std::uint64_t v : values) {
        INFO(v);
        const Bytes enc = cbor_encode(Cbor(v));
        CHECK(cbor_decode(enc).as_uint() == v);
        const Bytes neg = cbor_encode(Cbor(Cbor::Negative{v}));
        CHECK(neg.size() == enc.size());
        CHECK(neg[0] == (enc[0] | 0x20));
        CHECK(cbor_decode(neg) == Cbor(Cbor::Negative{v}));
    }
    CHECK(encode_hex(Cbor(std::numeric_limits<std::int64_t>::min())) == "3b7fffffffffffffff");
    CHECK(encode_hex(Cbor(std::numeric_limits<std::int64_t>::max())) == "1b7fffffffffffffff");
    CHECK(decode_hex("3b7fffffffffffffff").as_int() == std::numeric_limits<std::int64_t>::min());
    CHECK(decode_hex("1b7fffffffffffffff").as_int() == std::numeric_limits<std::int64_t>::max());
    CHECK(decode_hex("3903e7").as_int() == -1000);
    CHECK(flash::test::thrown_code([] { decode_hex("3b8000000000000000").as_int(); }) == Errc::bad_cbor);
    CHECK(flash::test::thrown_code([] { decode_hex("1b8000000000000000").as_int(); }) == Errc::bad_cbor);
    CHECK(flash::test::thrown_code([] { decode_hex("20").as_uint(); }) == Errc::bad_cbor);
}

TEST_CASE("cbor: other integer types construct integers", "[codec][cbor]") {
    CHECK(Cbor(std::uint32_t{70000}) == Cbor(std::uint64_t{70000}));
    CHECK(Cbor(std::size_t{7}) == Cbor(7));
    CHECK(Cbor(std::uint8_t{200}).as_uint() == 200);
    CHECK(Cbor(static_cast<short>(-3)) == Cbor(-3));
    CHECK(Cbor(-5LL).as_int() == -5);
    CHECK(Cbor(5ULL).as_uint() == 5);
    CHECK(Cbor(-1L) == Cbor(Cbor::Negative{0}));
    CHECK(Cbor(std::int64_t{-1}) == Cbor(Cbor::Negative{0}));
}

TEST_CASE("cbor: typed accessors and find", "[codec][cbor]") {
    const Cbor token = decode_hex("a3617402616d6c68747470733a2f2f6d696e746164a16161f5");
    // {"t": 2, "m": "https://mint", "d": {"a": true}}
    CHECK(token.find("t")->as_uint() == 2);
    CHECK(token.find("m")->as_text() == "https://mint");
    CHECK(token.find("d")->find("a")->as_bool());
    CHECK(token.find("x") == nullptr);
    CHECK(token.as_map().size() == 3);
    CHECK(flash::test::thrown_code([&] { token.as_array(); }) == Errc::bad_cbor);
    CHECK(flash::test::thrown_code([&] { token.find("t")->as_text(); }) == Errc::bad_cbor);
    CHECK(flash::test::thrown_code([&] { token.find("m")->find("x"); }) == Errc::bad_cbor);
    CHECK(flash::test::thrown_code([&] { token.find("t")->as_bytes(); }) == Errc::bad_cbor);
    CHECK(flash::test::thrown_code([&] { token.find("t")->as_bool(); }) == Errc::bad_cbor);
    CHECK(flash::test::thrown_code([&] { token.find("t")->as_tagged(); }) == Errc::bad_cbor);
    CHECK(flash::test::thrown_code([&] { token.find("m")->as_int(); }) == Errc::bad_cbor);
    CHECK(flash::test::thrown_code([&] { token.find("m")->as_map(); }) == Errc::bad_cbor);
    CHECK(decode_hex("f6").is_null());
    CHECK_FALSE(decode_hex("f4").is_null());
    const Cbor tag = decode_hex("d8184401020304");
    CHECK(tag.as_tagged().tag == 24);
    CHECK(tag.as_tagged().value->as_bytes() == Bytes{1, 2, 3, 4});
}

TEST_CASE("cbor: equality distinguishes types and values", "[codec][cbor]") {
    CHECK(Cbor(1) != Cbor(-1));
    CHECK(Cbor(0) != Cbor(false));
    CHECK(Cbor("a") != Cbor(Bytes{0x61}));
    CHECK(Cbor() != Cbor(Cbor::Array{}));
    CHECK(Cbor::tagged(1, 2) != Cbor::tagged(2, 2));
    CHECK(Cbor::tagged(1, 2) != Cbor::tagged(1, 3));
    CHECK(Cbor::tagged(1, 2) == Cbor::tagged(1, 2));
    CHECK(Cbor(Cbor::Map{{1, 2}}) != Cbor(Cbor::Map{{1, 3}}));
    CHECK(Cbor(Cbor::Map{{1, 2}}) != Cbor(Cbor::Map{{1, 2}, {2, 2}}));
    CHECK(Cbor(Cbor::Array{1, 2}) != Cbor(Cbor::Array{2, 1}));
}

TEST_CASE("cbor: malformed input is rejected", "[codec][cbor]") {
    const char* invalid[] = {
        // truncated
        "", "18", "19", "1901", "1a000f42", "1b000000e8d4a510", "38", "44010203", "62c3", "63e6b0",
        "83", "830102", "8301820203", "a1", "a101", "a2010203", "c1", "d8", "d818",
        // trailing bytes
        "0000", "f6f6", "8001", "a0a0", "4100ff",
        // not the shortest form
        "1800", "1817", "190000", "1900ff", "1a00000000", "1a0000ffff", "1b0000000000000000",
        "1b00000000ffffffff", "3817", "390000", "5801" "00", "590001" "00", "7817" "6161616161616161616161616161616161616161616161",
        "9800", "980101", "b80101" "02", "d800" "01", "d90001" "01",
        // reserved additional information
        "1c", "1d", "1e", "3c", "5c", "7c", "9c", "bc", "dc", "fc", "fd", "fe",
        // indefinite lengths (including a lone break)
        "1f", "3f", "5fff", "7fff", "9fff", "bfff", "df", "ff",
        // invalid UTF-8: bad start byte, overlong, surrogate, above U+10FFFF, truncated sequence
        "61ff", "6180", "62c080", "62c1bf", "63e08080", "63eda080", "63edbfbf", "64f4908080", "64f8888080",
        "62e6b0", "6161c3" /* truncated item */, "62c328",
        // duplicate map keys
        "a201020103", "a2616101616102", "a2820102008201020" "1", "a2c10100c10101",
        // lengths larger than the input (must not allocate)
        "5bffffffffffffffff", "7bffffffffffffffff", "9bffffffffffffffff", "bbffffffffffffffff",
        "5a7fffffff", "9a7fffffff00", "ba7fffffff0000", "5b0000000100000000", "b9ffff010203",
    };
    for (const char* hex : invalid) {
        INFO(hex);
        CHECK(flash::test::thrown_code([&] { decode_hex(hex); }) == Errc::bad_cbor);
    }
}

TEST_CASE("cbor: nesting depth limit", "[codec][cbor]") {
    auto nested_arrays = [](std::size_t depth) {
        Bytes bytes(depth, 0x81);
        bytes.push_back(0x01);
        return bytes;
    };
    CHECK_NOTHROW(cbor_decode(nested_arrays(32)));
    CHECK(flash::test::thrown_code([&] { cbor_decode(nested_arrays(33)); }) == Errc::bad_cbor);
    CHECK(flash::test::thrown_code([&] { cbor_decode(nested_arrays(100000)); }) == Errc::bad_cbor);
    CHECK_NOTHROW(cbor_decode(nested_arrays(3), 3));
    CHECK(flash::test::thrown_code([&] { cbor_decode(nested_arrays(4), 3); }) == Errc::bad_cbor);

    // max_depth = 0 allows scalars only; maps and tags count like arrays.
    CHECK(decode_hex("01", 0) == Cbor(1));
    CHECK(flash::test::thrown_code([] { decode_hex("80", 0); }) == Errc::bad_cbor);
    CHECK(flash::test::thrown_code([] { decode_hex("a0", 0); }) == Errc::bad_cbor);
    CHECK(flash::test::thrown_code([] { decode_hex("c101", 0); }) == Errc::bad_cbor);
    CHECK(decode_hex("c101", 1) == Cbor::tagged(1, 1));
    CHECK(flash::test::thrown_code([] { decode_hex("c1c101", 1); }) == Errc::bad_cbor);
    CHECK(decode_hex("a101a10102", 2) == Cbor(Cbor::Map{{1, Cbor::Map{{1, 2}}}}));
    CHECK(flash::test::thrown_code([] { decode_hex("a101a10102", 1); }) == Errc::bad_cbor);
    // A map key counts as nested too.
    CHECK(flash::test::thrown_code([] { decode_hex("a1800102", 1); }) == Errc::bad_cbor);

    // Many siblings are fine: depth is not the item count.
    Bytes wide{0x98, 200};
    wide.insert(wide.end(), 200, 0x80);
    CHECK(cbor_decode(wide, 2).as_array().size() == 200);
}
