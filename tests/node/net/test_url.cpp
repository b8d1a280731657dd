// Base URLs of the services flash-node calls, and percent-encoding.
#include <catch2/catch.hpp>

#include "node/net/url.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::node::net;

TEST_CASE("url: base URLs split into scheme, host, port and path", "[net]") {
    const BaseUrl lnd = parse_base_url("https://127.0.0.1:8080");
    CHECK(lnd.tls);
    CHECK(lnd.host == "127.0.0.1");
    CHECK(lnd.port == 8080);
    CHECK(lnd.path.empty());
    CHECK(lnd.host_header() == "127.0.0.1:8080");

    const BaseUrl bitcoind = parse_base_url("http://node.local/wallet/main/");
    CHECK_FALSE(bitcoind.tls);
    CHECK(bitcoind.port == 80);
    CHECK(bitcoind.path == "/wallet/main");
    CHECK(bitcoind.host_header() == "node.local");

    const BaseUrl v6 = parse_base_url("https://[::1]:10080");
    CHECK(v6.host == "::1");
    CHECK(v6.port == 10080);
    CHECK(v6.host_header() == "[::1]:10080");
    CHECK(parse_base_url("https://[::1]").host_header() == "[::1]");
    CHECK(parse_base_url("https://example.org").port == 443);
}

TEST_CASE("url: what is not a base URL is a configuration error", "[net]") {
    for (const char* bad : {"127.0.0.1:8080", "ftp://host", "https://", "https://:8080", "https://host:0",
                            "https://host:65536", "https://host:80x", "https://host:", "https://user:pw@host",
                            "https://host/?q=1", "https://host#f", "https://[::1", "https://[::1]x"}) {
        INFO(bad);
        REQUIRE_THROWS_CODE(parse_base_url(bad), Errc::bad_config);
    }
}

TEST_CASE("url: percent-encoding keeps only the unreserved characters", "[net]") {
    CHECK(percent_encode("AZaz09-._~") == "AZaz09-._~");
    CHECK(percent_encode("a+b/c=") == "a%2Bb%2Fc%3D");
    CHECK(percent_encode(std::string("\x00\xff", 2)) == "%00%FF");
}
