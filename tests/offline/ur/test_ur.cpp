// UR strings (single- and multi-part) and the UR decoder: bc-ur's vectors (test/test.cpp at 603c21c:
// test_single_part_ur, test_ur_encoder, test_multipart_ur), NUT-16 payloads, malformed frames.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "offline/ur/test_message.hpp"
#include "core/bytes.hpp"
#include "core/codec/ascii.hpp"
#include "core/codec/cbor.hpp"
#include "core/error.hpp"
#include "offline/ur/ur.hpp"
#include "offline/ur/ur_decoder.hpp"
#include "offline/ur/ur_encoder.hpp"
#include "offline/ur/xoshiro256.hpp"
#include "support/errors.hpp"

using flash::as_bytes;
using flash::Bytes;
using flash::Errc;
using flash::codec::ascii_lower;
using namespace flash::offline::ur;
using flash::test::make_message;

TEST_CASE("ur: bc-ur single-part vector", "[offline][ur]") {
    const Ur ur = bytes_ur(make_message(50));
    const std::string expected =
        "ur:bytes/hdeymejtswhhylkepmykhhtsytsnoyoyaxaedsuttydmmhhpktpmsrjtgwdpfnsboxgwlbaawzuefywkdplrsrjynbvygabwjld"
        "apfcsdwkbrkch";
    CHECK(encode_single_part(ur) == expected);
    CHECK(decode_single_part(expected) == ur);
    CHECK(decode_single_part(flash::codec::ascii_upper(expected)) == ur);
    CHECK(bytes_payload(ur) == make_message(50));

    UrDecoder decoder;
    CHECK(decoder.receive_part(expected));
    REQUIRE(decoder.is_complete());
    CHECK(decoder.result() == ur);
    CHECK(decoder.progress_percent() == 100);
    CHECK(decoder.expected_part_count() == 1);
}

TEST_CASE("ur: bc-ur multi-part encoder vector (upper and lower case)", "[offline][ur]") {
    const std::vector<std::string> expected = {
        "ur:bytes/1-9/lpadascfadaxcywenbpljkhdcahkadaemejtswhhylkepmykhhtsytsnoyoyaxaedsuttydmmhhpktpmsrjtdkgslpgh",
        "ur:bytes/2-9/lpaoascfadaxcywenbpljkhdcagwdpfnsboxgwlbaawzuefywkdplrsrjynbvygabwjldapfcsgmghhkhstlrdcxaefz",
        "ur:bytes/3-9/lpaxascfadaxcywenbpljkhdcahelbknlkuejnbadmssfhfrdpsbiegecpasvssovlgeykssjykklronvsjksopdzmol",
        "ur:bytes/4-9/lpaaascfadaxcywenbpljkhdcasotkhemthydawydtaxneurlkosgwcekonertkbrlwmplssjtammdplolsbrdzcrtas",
        "ur:bytes/5-9/lpahascfadaxcywenbpljkhdcatbbdfmssrkzmcwnezelennjpfzbgmuktrhtejscktelgfpdlrkfyfwdajldejokbwf",
        "ur:bytes/6-9/lpamascfadaxcywenbpljkhdcackjlhkhybssklbwefectpfnbbectrljectpavyrolkzczcpkmwidmwoxkilghdsowp",
        "ur:bytes/7-9/lpatascfadaxcywenbpljkhdcavszmwnjkwtclrtvaynhpahrtoxmwvwatmedibkaegdosftvandiodagdhthtrlnnhy",
        "ur:bytes/8-9/lpayascfadaxcywenbpljkhdcadmsponkkbbhgsoltjntegepmttmoonftnbuoiyrehfrtsabzsttorodklubbuyaetk",
        "ur:bytes/9-9/lpasascfadaxcywenbpljkhdcajskecpmdckihdyhphfotjojtfmlnwmadspaxrkytbztpbauotbgtgtaeaevtgavtny",
        "ur:bytes/10-9/lpbkascfadaxcywenbpljkhdcahkadaemejtswhhylkepmykhhtsytsnoyoyaxaedsuttydmmhhpktpmsrjtwdkiplzs",
        "ur:bytes/11-9/lpbdascfadaxcywenbpljkhdcahelbknlkuejnbadmssfhfrdpsbiegecpasvssovlgeykssjykklronvsjkvetiiapk",
        "ur:bytes/12-9/lpbnascfadaxcywenbpljkhdcarllaluzmdmgstospeyiefmwejlwtpedamktksrvlcygmzemovovllarodtmtbnptrs",
        "ur:bytes/13-9/lpbtascfadaxcywenbpljkhdcamtkgtpknghchchyketwsvwgwfdhpgmgtylctotzopdrpayoschcmhplffziachrfgd",
        "ur:bytes/14-9/lpbaascfadaxcywenbpljkhdcapazewnvonnvdnsbyleynwtnsjkjndeoldydkbkdslgjkbbkortbelomueekgvstegt",
        "ur:bytes/15-9/lpbsascfadaxcywenbpljkhdcaynmhpddpzmversbdqdfyrehnqzlugmjzmnmtwmrouohtstgsbsahpawkditkckynwt",
        "ur:bytes/16-9/lpbeascfadaxcywenbpljkhdcawygekobamwtlihsnpalnsghenskkiynthdzotsimtojetprsttmukirlrsbtamjtpd",
        "ur:bytes/17-9/lpbyascfadaxcywenbpljkhdcamklgftaxykpewyrtqzhydntpnytyisincxmhtbceaykolduortotiaiaiafhiaoyce",
        "ur:bytes/18-9/lpbgascfadaxcywenbpljkhdcahkadaemejtswhhylkepmykhhtsytsnoyoyaxaedsuttydmmhhpktpmsrjtntwkbkwy",
        "ur:bytes/19-9/lpbwascfadaxcywenbpljkhdcadekicpaajootjzpsdrbalpeywllbdsnbinaerkurspbncxgslgftvtsrjtksplcpeo",
        "ur:bytes/20-9/lpbbascfadaxcywenbpljkhdcayapmrleeleaxpasfrtrdkncffwjyjzgyetdmlewtkpktgllepfrltataztksmhkbot"};
    UrEncoder lower(bytes_ur(make_message(256)), 30, LetterCase::lower, 0, PartOrder::reference);
    UrEncoder upper(bytes_ur(make_message(256)), 30, LetterCase::upper, 0, PartOrder::reference);
    CHECK(upper.seq_len() == 9);
    for (const std::string& part : expected) {
        CHECK(lower.next_part() == part);
        const std::string shown = upper.next_part();
        CHECK(shown == flash::codec::ascii_upper(part));
        CHECK(shown.find_first_not_of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:") == std::string::npos);
    }

    // Without the first three pure frames, the mixed ones make up for them.
    UrDecoder decoder;
    for (std::size_t i = 3; i < expected.size() && !decoder.is_complete(); ++i) decoder.receive_part(expected[i]);
    REQUIRE(decoder.is_complete());
    CHECK(bytes_payload(decoder.result()) == make_message(256));
}

TEST_CASE("ur: bc-ur multi-part round trip from part 101", "[offline][ur]") {
    const Ur ur = bytes_ur(make_message(32767));
    UrEncoder encoder(ur, 1000, LetterCase::lower, 100);
    UrDecoder decoder;
    while (!decoder.is_complete()) decoder.receive_part(encoder.next_part());
    CHECK(decoder.result() == ur);
}

TEST_CASE("ur: NUT-16 token frames survive 30% loss at the fragment sizes wallets use", "[offline][ur]") {
    std::string token = "cashuB";
    while (token.size() < 4962) token += "o2F0gaJhaUgA_9SLj17PgGFwgqRhYQFhc3hAZTlkYTUzMjNiZGI0NjQ3MmY0ZWJmMzU1YzkwZWM2Y2";
    std::mt19937 random(16);
    std::bernoulli_distribution lost(0.3);
    for (const std::size_t fragment : {50u, 100u, 150u, 200u}) {
        UrEncoder encoder(bytes_ur(as_bytes(token)), fragment);
        UrDecoder decoder;
        std::size_t shown = 0;
        while (!decoder.is_complete()) {
            const std::string frame = encoder.next_part();
            ++shown;
            if (!lost(random)) decoder.receive_part(frame);
            REQUIRE(shown < 20 * encoder.seq_len());
        }
        INFO("fragment " << fragment << ": " << shown << " frames for " << encoder.seq_len() << " fragments");
        CHECK(flash::as_chars(bytes_payload(decoder.result())) == token);
        CHECK(shown <= 3 * encoder.seq_len());
    }
}

TEST_CASE("ur: malformed strings are refused with a typed error", "[offline][ur]") {
    const std::string good = "ur:bytes/1-9/lpadascfadaxcywenbpljkhdcahkadaemejtswhhylkepmykhhtsytsnoyoyaxaedsuttydmmhhpktpmsrjtdkgslpgh";
    CHECK(parse_ur(good).seq == std::pair<std::uint32_t, std::uint32_t>{1, 9});
    const std::string body = "lpadascfadaxcywenbpljkhdcahkadaemejtswhhylkepmykhhtsytsnoyoyaxaedsuttydmmhhpktpmsrjtdkgslpgh";
    const std::vector<std::string> bad = {
        "", "ur:", "ur:bytes", "ur:bytes/", "ur:/" + body, "xr:bytes/" + body, "bytes/" + body,
        "ur:by_tes/1-9/" + body, "ur:bytes//" + body, "ur:bytes/1-9/" + body + "/", "ur:bytes/1-9/x/" + body,
        "ur:bytes/1-9-1/" + body, "ur:bytes/19/" + body, "ur:bytes/0-9/" + body, "ur:bytes/1-0/" + body,
        "ur:bytes/-9/" + body, "ur:bytes/1-/" + body, "ur:bytes/+1-9/" + body, "ur:bytes/4294967296-9/" + body,
        "ur:bytes/1-99999999999/" + body, "ur:bytes/1-9/" + body.substr(1), "ur:bytes/1-9/" + body + "ae",
        "ur:bytes/ 1-9/" + body, "ur:bytes/1-9/" + body + " ", " ur:bytes/1-9/" + body,
    };
    for (const std::string& text : bad) {
        INFO(text);
        const auto code = flash::test::thrown_code([&] { parse_ur(text); });
        REQUIRE(code.has_value());
        CHECK((*code == Errc::bad_ur || *code == Errc::bad_checksum));
        UrDecoder decoder;
        CHECK(flash::test::thrown_code([&] { decoder.receive_part(text); }) == code);
        CHECK(decoder.received_part_count() == 0);
    }
    // The sequence component must agree with the part's CBOR.
    UrDecoder decoder;
    REQUIRE_THROWS_CODE(decoder.receive_part("ur:bytes/2-9/" + body), Errc::bad_ur);
    REQUIRE_THROWS_CODE(decoder.receive_part("ur:bytes/1-8/" + body), Errc::bad_ur);
    // A single part is not a multi-part UR, and a ur:bytes must hold a byte string.
    REQUIRE_THROWS_CODE(decode_single_part(good), Errc::bad_ur);
    REQUIRE_THROWS_CODE(bytes_payload(Ur{"bytes", flash::codec::cbor_encode(flash::codec::Cbor("text"))}), Errc::bad_ur);
    REQUIRE_THROWS_CODE(bytes_payload(Ur{"cashu", bytes_ur(as_bytes("x")).cbor}), Errc::bad_ur);
    REQUIRE_THROWS_CODE(bytes_payload(Ur{"bytes", Bytes{0x41}}), Errc::bad_ur);  // truncated byte string
    REQUIRE_THROWS_CODE(encode_single_part(Ur{"Bytes", {0x40}}), Errc::bad_argument);
    REQUIRE_THROWS_CODE(decoder.result(), Errc::bad_argument);
}

TEST_CASE("ur decoder: frames of another animation are refused, the decoder goes on", "[offline][ur]") {
    UrEncoder first(bytes_ur(make_message(300, "first")), 40);
    UrEncoder second(bytes_ur(make_message(300, "second")), 40);
    UrEncoder other_type(Ur{"crypto-psbt", bytes_ur(make_message(300, "first")).cbor}, 40);
    UrDecoder decoder;
    decoder.receive_part(first.next_part());
    REQUIRE_THROWS_CODE(decoder.receive_part(second.next_part()), Errc::ur_mismatch);
    REQUIRE_THROWS_CODE(decoder.receive_part(other_type.next_part()), Errc::ur_mismatch);
    REQUIRE_THROWS_CODE(decoder.receive_part(encode_single_part(Ur{"crypto-psbt", {0x40}})), Errc::ur_mismatch);
    CHECK(decoder.received_part_count() == 1);
    while (!decoder.is_complete()) decoder.receive_part(first.next_part());
    CHECK(bytes_payload(decoder.result()) == make_message(300, "first"));
    CHECK_FALSE(decoder.receive_part(second.next_part()));  // done: later frames are ignored
}

TEST_CASE("ur: a message of one fragment is always the single-part UR", "[offline][ur]") {
    UrEncoder encoder(bytes_ur(as_bytes("cashuBshort")), 100);
    CHECK(encoder.is_single_part());
    const std::string frame = encoder.next_part();
    CHECK(frame.starts_with("UR:BYTES/"));
    CHECK(frame.find('-') == std::string::npos);
    CHECK(encoder.next_part() == frame);
    CHECK(ascii_lower(frame) == encode_single_part(bytes_ur(as_bytes("cashuBshort"))));
}

TEST_CASE("ur decoder: mutated and random frames give typed errors, never a crash", "[offline][ur]") {
    UrEncoder encoder(bytes_ur(make_message(400, "fuzz")), 40);
    std::vector<std::string> frames;
    for (int i = 0; i < 30; ++i) frames.push_back(encoder.next_part());
    std::mt19937 random(99);
    const std::string alphabet = "ABDEFGHIJKLMNOPRSTUVWXYZabdefgh0123456789-/:_ ";
    UrDecoder decoder;
    for (int round = 0; round < 20000; ++round) {
        std::string frame = frames[random() % frames.size()];
        const int edits = 1 + static_cast<int>(random() % 3);
        for (int e = 0; e < edits; ++e) {
            const std::size_t at = random() % frame.size();
            switch (random() % 3) {
                case 0: frame[at] = alphabet[random() % alphabet.size()]; break;
                case 1: frame.erase(at, 1 + random() % 4); break;
                default: frame.insert(at, 1, alphabet[random() % alphabet.size()]); break;
            }
        }
        const auto code = flash::test::thrown_code([&] { decoder.receive_part(frame); });
        INFO(frame);
        CHECK((!code || *code == Errc::bad_ur || *code == Errc::bad_checksum || *code == Errc::ur_mismatch));
    }
    // The frames still decode (a mutation may have locked `decoder` onto another type, "ur:bytez").
    UrDecoder fresh;
    for (const std::string& frame : frames) fresh.receive_part(frame);
    CHECK(bytes_payload(fresh.result()) == make_message(400, "fuzz"));
}
