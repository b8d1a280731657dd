// Newline-delimited JSON reassembled from pieces cut anywhere.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "node/net/line_splitter.hpp"

using flash::node::net::LineSplitter;

namespace {

std::vector<std::string> split(const std::vector<std::string>& pieces, std::size_t limit = 1024) {
    LineSplitter splitter(limit);
    std::vector<std::string> lines;
    const auto collect = [&](std::string_view line) {
        lines.emplace_back(line);
        return true;
    };
    for (const std::string& piece : pieces) REQUIRE(splitter.feed(piece, collect));
    splitter.finish(collect);
    return lines;
}

}  // namespace

TEST_CASE("line splitter: lines cut across pieces, several in one, CRLF, blank lines", "[net]") {
    CHECK(split({"{\"a\":", "1}\n{\"b\"", ":2}\n"}) == std::vector<std::string>{"{\"a\":1}", "{\"b\":2}"});
    CHECK(split({"one\ntwo\nthree\n"}) == std::vector<std::string>{"one", "two", "three"});
    CHECK(split({"crlf\r\n", "\n", "\r\n", "x"}) == std::vector<std::string>{"crlf", "x"});
    CHECK(split({"", "a", "", "b\n"}) == std::vector<std::string>{"ab"});
    CHECK(split({}).empty());
}

TEST_CASE("line splitter: stops when told and refuses endless lines", "[net]") {
    LineSplitter splitter(1024);
    int seen = 0;
    CHECK_FALSE(splitter.feed("a\nb\nc\n", [&](std::string_view) { return ++seen < 2; }));
    CHECK(seen == 2);
    CHECK_FALSE(splitter.too_long());

    LineSplitter small(4);
    CHECK(small.feed("abcd", [](std::string_view) { return true; }));
    CHECK_FALSE(small.feed("e", [](std::string_view) { return true; }));
    CHECK(small.too_long());
}
