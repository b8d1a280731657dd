// Cashu tokens in NDEF records: the three forms wallets write (Text, URL, binary MIME), read back
// with find_token(), with the NUT-00 V4 token vector from shared/vectors.
#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/cashu/token.hpp"
#include "core/error.hpp"
#include "offline/ndef/cashu_records.hpp"
#include "offline/ndef/mime_record.hpp"
#include "offline/ndef/text_record.hpp"
#include "offline/ndef/uri_record.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using flash::Bytes;
using flash::Errc;
using namespace flash::offline::ndef;
namespace cashu = flash::cashu;

namespace {

/// The first V4 token of the NUT-00 vectors.
std::string vector_token() {
    const std::string text = flash::test::read_vector_text("cashu/00-tests.md");
    std::smatch match;
    REQUIRE(std::regex_search(text, match, std::regex("cashuB[A-Za-z0-9_-]+")));
    return match.str();
}

std::optional<std::string> token_of(const std::vector<Record>& records) {
    return find_token(parse_message(encode_message(records)));
}

}  // namespace

TEST_CASE("cashu records: text, URL and binary forms read back", "[offline][ndef][cashu]") {
    const std::string token = vector_token();
    const cashu::Token decoded = cashu::decode_token(token);

    const Record text = token_text_record(token);
    CHECK(parse_text_record(text) == TextRecord{"en", token});
    CHECK(token_of({text}) == token);

    const Record url = token_url_record("https://wallet.example/", token);
    CHECK(parse_uri_record(url) == "https://wallet.example/#token=" + token);
    CHECK(token_of({url}) == token);

    const Record binary = token_binary_record(decoded);
    CHECK(mime_type(binary) == "application/octet-stream");
    CHECK(binary.payload == cashu::encode_token_raw(decoded));
    const auto from_binary = token_of({binary});
    REQUIRE(from_binary);
    CHECK(from_binary->starts_with("cashuB"));
    CHECK(cashu::decode_token(*from_binary) == decoded);
}

TEST_CASE("cashu records: the texts wallets put around a token", "[offline][ndef][cashu]") {
    const std::string token = vector_token();
    const std::string v3 = "cashuAeyJ0b2tlbiI6W3sibWludCI6Imh0dHBzOi8vOGFhZmQ/+w==";
    CHECK(token_in_text(token) == token);
    CHECK(token_in_text("cashu:" + token) == token);
    CHECK(token_in_text("CASHU:" + token) == token);
    CHECK(token_in_text(v3) == v3);
    CHECK(token_in_text(token + " sent from my phone") == token);
    CHECK(token_in_text("https://wallet.cashu.me/#token=" + token) == token);          // cashu.me "weburl"
    CHECK(token_in_text("https://wallet.cashu.me/?token=" + token) == token);          // query form
    CHECK(token_in_text("https://w.example/?a=1&token=" + token + "&b=2#x") == token);
    CHECK(token_in_text("https://w.example/#a=1&token=cashu:" + token) == token);
    CHECK(token_in_text("https://w.example/#token=" + v3) == v3);                     // '+' kept
    CHECK(token_in_text("https://w.example/#token=cashuA%2Bw%3D%3D") == "cashuA+w==");  // percent-decoded
    CHECK_FALSE(token_in_text(""));
    CHECK_FALSE(token_in_text("lnbc1..."));
    CHECK_FALSE(token_in_text("creqAo2F0"));
    CHECK_FALSE(token_in_text("https://w.example/#token=lnbc1"));
    CHECK_FALSE(token_in_text("https://w.example/#tokens=" + token));
    CHECK_FALSE(token_in_text("https://w.example/#token=%zz"));
    CHECK_FALSE(token_in_text("see cashuB..."));  // only at the start or as a parameter
}

TEST_CASE("cashu records: find_token skips other records and reports broken ones", "[offline][ndef][cashu]") {
    const std::string token = vector_token();
    const Record aar{Tnf::external, Bytes{'a', 'n', 'd', 'r', 'o', 'i', 'd', '.', 'c', 'o', 'm', ':', 'p', 'k', 'g'}, {},
                     Bytes{'x'}};
    CHECK(token_of({make_text_record("hello"), aar, token_text_record(token)}) == token);
    CHECK(token_of({make_mime_record("image/png", Bytes{1, 2}), make_uri_record("cashu:" + token)}) == token);
    CHECK_FALSE(token_of({make_text_record("hello"), aar, Record{}}));

    Record broken_text{Tnf::well_known, Bytes{'T'}, {}, Bytes{0x05, 'e'}};
    REQUIRE_THROWS_CODE(find_token(std::vector{broken_text}), Errc::bad_ndef);
    Record broken_binary = make_mime_record(octet_stream, Bytes{'c', 'r', 'a', 'w', 'B', 0xa0});
    REQUIRE_THROWS_CODE(find_token(std::vector{broken_binary}), Errc::bad_token);
    REQUIRE_THROWS_CODE(token_text_record("\xff"), Errc::bad_argument);
}
