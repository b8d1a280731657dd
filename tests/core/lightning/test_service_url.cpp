// LNURL service URLs (LUD-01 "HTTPS or Onion"): what is accepted, how it is normalised, and how
// callback parameters are appended.
#include <catch2/catch.hpp>
#include <string>

#include "core/lightning/service_url.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::lightning;
using test::require_error;

TEST_CASE("service URL: https anywhere, http only to onion hosts", "[lightning][lnurl]") {
    const ServiceUrl url = parse_service_url("HTTPS://Service.COM:8443/API/Pay?Q=AbC#Frag");
    CHECK(url.text == "https://service.com:8443/API/Pay?Q=AbC#Frag");  // path and query keep their case
    CHECK(url.host == "service.com");
    CHECK_FALSE(url.onion);
    CHECK(url.query() == "Q=AbC");

    const ServiceUrl onion = parse_service_url("http://examplennnnnnnn.onion/path");
    CHECK(onion.onion);
    CHECK(onion.host == "examplennnnnnnn.onion");
    CHECK(parse_service_url("https://examplennnnnnnn.onion/path").onion);
    CHECK(parse_service_url("https://10.0.0.1").host == "10.0.0.1");
    CHECK(parse_service_url("https://[2001:db8::1]:443/x").host == "[2001:db8::1]");
    CHECK(parse_service_url("https://x.com").query().empty());

    // Loopback: a node serving the wallet on this machine may use http.
    for (const char* local : {"http://127.0.0.1:8080/api/v1/cards/tap?p=1", "http://localhost/x", "http://[::1]:9/",
                              "http://127.200.3.4/"})
        CHECK(parse_service_url(local).loopback);
    CHECK_FALSE(parse_service_url("https://service.com").loopback);
}

TEST_CASE("service URL: everything else is refused", "[lightning][lnurl]") {
    for (const char* bad : {"http://service.com/api",           // clearnet http
                            "http://127.0.0.1.example.com/",    // a DNS name, not the loopback address
                            "http://128.0.0.1/",
                            "http://127.0.0/",
                            "http://127.0.0.256/",
                            "http://localhost.example/",
                            "http://onion/api",                 // not a .onion name
                            "ftp://service.com/x",              // another scheme
                            "service.com/api",                  // no scheme
                            "https://user:pw@service.com/",     // user info
                            "https://service.com:0/",           // port out of range
                            "https://service.com:65536/",
                            "https://service.com:/",
                            "https://service.com:80a/",
                            "https://",                         // no host
                            "https://a..b/",                    // empty label
                            "https://ex_ample.com/",            // '_' in a host
                            "https://b\xC3\xBC" "cher.de/",      // IDN not in punycode
                            "https://service.com/a b",          // space
                            "https://service.com/\x01",         // control character
                            "https://service.com/caf\xC3\xA9",  // non-ASCII path
                            "https://[2001:db8::1/",            // unclosed literal
                            "https://[zz]/"}) {
        INFO(bad);
        require_error(Errc::bad_lnurl, [&] { parse_service_url(bad); });
    }
    require_error(Errc::bad_lnurl, [] { parse_service_url("https://x.com/" + std::string(max_service_url_length, 'a')); });
}

TEST_CASE("service URL: appended parameters keep the callback's own", "[lightning][lnurl]") {
    const auto append = [](const char* url) {
        return append_query(parse_service_url(url), {{"amount", "1000"}, {"comment", "hi & bye"}});
    };
    CHECK(append("https://x.com/cb") == "https://x.com/cb?amount=1000&comment=hi%20%26%20bye");
    CHECK(append("https://x.com/cb?id=7") == "https://x.com/cb?id=7&amount=1000&comment=hi%20%26%20bye");
    CHECK(append("https://x.com/cb?") == "https://x.com/cb?amount=1000&comment=hi%20%26%20bye");
    CHECK(append("https://x.com/cb?id=7&") == "https://x.com/cb?id=7&amount=1000&comment=hi%20%26%20bye");
    CHECK(append("https://x.com/cb?id=7#top") == "https://x.com/cb?id=7&amount=1000&comment=hi%20%26%20bye#top");

    const ServiceUrl url = parse_service_url("https://x.com/?tag=withdrawRequest&k1=a%2Bb&k1=second");
    CHECK(query_param(url, "tag") == "withdrawRequest");
    CHECK(query_param(url, "k1") == "a+b");  // the first one
    CHECK_FALSE(query_param(url, "missing"));
    require_error(Errc::bad_lnurl, [] { query_param(parse_service_url("https://x.com/?a=%zz"), "a"); });
}
