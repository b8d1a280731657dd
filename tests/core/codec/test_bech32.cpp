#include <catch2/catch.hpp>

#include <cctype>
#include <string>

#include "core/codec/bech32.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "support/vectors.hpp"
#include "support/errors.hpp"

using flash::Bytes;
using flash::Errc;
using flash::Error;
using namespace flash::codec;

namespace {

// The vector files write the bytes 0x80 and 0xFF as JSON \u escapes, which the JSON parser turns
// into UTF-8; the BIP means the single raw byte (see the file's "notes").
std::string raw_bytes(const std::string& utf8) {
    std::string out;
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if ((c == 0xc2 || c == 0xc3) && i + 1 < utf8.size()) {
            const auto next = static_cast<unsigned char>(utf8[++i]);
            out.push_back(static_cast<char>(((c & 0x03) << 6) | (next & 0x3f)));
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    return out;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

struct VectorFile {
    const char* path;
    const char* valid_key;
    const char* invalid_key;
    Bech32Variant variant;
};

const VectorFile kFiles[] = {
    {"bitcoin/bip173-bech32-test-vectors.json", "valid_bech32", "invalid_bech32", Bech32Variant::bech32},
    {"bitcoin/bip350-bech32m-test-vectors.json", "valid_bech32m", "invalid_bech32m", Bech32Variant::bech32m},
};

constexpr char kCharset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

}  // namespace

TEST_CASE("bech32/bech32m: valid BIP-173/BIP-350 strings decode and re-encode", "[codec][bech32]") {
    for (const auto& file : kFiles) {
        const auto json = flash::test::load_vector_json(file.path);
        const auto& valid = json.at(file.valid_key);
        REQUIRE(valid.size() >= 7);
        for (const auto& entry : valid) {
            const std::string text = entry.at("string").get<std::string>();
            INFO(file.path << ": " << text);
            const Bech32Data decoded = bech32_decode(text);
            CHECK(decoded.variant == file.variant);
            CHECK(decoded.hrp == lower(text.substr(0, text.rfind('1'))));
            CHECK(decoded.data.size() == text.size() - decoded.hrp.size() - 1 - 6);
            CHECK(bech32_encode(decoded.hrp, decoded.data, decoded.variant) == lower(text));
            // The other variant gives another checksum.
            const auto other = file.variant == Bech32Variant::bech32 ? Bech32Variant::bech32m : Bech32Variant::bech32;
            CHECK(bech32_encode(decoded.hrp, decoded.data, other) != lower(text));

            // Any single substitution in the data part breaks the checksum.
            for (std::size_t pos = text.rfind('1') + 1; pos < text.size(); pos += 3) {
                std::string broken = lower(text);
                const char* at = std::char_traits<char>::find(kCharset, 32, broken[pos]);
                REQUIRE(at != nullptr);
                broken[pos] = kCharset[(at - kCharset + 1) % 32];
                INFO("broken: " << broken);
                CHECK(flash::test::thrown_code([&] { bech32_decode(broken); }) == Errc::bad_checksum);
            }
        }
    }
}

TEST_CASE("bech32/bech32m: invalid BIP-173/BIP-350 strings are rejected", "[codec][bech32]") {
    for (const auto& file : kFiles) {
        const auto json = flash::test::load_vector_json(file.path);
        const auto& invalid = json.at(file.invalid_key);
        REQUIRE(invalid.size() >= 12);
        for (const auto& entry : invalid) {
            const std::string text = raw_bytes(entry.at("string").get<std::string>());
            const std::string reason = entry.at("reason").get<std::string>();
            INFO(file.path << ": " << text << " (" << reason << ")");
            // Only a checksum over the upper-case hrp is well-formed; everything else is structure.
            const Errc expected =
                reason == "checksum calculated with uppercase form of HRP" ? Errc::bad_checksum : Errc::bad_bech32;
            CHECK(flash::test::thrown_code([&] { bech32_decode(text); }) == expected);
        }
    }
}

TEST_CASE("bech32: structural rules", "[codec][bech32]") {
    const Bytes data{0, 1, 2, 3, 31};
    const std::string good = bech32_encode("test", data, Bech32Variant::bech32m);
    CHECK(good.substr(0, 5) == "test1");
    CHECK(good.size() == 5 + data.size() + 6);
    CHECK(bech32_decode(good).data == data);

    std::string upper = good;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(bech32_decode(upper).data == data);
    CHECK(bech32_decode(upper).hrp == "test");

    std::string mixed = good;
    mixed[0] = 'T';
    CHECK(flash::test::thrown_code([&] { bech32_decode(mixed); }) == Errc::bad_bech32);

    // The separator is the last '1'; an hrp may contain '1'.
    const std::string with_one = bech32_encode("a1b", data, Bech32Variant::bech32);
    CHECK(bech32_decode(with_one).hrp == "a1b");

    // Upper-case hrp on encoding gives the lower-case string; mixed case is refused.
    CHECK(bech32_encode("TEST", data, Bech32Variant::bech32m) == good);
    CHECK(flash::test::thrown_code([&] { bech32_encode("Test", data, Bech32Variant::bech32m); }) == Errc::bad_bech32);
    CHECK(flash::test::thrown_code([&] { bech32_encode("", data, Bech32Variant::bech32); }) == Errc::bad_bech32);
    CHECK(flash::test::thrown_code([&] { bech32_encode("a b", data, Bech32Variant::bech32); }) == Errc::bad_bech32);
    CHECK(flash::test::thrown_code([&] { bech32_encode(std::string(84, 'a'), {}, Bech32Variant::bech32, 1000); }) ==
          Errc::bad_bech32);
    CHECK_NOTHROW(bech32_encode(std::string(83, 'a'), {}, Bech32Variant::bech32));
    CHECK(flash::test::thrown_code([&] { bech32_encode("a", Bytes{32}, Bech32Variant::bech32); }) == Errc::bad_bech32);
}

TEST_CASE("bech32: the length limit", "[codec][bech32]") {
    const Bytes data(82, 7);  // "a" + "1" + 82 + 6 = 90 characters
    const std::string at_limit = bech32_encode("a", data, Bech32Variant::bech32);
    CHECK(at_limit.size() == 90);
    CHECK(bech32_decode(at_limit).data == data);

    const Bytes longer(83, 7);
    CHECK(flash::test::thrown_code([&] { bech32_encode("a", longer, Bech32Variant::bech32); }) == Errc::bad_bech32);
    const std::string over = bech32_encode("a", longer, Bech32Variant::bech32, 91);
    CHECK(over.size() == 91);
    CHECK(flash::test::thrown_code([&] { bech32_decode(over); }) == Errc::bad_bech32);
    CHECK(bech32_decode(over, 91).data == longer);
    CHECK(flash::test::thrown_code([&] { bech32_decode(at_limit, 89); }) == Errc::bad_bech32);

    // Large limits (BOLT11, NIP-19 TLV) work, including a limit near SIZE_MAX.
    const Bytes big(1000, 31);
    const std::string long_text = bech32_encode_bytes("lnbc", Bytes(600, 0xab), Bech32Variant::bech32, 2000);
    CHECK(bech32_decode(long_text, 2000).hrp == "lnbc");
    CHECK(bech32_decode(bech32_encode("x", big, Bech32Variant::bech32m, SIZE_MAX), SIZE_MAX).data == big);
}

TEST_CASE("convert_bits regroups with and without padding", "[codec][bech32]") {
    CHECK(convert_bits(Bytes{0xff}, 8, 5, true) == Bytes{31, 28});
    CHECK(convert_bits(Bytes{31, 28}, 5, 8, false) == Bytes{0xff});
    CHECK(convert_bits(Bytes{}, 8, 5, true).empty());
    CHECK(convert_bits(Bytes{0x00, 0x01}, 8, 5, true) == Bytes{0, 0, 0, 16});

    Bytes bytes(64);
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i * 13 + 5);
    for (std::size_t n = 0; n <= bytes.size(); ++n) {
        const Bytes part(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
        const Bytes groups = convert_bits(part, 8, 5, true);
        CHECK(groups.size() == (n * 8 + 4) / 5);
        CHECK(convert_bits(groups, 5, 8, false) == part);
    }

    // Non-zero padding bits, and 5 or more padding bits, are refused.
    CHECK(flash::test::thrown_code([] { convert_bits(Bytes{31, 29}, 5, 8, false); }) == Errc::bad_bech32);
    CHECK(flash::test::thrown_code([] { convert_bits(Bytes{31, 28, 0}, 5, 8, false); }) == Errc::bad_bech32);
    CHECK(flash::test::thrown_code([] { convert_bits(Bytes{1}, 5, 8, false); }) == Errc::bad_bech32);
    // Input values must fit in `from` bits.
    CHECK(flash::test::thrown_code([] { convert_bits(Bytes{32}, 5, 8, true); }) == Errc::bad_bech32);
}

TEST_CASE("bech32_encode_bytes: a known npub", "[codec][bech32]") {
    // NIP-19's example: npub for 7e7e9c42a91bfef19fa929e5fda1b72e0ebc1a4c1141673e2794234d86addf4e.
    const Bytes key = hex_decode("7e7e9c42a91bfef19fa929e5fda1b72e0ebc1a4c1141673e2794234d86addf4e");
    const std::string npub = bech32_encode_bytes("npub", key, Bech32Variant::bech32);
    CHECK(npub == "npub10elfcs4fr0l0r8af98jlmgdh9c8tcxjvz9qkw038js35mp4dma8qzvjptg");
    const auto decoded = bech32_decode(npub);
    CHECK(decoded.variant == Bech32Variant::bech32);
    CHECK(convert_bits(decoded.data, 5, 8, false) == key);
}
