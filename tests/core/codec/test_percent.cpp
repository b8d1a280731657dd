// Percent-encoding as browsers do it (encodeURIComponent, URLSearchParams).
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/percent.hpp"

using namespace flash::codec;

TEST_CASE("percent: encodeURIComponent's unreserved set, everything else escaped", "[codec][percent]") {
    CHECK(percent_encode("AZaz09-_.!~*'()") == "AZaz09-_.!~*'()");
    CHECK(percent_encode("a b&c=d/e?f#g+h%") == "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25");
    CHECK(percent_encode("caf\xC3\xA9") == "caf%C3%A9");  // UTF-8 bytes, upper-case hex
    CHECK(percent_encode(std::string("\0\xff", 2)) == "%00%FF");
}

TEST_CASE("percent: decoding, '+' only in queries, bad escapes", "[codec][percent]") {
    CHECK(percent_decode("a%20b%2fc%2F", false) == "a b/c/");
    CHECK(percent_decode("a+b", false) == "a+b");
    CHECK(percent_decode("a+b", true) == "a b");
    CHECK(percent_decode("%00", false) == std::string(1, '\0'));
    for (const char* bad : {"%", "%2", "%zz", "%g0", "abc%4"}) {
        INFO(bad);
        CHECK_FALSE(percent_decode(bad, true).has_value());
    }
    const std::string all = "any \x01 bytes \xC3\xA9 &=?#+%";
    CHECK(percent_decode(percent_encode(all), true) == all);
}

TEST_CASE("percent: query strings split as URLSearchParams does", "[codec][percent]") {
    const auto params = parse_query("a=1&&b=x%20y+z&flag&a=2&=v&k=&");
    REQUIRE(params);
    const std::vector<QueryParam> want = {{"a", "1"}, {"b", "x y z"}, {"flag", ""}, {"a", "2"}, {"", "v"}, {"k", ""}};
    CHECK(*params == want);
    CHECK(parse_query("")->empty());
    CHECK(parse_query("x=1=2") == std::vector<QueryParam>{{"x", "1=2"}});
    CHECK_FALSE(parse_query("a=%zz").has_value());
    CHECK_FALSE(parse_query("%zz=1").has_value());
}
