#include <catch2/catch.hpp>
#include <string>

#include "core/codec/utf8.hpp"

using flash::codec::is_utf8;
using flash::codec::next_code_point;

TEST_CASE("utf8: code points of every length decode", "[codec][utf8]") {
    const std::string text = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";  // a é € 😀
    std::size_t offset = 0;
    CHECK(next_code_point(text, offset) == U'a');
    CHECK(next_code_point(text, offset) == U'\u00E9');
    CHECK(next_code_point(text, offset) == U'\u20AC');
    CHECK(next_code_point(text, offset) == U'\U0001F600');
    CHECK(offset == text.size());
    CHECK(is_utf8(text));
    CHECK(is_utf8(""));
}

TEST_CASE("utf8: malformed sequences are refused without advancing", "[codec][utf8]") {
    for (const std::string bad : {"\x80", "\xC0\xAF", "\xC3", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                                  "\xF8\x88\x80\x80\x80", "\xC3\x28", "\xFF"}) {
        INFO("bytes " << bad.size());
        std::size_t offset = 0;
        CHECK_FALSE(next_code_point(bad, offset).has_value());
        CHECK(offset == 0);
        CHECK_FALSE(is_utf8("ok" + bad));
    }
}
