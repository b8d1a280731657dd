// Bytewords against the vectors of Blockchain Commons bc-ur (test/test.cpp at 603c21c,
// test_bytewords_1/2).
#include <catch2/catch.hpp>

#include "core/bytes.hpp"
#include "core/error.hpp"
#include "offline/ur/bytewords.hpp"
#include "support/errors.hpp"

using flash::Bytes;
using flash::Errc;
using namespace flash::offline::ur;

TEST_CASE("bytewords: bc-ur vector 1 in every style", "[offline][ur][bytewords]") {
    const Bytes input = {0, 1, 2, 128, 255};
    CHECK(bytewords_encode(input, BytewordsStyle::standard) == "able acid also lava zoom jade need echo taxi");
    CHECK(bytewords_encode(input, BytewordsStyle::uri) == "able-acid-also-lava-zoom-jade-need-echo-taxi");
    CHECK(bytewords_encode(input, BytewordsStyle::minimal) == "aeadaolazmjendeoti");
    CHECK(bytewords_encode(input, BytewordsStyle::minimal, LetterCase::upper) == "AEADAOLAZMJENDEOTI");

    CHECK(bytewords_decode("able acid also lava zoom jade need echo taxi", BytewordsStyle::standard) == input);
    CHECK(bytewords_decode("able-acid-also-lava-zoom-jade-need-echo-taxi", BytewordsStyle::uri) == input);
    CHECK(bytewords_decode("aeadaolazmjendeoti", BytewordsStyle::minimal) == input);
    CHECK(bytewords_decode("AEADAOLAZMJENDEOTI", BytewordsStyle::minimal) == input);
    CHECK(bytewords_decode("Able-Acid-ALSO-lava-zoom-jade-need-echo-taxi", BytewordsStyle::uri) == input);
}

TEST_CASE("bytewords: bc-ur vector 2 (100 bytes)", "[offline][ur][bytewords]") {
    const Bytes input = {245, 215, 20,  198, 241, 235, 69,  59,  209, 205, 165, 18,  150, 158, 116, 135, 229,
                         212, 19,  159, 17,  37,  239, 240, 253, 11,  109, 191, 37,  242, 38,  120, 223, 41,
                         156, 189, 242, 254, 147, 204, 66,  163, 216, 175, 191, 72,  169, 54,  32,  60,  144,
                         230, 210, 137, 184, 197, 33,  113, 88,  14,  157, 31,  177, 46,  1,   115, 205, 69,
                         225, 150, 65,  235, 58,  144, 65,  240, 133, 69,  113, 247, 63,  53,  242, 165, 160,
                         144, 26,  13,  79,  237, 133, 71,  82,  69,  254, 165, 138, 41,  85,  24};
    const std::string standard =
        "yank toys bulb skew when warm free fair tent swan open brag mint noon jury list view tiny brew note "
        "body data webs what zinc bald join runs data whiz days keys user diet news ruby whiz zone menu surf "
        "flew omit trip pose runs fund part even crux fern math visa tied loud redo silk curl jugs hard beta "
        "next cost puma drum acid junk swan free very mint flap warm fact math flap what limp free jugs yell "
        "fish epic whiz open numb math city belt glow wave limp fuel grim free zone open love diet gyro cats "
        "fizz holy city puff";
    const std::string minimal =
        "yktsbbswwnwmfefrttsnonbgmtnnjyltvwtybwnebydawswtzcbdjnrsdawzdsksurdtnsrywzzemusf"
        "fwottppersfdptencxfnmhvatdldroskcljshdbantctpadmadjksnfevymtfpwmftmhfpwtlpfejsyl"
        "fhecwzonnbmhcybtgwwelpflgmfezeonledtgocsfzhycypf";
    CHECK(bytewords_encode(input, BytewordsStyle::standard) == standard);
    CHECK(bytewords_encode(input, BytewordsStyle::minimal) == minimal);
    CHECK(bytewords_decode(standard, BytewordsStyle::standard) == input);
    CHECK(bytewords_decode(minimal, BytewordsStyle::minimal) == input);
}

TEST_CASE("bytewords: every byte round-trips in every style and case", "[offline][ur][bytewords]") {
    Bytes all(256);
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint8_t>(i);
    for (const auto style : {BytewordsStyle::standard, BytewordsStyle::uri, BytewordsStyle::minimal})
        for (const auto letter_case : {LetterCase::lower, LetterCase::upper})
            CHECK(bytewords_decode(bytewords_encode(all, style, letter_case), style) == all);
}

TEST_CASE("bytewords: malformed input is refused with a typed error", "[offline][ur][bytewords]") {
    // bad checksum (bc-ur's cases)
    REQUIRE_THROWS_CODE(bytewords_decode("able acid also lava zero jade need echo wolf", BytewordsStyle::standard),
                        Errc::bad_checksum);
    REQUIRE_THROWS_CODE(bytewords_decode("able-acid-also-lava-zero-jade-need-echo-wolf", BytewordsStyle::uri),
                        Errc::bad_checksum);
    REQUIRE_THROWS_CODE(bytewords_decode("aeadaolazojendeowf", BytewordsStyle::minimal), Errc::bad_checksum);
    // too short: no data byte besides the checksum
    REQUIRE_THROWS_CODE(bytewords_decode("wolf", BytewordsStyle::standard), Errc::bad_ur);
    REQUIRE_THROWS_CODE(bytewords_decode("", BytewordsStyle::standard), Errc::bad_ur);
    REQUIRE_THROWS_CODE(bytewords_decode("", BytewordsStyle::minimal), Errc::bad_ur);
    REQUIRE_THROWS_CODE(bytewords_decode(bytewords_encode({}, BytewordsStyle::minimal), BytewordsStyle::minimal),
                        Errc::bad_ur);
    // not words: unknown pair, wrong middle letters, non-letters, odd length, bad separators
    REQUIRE_THROWS_CODE(bytewords_decode("aeadaolazmjendeotq", BytewordsStyle::minimal), Errc::bad_ur);
    REQUIRE_THROWS_CODE(bytewords_decode("abce acid also lava zoom jade need echo taxi", BytewordsStyle::standard),
                        Errc::bad_ur);
    REQUIRE_THROWS_CODE(bytewords_decode("aeadao1azmjendeoti", BytewordsStyle::minimal), Errc::bad_ur);
    REQUIRE_THROWS_CODE(bytewords_decode("aeadaolazmjendeot", BytewordsStyle::minimal), Errc::bad_ur);
    REQUIRE_THROWS_CODE(bytewords_decode("able  acid also lava zoom jade need echo taxi", BytewordsStyle::standard),
                        Errc::bad_ur);
    REQUIRE_THROWS_CODE(bytewords_decode("able-acid-also-lava-zoom-jade-need-echo-taxi", BytewordsStyle::standard),
                        Errc::bad_ur);
    REQUIRE_THROWS_CODE(bytewords_decode(" able acid also lava zoom jade need echo taxi", BytewordsStyle::standard),
                        Errc::bad_ur);
    REQUIRE_THROWS_CODE(bytewords_decode(std::string("aeadaolazmjendeo\0i", 18), BytewordsStyle::minimal),
                        Errc::bad_ur);
    REQUIRE_THROWS_CODE(bytewords_decode("aeadaolazmjendeo\xc3\xa9", BytewordsStyle::minimal), Errc::bad_ur);
}
