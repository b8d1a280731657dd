#include <catch2/catch.hpp>

#include "core/codec/base58.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "support/vectors.hpp"
#include "support/errors.hpp"

using flash::Bytes;
using flash::Errc;
using flash::Error;
using namespace flash::codec;

namespace {

constexpr char kAlphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

// Every extended key string in the BIP-32 vector file (vectors 1-4).
std::vector<std::string> bip32_keys() {
    const auto json = flash::test::load_vector_json("bitcoin/bip32-test-vectors.json");
    std::vector<std::string> keys;
    for (const auto& vector : json.at("vectors")) {
        if (!vector.contains("chains")) continue;
        for (const auto& chain : vector.at("chains")) {
            keys.push_back(chain.at("ext_prv").get<std::string>());
            keys.push_back(chain.at("ext_pub").get<std::string>());
        }
    }
    return keys;
}

}  // namespace

TEST_CASE("base58: known encodings", "[codec][base58]") {
    // Bitcoin Core's src/test/data/base58_encode_decode.json, re-derived independently.
    struct Vector {
        const char* hex;
        const char* text;
    };
    const Vector vectors[] = {
        {"", ""},
        {"61", "2g"},
        {"626262", "a3gV"},
        {"636363", "aPEr"},
        {"73696d706c792061206c6f6e6720737472696e67", "2cFupjhnEsSn59qHXstmK2ffpLv2"},
        {"00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"},
        {"516b6fcd0f", "ABnLTmg"},
        {"bf4f89001e670274dd", "3SEo3LWLoPntC"},
        {"572e4794", "3EFU7m"},
        {"ecac89cad93923c02321", "EJDM8drfXA6uyA"},
        {"10c8511e", "Rt5zm"},
        {"00000000000000000000", "1111111111"},
        {"00", "1"},
        {"0000ff", "115Q"},
    };
    for (const auto& v : vectors) {
        INFO(v.hex);
        const Bytes data = hex_decode(v.hex);
        CHECK(base58_encode(data) == v.text);
        CHECK(base58_decode(v.text) == data);
    }
}

TEST_CASE("base58: round trip of varied data", "[codec][base58]") {
    Bytes data;
    for (int n = 0; n < 100; ++n) {
        INFO(n);
        CHECK(base58_decode(base58_encode(data)) == data);
        data.push_back(static_cast<std::uint8_t>(n % 7 == 0 ? 0 : n * 101));
    }
    const Bytes ff(64, 0xff);
    CHECK(base58_decode(base58_encode(ff)) == ff);
    const Bytes zeros(5, 0);
    CHECK(base58_encode(zeros) == "11111");
}

TEST_CASE("base58: characters outside the alphabet", "[codec][base58]") {
    for (const char* bad : {"0", "O", "I", "l", "2g ", " 2g", "2g\n", "+", "3EFU7m0", "\xc3\xa9"}) {
        INFO(bad);
        CHECK(flash::test::thrown_code([&] { base58_decode(bad); }) == Errc::bad_base58);
    }
}

TEST_CASE("base58check: BIP-32 extended keys", "[codec][base58]") {
    const auto keys = bip32_keys();
    REQUIRE(keys.size() >= 20);
    for (const auto& key : keys) {
        INFO(key);
        const Bytes payload = base58check_decode(key);
        CHECK(payload.size() == 78);
        CHECK(base58check_encode(payload) == key);

        // Changing any one character breaks the checksum.
        for (std::size_t pos = 1; pos < key.size(); pos += 7) {
            std::string broken = key;
            const char* at = std::char_traits<char>::find(kAlphabet, 58, broken[pos]);
            REQUIRE(at != nullptr);
            broken[pos] = kAlphabet[(at - kAlphabet) % 57 + 1];  // another digit, never '1'
            INFO("broken: " << broken);
            CHECK(flash::test::thrown_code([&] { base58check_decode(broken); }) == Errc::bad_checksum);
        }
    }
}

TEST_CASE("base58check: the BIP-32 key with an invalid checksum", "[codec][base58]") {
    const auto json = flash::test::load_vector_json("bitcoin/bip32-test-vectors.json");
    int seen = 0;
    for (const auto& vector : json.at("vectors")) {
        if (!vector.contains("invalid_extended_keys")) continue;
        for (const auto& entry : vector.at("invalid_extended_keys")) {
            const std::string key = entry.at("key").get<std::string>();
            INFO(key << " (" << entry.at("reason").get<std::string>() << ")");
            if (entry.at("reason") == "invalid checksum") {
                CHECK(flash::test::thrown_code([&] { base58check_decode(key); }) == Errc::bad_checksum);
                ++seen;
            } else {
                CHECK(base58check_decode(key).size() == 78);  // well-formed base58check, bad key
            }
        }
    }
    CHECK(seen == 1);
}

TEST_CASE("base58check: short input and a hand-made payload", "[codec][base58]") {
    CHECK(flash::test::thrown_code([] { base58check_decode(""); }) == Errc::bad_length);
    CHECK(flash::test::thrown_code([] { base58check_decode("1"); }) == Errc::bad_length);
    CHECK(flash::test::thrown_code([] { base58check_decode("111"); }) == Errc::bad_length);
    CHECK(flash::test::thrown_code([] { base58check_decode("11l"); }) == Errc::bad_base58);

    // The genesis block's coinbase address: version 0x00 || HASH160.
    const Bytes payload = hex_decode("0062e907b15cbf27d5425399ebf6f0fb50ebb88f18");
    CHECK(base58check_encode(payload) == "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");
    CHECK(base58check_decode("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa") == payload);
    CHECK(base58check_decode(base58check_encode(Bytes{})).empty());
}
