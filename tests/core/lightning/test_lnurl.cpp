// LNURL links (LUD-01 bech32, LUD-17 schemes), lightning addresses (LUD-16) and the shared
// {"status": ...} answers. The LUD-01 example is quoted from lnurl/luds 01.md.
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/ascii.hpp"
#include "core/codec/bech32.hpp"
#include "core/lightning/lnurl.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::lightning;
using test::require_error;

namespace {

// LUD-01, "An example LNURL".
constexpr const char* kLud01Url = "https://service.com/api?q=3fc3645b439ce8e7f2553a69e5267081d96dcd340693afabe04be7b0ccd178df";
constexpr const char* kLud01Lnurl =
    "LNURL1DP68GURN8GHJ7UM9WFMXJCM99E3K7MF0V9CXJ0M385EKVCENXC6R2C35XVUKXEFCV5MKVV34X5EKZD3EV56NYD3HXQURZEPEXEJXXEPNXSC"
    "RVWFNV9NXZCN9XQ6XYEFHVGCXXCMYXYMNSERXFQ5FNS";

std::string bech32_of(std::string_view hrp, std::string_view text, codec::Bech32Variant variant = codec::Bech32Variant::bech32) {
    return codec::bech32_encode_bytes(hrp, as_bytes(text), variant, lnurl::max_bech32_length);
}

}  // namespace

TEST_CASE("LUD-01: the spec's example decodes and encodes", "[lightning][lnurl]") {
    const lnurl::Link link = lnurl::decode(kLud01Lnurl);
    CHECK(link.url.text == kLud01Url);
    CHECK(link.url.host == "service.com");
    CHECK(link.kind == lnurl::Kind::unknown);
    CHECK(lnurl::encode(kLud01Url) == kLud01Lnurl);  // upper case, as LUD-01 recommends for QR codes

    // Lower case and a lightning: prefix decode the same; mixed case is refused by bech32.
    CHECK(lnurl::decode(codec::ascii_lower(kLud01Lnurl)).url.text == kLud01Url);
    CHECK(lnurl::decode(std::string("lightning:") + kLud01Lnurl).url.text == kLud01Url);
    CHECK(lnurl::decode(std::string("LIGHTNING:") + codec::ascii_lower(kLud01Lnurl)).url.text == kLud01Url);
    std::string mixed = kLud01Lnurl;
    mixed[10] = codec::ascii_lower(mixed[10]);
    require_error(Errc::bad_bech32, [&] { lnurl::decode(mixed); });
    std::string typo = kLud01Lnurl;
    typo[20] = typo[20] == 'Q' ? 'P' : 'Q';
    require_error(Errc::bad_checksum, [&] { lnurl::decode(typo); });
}

TEST_CASE("LUD-01: what the bech32 must hold", "[lightning][lnurl]") {
    // Longer than bech32's 90 characters (LUD-01 lifts the limit).
    const std::string long_url = "https://service.com/" + std::string(1500, 'a');
    CHECK(lnurl::decode(lnurl::encode(long_url)).url.text == long_url);

    CHECK(lnurl::decode(bech32_of("lnurl", "http://abcdefghijklmnop.onion/w")).url.onion);
    CHECK(lnurl::decode(bech32_of("lnurl", "https://x.com/?tag=login&k1=00")).kind == lnurl::Kind::login);
    CHECK(lnurl::decode(bech32_of("lnurl", "https://x.com/?tag=withdrawRequest&k1=00")).kind == lnurl::Kind::withdraw);

    require_error(Errc::bad_lnurl, [] { lnurl::decode(bech32_of("lnurl", "http://service.com/api")); });
    require_error(Errc::bad_lnurl, [] { lnurl::decode(bech32_of("lnurl", "javascript:alert(1)")); });
    require_error(Errc::bad_lnurl, [] { lnurl::decode(bech32_of("lnurl", "https://x.com/\xff")); });
    require_error(Errc::bad_lnurl, [] { lnurl::decode(bech32_of("lnurlp", kLud01Url)); });
    require_error(Errc::bad_lnurl, [] { lnurl::decode(bech32_of("lnurl", kLud01Url, codec::Bech32Variant::bech32m)); });
    // 14 bytes are 23 words (3 padding bits); two more zero words leave 5 padding bits: refused.
    Bytes words = codec::convert_bits(as_bytes(std::string_view("https://x.com/")), 8, 5, true);
    REQUIRE(words.size() == 23);
    words.insert(words.end(), {0, 0});
    require_error(Errc::bad_lnurl, [&] {
        lnurl::decode(codec::bech32_encode("lnurl", words, codec::Bech32Variant::bech32, lnurl::max_bech32_length));
    });
    require_error(Errc::bad_bech32, [] { lnurl::decode("lnurl1" + std::string(lnurl::max_bech32_length, 'q')); });
    require_error(Errc::bad_lnurl, [] { lnurl::encode("http://service.com/"); });
}

TEST_CASE("LUD-17: schemes resolve to https, or http for onion hosts", "[lightning][lnurl]") {
    const lnurl::Link withdraw = lnurl::resolve_scheme("lnurlw://domain.com/path?p=AB&c=CD");
    CHECK(withdraw.url.text == "https://domain.com/path?p=AB&c=CD");
    CHECK(withdraw.kind == lnurl::Kind::withdraw);
    const lnurl::Link pay = lnurl::resolve_scheme("lnurlp://examplennnnnnnn.onion/path");
    CHECK(pay.url.text == "http://examplennnnnnnn.onion/path");
    CHECK(pay.kind == lnurl::Kind::pay);
    CHECK(lnurl::resolve_scheme("LNURLC://Domain.com").kind == lnurl::Kind::channel);
    CHECK(lnurl::resolve_scheme("LNURLC://Domain.com").url.text == "https://domain.com");
    CHECK(lnurl::resolve_scheme("keyauth://domain.com/login?tag=login&k1=ab").kind == lnurl::Kind::login);
    CHECK(lnurl::resolve_scheme("lnurlp://domain.com:8443/.well-known/lnurlp/bob").url.text ==
          "https://domain.com:8443/.well-known/lnurlp/bob");
    CHECK(lnurl::has_lud17_scheme("KEYAUTH://x"));
    CHECK_FALSE(lnurl::has_lud17_scheme("https://x"));

    require_error(Errc::bad_lnurl, [] { lnurl::resolve_scheme("lnurlx://domain.com/"); });
    require_error(Errc::bad_lnurl, [] { lnurl::resolve_scheme("lnurlp://"); });
    require_error(Errc::bad_lnurl, [] { lnurl::resolve_scheme("lnurlp://user@domain.com/"); });
    require_error(Errc::bad_lnurl, [] { lnurl::resolve_scheme("lnurlp://dom ain.com/"); });
}

TEST_CASE("LUD-01/17 fallbacks: https URLs in QR codes", "[lightning][lnurl]") {
    const lnurl::Link inner = lnurl::link_for_url(std::string("https://service.com/giftcard/redeem?id=123&lightning=") + kLud01Lnurl);
    CHECK(inner.url.text == kLud01Url);
    const lnurl::Link plain = lnurl::link_for_url("https://service.com/pay?tag=payRequest");
    CHECK(plain.url.text == "https://service.com/pay?tag=payRequest");
    CHECK(plain.kind == lnurl::Kind::pay);
    require_error(Errc::bad_lnurl, [] { lnurl::link_for_url("http://service.com/"); });
}

TEST_CASE("LUD-16: lightning addresses", "[lightning][lnurl]") {
    const lnurl::LightningAddress satoshi = lnurl::parse_lightning_address("satoshi@bitcoin.org");
    CHECK(satoshi.url.text == "https://bitcoin.org/.well-known/lnurlp/satoshi");  // the LUD's own example
    CHECK(satoshi.text() == "satoshi@bitcoin.org");

    CHECK(lnurl::parse_lightning_address("alice@examplennnnnnnn.onion").url.text ==
          "http://examplennnnnnnn.onion/.well-known/lnurlp/alice");
    CHECK(lnurl::parse_lightning_address("a-b_c.d0@x.io").user == "a-b_c.d0");
    const lnurl::LightningAddress tagged = lnurl::parse_lightning_address("bob+coffee@x.io");
    CHECK(tagged.url.text == "https://x.io/.well-known/lnurlp/bob+coffee");
    const lnurl::LightningAddress folded = lnurl::parse_lightning_address("Satoshi@Bitcoin.ORG");
    CHECK(folded.text() == "satoshi@bitcoin.org");
    CHECK(lnurl::parse_lightning_address("dev@localhost:8443").url.text == "https://localhost:8443/.well-known/lnurlp/dev");

    for (const char* bad : {"satoshi", "@bitcoin.org", "satoshi@", "a@b@c.org", "sa toshi@x.org", "sa!toshi@x.org",
                            "sat%6fshi@x.org", "s\xC3\xA1toshi@x.org", "satoshi@x.org/evil", "satoshi@x.org?q=1",
                            "satoshi@user@x.org", "satoshi@x..org", "satoshi@x.org:99999"}) {
        INFO(bad);
        require_error(Errc::bad_lnurl, [&] { lnurl::parse_lightning_address(bad); });
    }
    CHECK(lnurl::is_valid_username("a-z_0.9"));
    CHECK_FALSE(lnurl::is_valid_username(""));
    CHECK_FALSE(lnurl::is_valid_username("Bob"));
    CHECK_FALSE(lnurl::is_valid_username("bob+tag"));
}

TEST_CASE("LNURL service answers: errors carry the service's reason", "[lightning][lnurl]") {
    try {
        lnurl::check_service_answer(R"({"status":"ERROR","reason":"amount too low"})");
        FAIL("no error thrown");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::service_error);
        CHECK(std::string(e.what()).find("amount too low") != std::string::npos);
    }
    require_error(Errc::service_error, [] { lnurl::check_service_answer(R"({"status":"ERROR"})"); });
    require_error(Errc::bad_json, [] { lnurl::check_service_answer("<html>502 Bad Gateway</html>"); });
    require_error(Errc::bad_lnurl, [] { lnurl::check_service_answer(R"(["not", "an", "object"])"); });
    require_error(Errc::too_large, [] { lnurl::check_service_answer(std::string(lnurl::max_answer_bytes + 1, ' ')); });
    CHECK(lnurl::check_service_answer(R"({"tag":"payRequest"})")["tag"] == "payRequest");

    lnurl::check_status_ok(R"({"status":"OK"})");
    lnurl::check_status_ok(lnurl::ok_answer());
    require_error(Errc::bad_lnurl, [] { lnurl::check_status_ok(R"({"status":"PENDING"})"); });
    require_error(Errc::bad_lnurl, [] { lnurl::check_status_ok("{}"); });
    require_error(Errc::service_error, [] { lnurl::check_status_ok(lnurl::error_answer("card disabled")); });
    CHECK(nlohmann::json::parse(lnurl::error_answer("bad \xff byte"))["reason"] == "bad \xEF\xBF\xBD byte");
}
