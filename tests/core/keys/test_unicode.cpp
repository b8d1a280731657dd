// Unicode normalisation: Node's String.prototype.normalize outputs, the NIP-49 NFKC vector,
// invalid UTF-8.
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/hex.hpp"
#include "core/keys/unicode.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using flash::Errc;
using namespace flash::keys;

namespace {

std::string from_hex(std::string_view hex) {
    const auto bytes = flash::codec::hex_decode(hex);
    return {bytes.begin(), bytes.end()};
}

std::string to_hex(std::string_view text) { return flash::codec::hex_encode(flash::as_bytes(text)); }

struct Case {
    const char* label;
    const char* input;  // UTF-8 hex
    const char* nfkd;
    const char* nfkc;
};

// Expected forms from Node 20 (ICU 78): Buffer.from(s.normalize('NFKD')).toString('hex').
const Case node_cases[] = {
    {"Hangul syllables", "ed959ceab5adec96b4",
     "e18492e185a1e186abe18480e185aee186a8e1848be185a5",
     "ed959ceab5adec96b4"},
    {"Hangul conjoining jamo L V T", "e18480e185a1e186a8",
     "e18480e185a1e186a8",
     "eab081"},
    {"Hangul LV syllable + T jamo", "eab080e186a8",
     "e18480e185a1e186a8",
     "eab081"},
    {"accented Latin, precomposed", "4372c3a86d65206272c3bb6cc3a965",
     "437265cc806d6520627275cc826c65cc8165",
     "4372c3a86d65206272c3bb6cc3a965"},
    {"accented Latin, decomposed", "437265cc806d6520627275cc826c65cc8165",
     "437265cc806d6520627275cc826c65cc8165",
     "4372c3a86d65206272c3bb6cc3a965"},
    {"canonical ordering, dot below first", "61cca3cc82",
     "61cca3cc82",
     "e1baad"},
    {"canonical ordering, circumflex first", "61cc82cca3",
     "61cca3cc82",
     "e1baad"},
    {"ligature fi", "efac816e616e6365",
     "66696e616e6365",
     "66696e616e6365"},
    {"fullwidth Latin and digits", "efbca1efbca2efbca3efbc91efbc92efbc93",
     "414243313233",
     "414243313233"},
    {"ideographic space (BIP-39 Japanese)", "e38182e38184e38193e3818fe38197e38293e38080e38182e3818ae3819ee38289",
     "e38182e38184e38193e3818fe38197e3829320e38182e3818ae3819de38299e38289",
     "e38182e38184e38193e3818fe38197e3829320e38182e3818ae3819ee38289"},
    {"hiragana with dakuten", "e3818ce381a3e38193e38186",
     "e3818be38299e381a3e38193e38186",
     "e3818ce381a3e38193e38186"},
    {"halfwidth katakana with voiced mark", "efbdb6efbe9eefbdafefbdbaefbdb3",
     "e382abe38299e38383e382b3e382a6",
     "e382ace38383e382b3e382a6"},
    {"circled digit, vulgar fraction, trade mark", "e291a0c2bde284a2",
     "3131e2818432544d",
     "3131e2818432544d"},
    {"angstrom and ohm signs (singletons)", "e284abe284a6",
     "41cc8acea9",
     "c385cea9"},
    {"superscript two", "78c2b2",
     "7832",
     "7832"},
    {"titlecase digraph dz with caron", "c785",
     "447acc8c",
     "44c5be"},
    {"Greek iota with dialytika and tonos", "ce90",
     "ceb9cc88cc81",
     "ce90"},
    {"mathematical bold capital A (supplementary)", "f09d9080",
     "41",
     "41"},
    {"musical half note (composition exclusion, supplementary)", "f09d859e",
     "f09d8597f09d85a5",
     "f09d8597f09d85a5"},
    {"Devanagari qa (composition exclusion)", "e0a598",
     "e0a495e0a4bc",
     "e0a495e0a4bc"},
    {"Arabic ligature (18-character expansion)", "efb7ba",
     "d8b5d984d98920d8a7d984d984d98720d8b9d984d98ad98720d988d8b3d984d985",
     "d8b5d984d98920d8a7d984d984d98720d8b9d984d98ad98720d988d8b3d984d985"},
    {"plain ASCII", "6162616e646f6e206162696c697479",
     "6162616e646f6e206162696c697479",
     "6162616e646f6e206162696c697479"},
};

}  // namespace

TEST_CASE("NFKD and NFKC match Node's String.prototype.normalize", "[keys][unicode]") {
    for (const Case& c : node_cases) {
        INFO(c.label);
        const std::string input = from_hex(c.input);
        CHECK(to_hex(nfkd(input)) == c.nfkd);
        CHECK(to_hex(nfkc(input)) == c.nfkc);
        // Normal forms are stable under renormalisation.
        CHECK(to_hex(nfkd(from_hex(c.nfkd))) == c.nfkd);
        CHECK(to_hex(nfkc(from_hex(c.nfkc))) == c.nfkc);
        // The secret variant gives the same bytes.
        const auto secret = normalize_secret(input, NormalForm::nfkc);
        CHECK(to_hex(flash::as_chars(secret)) == c.nfkc);
    }
}

TEST_CASE("canonical forms keep compatibility characters", "[keys][unicode]") {
    // U+FB01 (ligature fi) has only a compatibility mapping; U+212B ANGSTROM SIGN a canonical one.
    CHECK(to_hex(nfd("\xEF\xAC\x81")) == "efac81");
    CHECK(to_hex(nfc("\xEF\xAC\x81")) == "efac81");
    CHECK(to_hex(nfd("\xE2\x84\xAB")) == "41cc8a");
    CHECK(to_hex(nfc("\xE2\x84\xAB")) == "c385");
    CHECK(nfc("") == "");
}

TEST_CASE("NIP-49 NFKC vector", "[keys][unicode]") {
    const auto vectors = flash::test::load_vector_json("nostr/nip49.vectors.json");
    REQUIRE(!vectors.at("nfkc").empty());
    for (const auto& v : vectors.at("nfkc")) {
        const std::string input = v.at("input");
        CHECK(to_hex(input) == v.at("input_utf8_hex").get<std::string>());
        CHECK(nfkc(input) == v.at("nfkc").get<std::string>());
        CHECK(to_hex(nfkc(input)) == v.at("nfkc_utf8_hex").get<std::string>());
    }
}

TEST_CASE("long runs of combining marks are ordered stably", "[keys][unicode]") {
    std::string input = "a";
    std::string nfkd_expected = "a", dots, hats;
    for (int i = 0; i < 40; ++i) {
        input += "\xCC\x82\xCC\xA3";  // U+0302 (class 230), U+0323 (class 220)
        dots += "\xCC\xA3";
        hats += "\xCC\x82";
    }
    CHECK(nfkd(input) == "a" + dots + hats);
    // a + U+0323 + U+0302 compose to U+1EAD; the remaining marks are blocked.
    CHECK(nfkc(input) == "\xE1\xBA\xAD" + dots.substr(2) + hats.substr(2));
}

TEST_CASE("invalid UTF-8 is rejected", "[keys][unicode]") {
    const char* bad[] = {
        "\x80",              // lone continuation byte
        "\xC0\xAF",          // overlong '/'
        "\xE0\x80\xAF",      // overlong, three bytes
        "\xED\xA0\x80",      // surrogate U+D800
        "\xF4\x90\x80\x80",  // U+110000
        "\xF8\x88\x80\x80\x80",
        "\xE2\x82",          // truncated
        "a\xC3",             // truncated at the end
        "\xC3\x28",          // bad continuation
        "\xFF",
    };
    for (const char* text : bad) {
        INFO(to_hex(text));
        flash::test::require_error(Errc::bad_utf8, [&] { nfkd(text); });
        flash::test::require_error(Errc::bad_utf8, [&] { normalize_secret(text, NormalForm::nfkc); });
    }
    // NUL and the largest code point are fine.
    CHECK(nfkc(std::string("a\0b", 3)) == std::string("a\0b", 3));
    CHECK(to_hex(nfkd("\xF4\x8F\xBF\xBF")) == "f48fbfbf");
}
