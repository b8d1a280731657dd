#include <catch2/catch.hpp>

#include "core/codec/base64.hpp"
#include "core/error.hpp"
#include "support/errors.hpp"

using flash::Bytes;
using flash::Errc;
using flash::Error;
using namespace flash::codec;

namespace {

Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }

}  // namespace

TEST_CASE("base64: RFC 4648 section 10 test vectors", "[codec][base64]") {
    struct Vector {
        const char* plain;
        const char* padded;
        const char* unpadded;
    };
    const Vector vectors[] = {
        {"", "", ""},
        {"f", "Zg==", "Zg"},
        {"fo", "Zm8=", "Zm8"},
        {"foo", "Zm9v", "Zm9v"},
        {"foob", "Zm9vYg==", "Zm9vYg"},
        {"fooba", "Zm9vYmE=", "Zm9vYmE"},
        {"foobar", "Zm9vYmFy", "Zm9vYmFy"},
    };
    for (const auto& v : vectors) {
        INFO(v.plain);
        const Bytes plain = bytes_of(v.plain);
        CHECK(base64_encode(plain) == v.padded);
        CHECK(base64_encode(plain, Padding::without) == v.unpadded);
        CHECK(base64_decode(v.padded) == plain);
        CHECK(base64_decode(v.unpadded) == plain);
        // These strings use no '+' or '/', so base64url spells them the same.
        CHECK(base64url_encode(plain) == v.unpadded);
        CHECK(base64url_encode(plain, Padding::with) == v.padded);
        CHECK(base64url_decode(v.padded) == plain);
        CHECK(base64url_decode(v.unpadded) == plain);
    }
}

TEST_CASE("base64 and base64url differ in two characters", "[codec][base64]") {
    const Bytes data{0xfb, 0xff, 0xbf};
    CHECK(base64_encode(data) == "+/+/");
    CHECK(base64url_encode(data) == "-_-_");
    CHECK(base64_decode("+/+/") == data);
    CHECK(base64url_decode("-_-_") == data);
    CHECK(base64_encode(Bytes{0xfb, 0xff}) == "+/8=");
    CHECK(base64url_encode(Bytes{0xfb, 0xff}) == "-_8");
    CHECK(flash::test::thrown_code([] { base64_decode("-_-_"); }) == Errc::bad_base64);
    CHECK(flash::test::thrown_code([] { base64url_decode("+/+/"); }) == Errc::bad_base64);
}

TEST_CASE("base64 round-trips all lengths", "[codec][base64]") {
    Bytes data;
    for (int n = 0; n < 70; ++n) {
        INFO(n);
        CHECK(base64_decode(base64_encode(data)) == data);
        CHECK(base64_decode(base64_encode(data, Padding::without)) == data);
        CHECK(base64url_decode(base64url_encode(data)) == data);
        CHECK(base64url_decode(base64url_encode(data, Padding::with)) == data);
        data.push_back(static_cast<std::uint8_t>(n * 37 + 250));
    }
}

TEST_CASE("base64 decodes long input and names the first bad character", "[codec][base64]") {
    // Past the decoder's 768-byte staging buffer, with each tail length.
    for (std::size_t n : {767u, 768u, 769u, 770u, 2000u}) {
        INFO(n);
        Bytes data(n);
        for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<std::uint8_t>(i * 131 + 7);
        CHECK(base64_decode(base64_encode(data)) == data);
    }
    try {
        base64_decode("Zm9vYm.r!mFy");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("offset 6") != std::string::npos);
    }
}

TEST_CASE("base64 rejects malformed input", "[codec][base64]") {
    const char* invalid[] = {
        "Z",         // a single character cannot hold a byte
        "Zm9vY",     // 4k+1 characters
        "Zg=",       // padded but not a multiple of 4
        "Zg===",     // too much padding
        "Zm8==",     // padding for the wrong remainder
        "Zm9v=",     // padding after a full group
        "Zm9v====",  // a whole group of padding
        "====",      //
        "=",         //
        "Zh==",      // non-zero trailing bits (canonical is Zg==)
        "Zm9=",      // non-zero trailing bits (canonical is Zm8=)
        "Zh",        // the same without padding
        "Zm9",       //
        "Zg=a",      // data after padding
        "Z=g=",      // padding in the middle
        "Zm 9v",     // whitespace
        "Zm9v\n",    //
        " Zm9v",     //
        "Zm9v.",     // not in the alphabet
        "Zm9v\x80",  // not ASCII
    };
    for (const char* text : invalid) {
        INFO(text);
        CHECK(flash::test::thrown_code([&] { base64_decode(text); }) == Errc::bad_base64);
        CHECK(flash::test::thrown_code([&] { base64url_decode(text); }) == Errc::bad_base64);
    }
}
