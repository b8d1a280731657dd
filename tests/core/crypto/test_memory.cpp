#include <catch2/catch.hpp>

#include "core/crypto/memory.hpp"

using namespace flash;
using namespace flash::crypto;

TEST_CASE("wipe zeroes the buffer", "[crypto][memory]") {
    std::uint8_t buf[37];
    for (std::size_t i = 0; i < sizeof buf; ++i) buf[i] = static_cast<std::uint8_t>(i + 1);
    wipe(buf, sizeof buf);
    for (std::uint8_t b : buf) REQUIRE(b == 0);
    wipe(nullptr, 0);  // allowed no-op
}

TEST_CASE("ct_equal compares contents and lengths", "[crypto][memory]") {
    Bytes a{1, 2, 3, 4}, b{1, 2, 3, 4}, c{1, 2, 3, 5}, d{1, 2, 3};
    REQUIRE(ct_equal(a, b));
    REQUIRE_FALSE(ct_equal(a, c));
    REQUIRE_FALSE(ct_equal(a, d));
    REQUIRE_FALSE(ct_equal(d, a));
    REQUIRE(ct_equal(ByteView{}, ByteView{}));
    Bytes first_differs{0, 2, 3, 4};
    REQUIRE_FALSE(ct_equal(a, first_differs));
}

TEST_CASE("Secret and SecretBytes hold their contents", "[crypto][memory]") {
    ByteArray<4> raw{9, 8, 7, 6};
    Secret<4> s(raw);
    REQUIRE(s.array() == raw);
    REQUIRE(s.view().size() == 4);
    Secret<4> copy = s;
    REQUIRE(copy.array() == raw);
    REQUIRE(Secret<4>{}.array() == ByteArray<4>{});

    SecretBytes sb{1, 2, 3};
    sb.resize(1000, 0xAB);  // reallocation goes through the wiping allocator
    REQUIRE(sb.size() == 1000);
    REQUIRE(sb[0] == 1);
    REQUIRE(sb[999] == 0xAB);
}
