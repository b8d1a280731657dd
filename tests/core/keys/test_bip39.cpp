// BIP-39: the English wordlist, the trezor/python-mnemonic vectors (all languages for the seed),
// invalid mnemonics.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/keys/bip32.hpp"
#include "core/keys/bip39.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using flash::Errc;
using flash::codec::hex_decode;
using flash::codec::hex_encode;
using flash::test::require_error;
using namespace flash::keys;

namespace {

constexpr const char* passphrase = "TREZOR";  // every entry of vectors.json uses it

std::string repeat_words(const std::string& word, int count, const std::string& last) {
    std::string out;
    for (int i = 0; i < count; ++i) out += word + " ";
    return out + last;
}

}  // namespace

TEST_CASE("English wordlist is english.txt", "[keys][bip39]") {
    const auto list = bip39_english_wordlist();
    std::string joined;
    for (const auto word : list) joined.append(word).append("\n");
    CHECK(hex_encode(flash::crypto::sha256(flash::as_bytes(joined))) ==
          "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda");
    // Sorted and unique in their first four letters (a BIP-39 property the lookups rely on).
    std::set<std::string_view> prefixes;
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (i > 0) CHECK(list[i - 1] < list[i]);
        prefixes.insert(list[i].substr(0, 4));
    }
    CHECK(prefixes.size() == 2048);
}

TEST_CASE("word lookup helpers", "[keys][bip39]") {
    CHECK(mnemonic_word_index("abandon") == 0);
    CHECK(mnemonic_word_index("zoo") == 2047);
    CHECK(mnemonic_word_index("wrong") == 2037);
    CHECK_FALSE(mnemonic_word_index("zo").has_value());
    CHECK(is_mnemonic_word("legal"));
    CHECK_FALSE(is_mnemonic_word("Legal"));
    CHECK_FALSE(is_mnemonic_word(""));
    CHECK(words_with_prefix("aba") == std::vector<std::string_view>{"abandon"});
    CHECK(words_with_prefix("zo") == std::vector<std::string_view>{"zone", "zoo"});
    CHECK(words_with_prefix("ab").size() == 10);  // abandon .. abuse
    CHECK(words_with_prefix("ab", 3) == std::vector<std::string_view>{"abandon", "ability", "able"});
    CHECK(words_with_prefix("").size() == 2048);
    CHECK(words_with_prefix("zz").empty());
    CHECK(words_with_prefix("abandonment").empty());
}

TEST_CASE("BIP-39 English vectors", "[keys][bip39]") {
    const auto vectors = flash::test::load_vector_json("bitcoin/bip39-vectors.json").at("english");
    REQUIRE(vectors.size() == 24);
    for (const auto& v : vectors) {
        const std::string entropy = v.at(0), mnemonic = v.at(1), seed = v.at(2), xprv = v.at(3);
        INFO(mnemonic);
        CHECK(std::string_view(mnemonic_from_entropy(hex_decode(entropy))) == mnemonic);
        CHECK(hex_encode(entropy_from_mnemonic(mnemonic)) == entropy);
        CHECK(is_valid_mnemonic(mnemonic));
        const auto derived = mnemonic_to_seed(mnemonic, passphrase);
        CHECK(hex_encode(derived.view()) == seed);
        CHECK(ExtendedKey::from_seed(derived.view()).to_base58() == xprv);
    }
}

TEST_CASE("BIP-39 seeds of the other languages (NFKD of mnemonic)", "[keys][bip39]") {
    const auto all = flash::test::load_vector_json("bitcoin/bip39-vectors.json");
    std::size_t checked = 0;
    for (const auto& [language, vectors] : all.items()) {
        if (language == "english") continue;
        for (const auto& v : vectors) {
            const std::string mnemonic = v.at(1), seed = v.at(2), xprv = v.at(3);
            INFO(language << ": " << mnemonic);
            const auto derived = mnemonic_to_seed(mnemonic, passphrase);
            CHECK(hex_encode(derived.view()) == seed);
            CHECK(ExtendedKey::from_seed(derived.view()).to_base58() == xprv);
            ++checked;
        }
    }
    CHECK(checked == 11 * 24);
}

TEST_CASE("the passphrase is NFKD-normalised", "[keys][bip39]") {
    const std::string mnemonic = repeat_words("abandon", 11, "about");
    // "é" precomposed (U+00E9) and decomposed (e U+0301) give the same seed; U+FB01 equals "fi".
    CHECK(hex_encode(mnemonic_to_seed(mnemonic, "caf\xC3\xA9").view()) ==
          hex_encode(mnemonic_to_seed(mnemonic, "cafe\xCC\x81").view()));
    CHECK(hex_encode(mnemonic_to_seed(mnemonic, "\xEF\xAC\x81").view()) ==
          hex_encode(mnemonic_to_seed(mnemonic, "fi").view()));
    CHECK(hex_encode(mnemonic_to_seed(mnemonic, "").view()) !=
          hex_encode(mnemonic_to_seed(mnemonic, "TREZOR").view()));
    require_error(Errc::bad_utf8, [&] { mnemonic_to_seed(mnemonic, "\xFF"); });
}

TEST_CASE("invalid mnemonics are rejected", "[keys][bip39]") {
    const std::string valid = repeat_words("abandon", 11, "about");
    CHECK(hex_encode(entropy_from_mnemonic(valid)) == "00000000000000000000000000000000");
    // The ideographic space is a space after NFKD.
    CHECK(is_valid_mnemonic("abandon\xE3\x80\x80" + repeat_words("abandon", 10, "about")));

    auto check = [](Errc code, const std::string& mnemonic) {
        INFO(mnemonic);
        require_error(code, [&] { entropy_from_mnemonic(mnemonic); });
        CHECK_FALSE(is_valid_mnemonic(mnemonic));
    };
    check(Errc::bad_checksum, repeat_words("abandon", 11, "abandon"));
    check(Errc::bad_checksum, repeat_words("zoo", 11, "zoo"));
    check(Errc::bad_checksum, repeat_words("abandon", 23, "abandon"));
    check(Errc::bad_mnemonic, repeat_words("abandon", 11, "abandonx"));
    check(Errc::bad_mnemonic, repeat_words("abandon", 11, "About"));
    check(Errc::bad_mnemonic, repeat_words("abandon", 10, "about"));   // 11 words
    check(Errc::bad_mnemonic, repeat_words("abandon", 12, "about"));   // 13 words
    check(Errc::bad_mnemonic, repeat_words("abandon", 24, "about"));   // 25 words
    check(Errc::bad_mnemonic, repeat_words("abandon", 2, "about"));
    check(Errc::bad_mnemonic, "");
    check(Errc::bad_mnemonic, " " + valid);
    check(Errc::bad_mnemonic, valid + " ");
    check(Errc::bad_mnemonic, "abandon  " + repeat_words("abandon", 9, "about"));
    check(Errc::bad_utf8, valid + "\xC0\xAF");
}

TEST_CASE("entropy sizes and generation", "[keys][bip39]") {
    for (const std::size_t size : {0, 4, 12, 15, 17, 33, 36})
        require_error(Errc::bad_length, [&] { mnemonic_from_entropy(flash::Bytes(size, 0)); });
    for (const std::size_t words : {0, 3, 11, 13, 25})
        require_error(Errc::bad_length, [&] { generate_mnemonic(words); });
    for (const std::size_t words : {12, 15, 18, 21, 24}) {
        const SecretString mnemonic = generate_mnemonic(words);
        CHECK(static_cast<std::size_t>(std::count(mnemonic.begin(), mnemonic.end(), ' ')) == words - 1);
        CHECK(entropy_from_mnemonic(mnemonic).size() == words * 4 / 3);
    }
    CHECK(generate_mnemonic() != generate_mnemonic());
}

TEST_CASE("canonical_mnemonic tidies typed input", "[keys][bip39]") {
    const std::string expected = repeat_words("abandon", 11, "about");
    const std::string typed = "  Abandon\tABANDON\xE3\x80\x80" + repeat_words("abandon", 9, "") +
                              "  about\n";
    CHECK(std::string_view(canonical_mnemonic(typed)) == expected);
    CHECK(std::string_view(canonical_mnemonic("")).empty());
    CHECK(is_valid_mnemonic(canonical_mnemonic(typed)));
}
