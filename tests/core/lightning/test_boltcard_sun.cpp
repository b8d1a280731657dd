// Bolt Card taps (p=, c=): every SUN vector of shared/vectors/boltcard (boltcard/boltcard
// docs/TEST_VECTORS.md from a real card, and NXP AN12196's all-zero-key example) with its
// intermediate values; a simulated card reproducing them; round trips; tampering; bad input.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/codec/ascii.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/aes.hpp"
#include "core/crypto/mac.hpp"
#include "core/crypto/random.hpp"
#include "core/lightning/boltcard_keys.hpp"
#include "core/lightning/boltcard_sun.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using namespace flash;
using namespace flash::lightning::boltcard;
using codec::hex_decode;
using codec::hex_encode;
using nlohmann::json;
using test::thrown_code;

namespace {

constexpr const char* kVectors = "boltcard/boltcard-test-vectors.json";

// A SUN vector in one shape: the real-card vectors and the AN12196 example name fields differently.
struct SunVector {
    std::string name;
    std::string p;
    std::string c;
    Bytes k1;
    Bytes k2;
    json expected;
};

std::vector<SunVector> sun_vectors() {
    const json file = test::load_vector_json(kVectors);
    std::vector<SunVector> out;
    int n = 0;
    for (const json& v : file.at("sun_vectors"))
        out.push_back({"sun_vectors[" + std::to_string(n++) + "]", v.at("p").get<std::string>(),
                       v.at("c").get<std::string>(),
                       hex_decode(v.at("k1_sdm_meta_read_key_hex").get<std::string>()),
                       hex_decode(v.at("k2_sdm_file_read_mac_key_hex").get<std::string>()), v.at("expected")});
    const json& nxp = file.at("nxp_an12196_sun_example");
    out.push_back({"nxp_an12196_sun_example", nxp.at("p_or_e").get<std::string>(), nxp.at("c").get<std::string>(),
                   hex_decode(nxp.at("k1_hex").get<std::string>()), hex_decode(nxp.at("k2_hex").get<std::string>()),
                   nxp.at("expected")});
    return out;
}

std::string flip_hex_bit(const std::string& hex, std::size_t bit) {
    Bytes bytes = hex_decode(hex);
    bytes.at(bit / 8) ^= static_cast<std::uint8_t>(1u << (bit % 8));
    return hex_encode(bytes);
}

const Bytes k1 = hex_decode("0c3b25d92b38ae443229dd59ad34b85d");
const Bytes k2 = hex_decode("b45775776cb224c75bcde7ca3704e933");
const CardTap tap3{{0x04, 0x99, 0x6c, 0x6a, 0x92, 0x69, 0x80}, 3};
const std::string p3 = "4E2E289D945A66BB13377A728884E867";
const std::string c3 = "E19CCB1FED8892CE";

}  // namespace

TEST_CASE("boltcard sun: every vector decrypts, authenticates and has the spec's intermediates",
          "[lightning][boltcard]") {
    const std::vector<SunVector> vectors = sun_vectors();
    REQUIRE(vectors.size() == 4);
    for (const SunVector& v : vectors) {
        INFO(v.name << ": p=" << v.p << " c=" << v.c);
        const json& want = v.expected;
        const bool mac_valid = want.at("mac_valid").get<bool>();

        // p: the plaintext PICCData, then the fields decrypt_tap() reads from it.
        const Bytes picc = hex_decode(want.at("picc_data_plain_hex").get<std::string>());
        CHECK(hex_encode(crypto::aes128_decrypt_block(v.k1, hex_decode(v.p))) == hex_encode(picc));
        const CardTap tap = decrypt_tap(v.p, v.k1);
        CHECK(hex_encode(tap.uid) == want.at("uid").get<std::string>());
        CHECK(tap.counter == want.at("counter").get<std::uint32_t>());

        // c: the published session key, full CMAC and truncation, where the vector gives them.
        if (want.contains("sv2_hex")) {
            const Bytes ks = hex_decode(want.at("session_mac_key_ks_hex").get<std::string>());
            CHECK(hex_encode(crypto::aes128_cmac(v.k2, hex_decode(want.at("sv2_hex").get<std::string>()))) ==
                  hex_encode(ks));
            CHECK(hex_encode(crypto::aes128_cmac(ks, {})) == want.at("full_cmac_cm_hex").get<std::string>());
            CHECK(hex_encode(tap_mac(tap, v.k2)) == want.at("truncated_mac_ct_hex").get<std::string>());
        }
        CHECK((hex_encode(tap_mac(tap, v.k2)) == codec::ascii_lower(v.c)) == mac_valid);

        // The whole check: a valid vector passes, one marked invalid must fail.
        if (mac_valid) {
            CHECK(read_tap(v.p, v.c, v.k1, v.k2) == tap);
            CHECK(read_tap(codec::ascii_lower(v.p), codec::ascii_lower(v.c), v.k1, v.k2) == tap);
        } else {
            CHECK(thrown_code([&] { read_tap(v.p, v.c, v.k1, v.k2); }) == Errc::decrypt_failed);
        }

        // The simulated card with the recorded padding writes exactly what the real card wrote.
        const TapParams again = encode_tap(tap, v.k1, v.k2, ByteView(picc).subspan(11));
        CHECK(again.p == codec::ascii_upper(v.p));
        if (mac_valid) CHECK(again.c == codec::ascii_upper(v.c));
    }
}

TEST_CASE("boltcard sun: the file's own AES-CMAC check (RFC 4493 example 1)", "[lightning][boltcard]") {
    const json check = test::load_vector_json(kVectors).at("rfc4493_aes_cmac_check");
    CHECK(hex_encode(crypto::aes128_cmac(hex_decode(check.at("key").get<std::string>()),
                                         hex_decode(check.at("message").get<std::string>()))) ==
          check.at("mac").get<std::string>());
}

TEST_CASE("boltcard sun: a simulated card round-trips through the reader", "[lightning][boltcard]") {
    const Bytes issuer = hex_decode("00000000000000000000000000000001");
    const Bytes uid = hex_decode("04a39493cc8680");
    const CardKeys keys = derive_card_keys(issuer, uid, 1);
    CardTap tap;
    std::copy(uid.begin(), uid.end(), tap.uid.begin());

    for (std::uint32_t counter : {0u, 1u, 255u, 256u, 65'536u, max_counter}) {
        INFO("counter " << counter);
        tap.counter = counter;
        const TapParams params = encode_tap(tap, keys.k1.view(), keys.k2.view());
        CHECK(params.p.size() == 32);
        CHECK(params.c.size() == 16);
        CHECK(params.p == codec::ascii_upper(params.p));
        // The withdraw service's order: K1 from the issuer key, the UID, then that card's K2.
        const CardTap read = decrypt_tap(params.p, derive_encryption_key(issuer).view());
        CHECK(read == tap);
        CHECK_NOTHROW(check_tap_mac(read, params.c, derive_card_keys(issuer, read.uid, 1).k2.view()));
        // The keys of the card's previous programming (another version) do not authenticate it.
        CHECK(thrown_code([&] { check_tap_mac(read, params.c, derive_card_keys(issuer, read.uid, 2).k2.view()); }) ==
              Errc::decrypt_failed);
    }

    // Random padding: the same tap encrypts differently each time, with the same MAC.
    tap.counter = 42;
    const TapParams a = encode_tap(tap, keys.k1.view(), keys.k2.view());
    const TapParams b = encode_tap(tap, keys.k1.view(), keys.k2.view());
    CHECK(a.p != b.p);
    CHECK(a.c == b.c);

    // Random cards and counters.
    for (int i = 0; i < 50; ++i) {
        const auto key1 = crypto::random_array<16>();
        const auto key2 = crypto::random_array<16>();
        CardTap random_tap;
        random_tap.uid = crypto::random_array<uid_size>();
        const auto counter = crypto::random_array<3>();
        random_tap.counter = counter[0] | counter[1] << 8 | counter[2] << 16;
        const TapParams params = encode_tap(random_tap, key1, key2);
        CHECK(read_tap(params.p, params.c, key1, key2) == random_tap);
    }
}

TEST_CASE("boltcard sun: every flipped bit of p or c is rejected", "[lightning][boltcard]") {
    REQUIRE(read_tap(p3, c3, k1, k2) == tap3);
    for (std::size_t bit = 0; bit < 128; ++bit) {
        INFO("p bit " << bit);
        // Either PICCData loses its tag (bad_card_message) or UID/counter change and c no longer fits.
        const std::string p = flip_hex_bit(p3, bit);
        const auto code = thrown_code([&] { read_tap(p, c3, k1, k2); });
        CHECK((code == Errc::bad_card_message || code == Errc::decrypt_failed));
    }
    for (std::size_t bit = 0; bit < 64; ++bit) {
        INFO("c bit " << bit);
        const std::string c = flip_hex_bit(c3, bit);
        CHECK(thrown_code([&] { read_tap(p3, c, k1, k2); }) == Errc::decrypt_failed);
    }
    // A tap whose MAC is checked against another counter or UID (a replayed c with an edited p).
    CardTap other = tap3;
    other.counter = 4;
    CHECK(thrown_code([&] { check_tap_mac(other, c3, k2); }) == Errc::decrypt_failed);
    other = tap3;
    other.uid[6] ^= 1;
    CHECK(thrown_code([&] { check_tap_mac(other, c3, k2); }) == Errc::decrypt_failed);
}

TEST_CASE("boltcard sun: wrong keys", "[lightning][boltcard]") {
    // Another K1: the plaintext is noise, and its first byte is not 0xC7 for this key.
    const Bytes wrong_k1 = hex_decode("0c3b25d92b38ae443229dd59ad34b85e");
    REQUIRE(crypto::aes128_decrypt_block(wrong_k1, hex_decode(p3))[0] != picc_data_tag);
    CHECK(thrown_code([&] { decrypt_tap(p3, wrong_k1); }) == Errc::bad_card_message);
    // Another K2: the MAC fails.
    const Bytes wrong_k2 = hex_decode("b45775776cb224c75bcde7ca3704e934");
    CHECK(thrown_code([&] { read_tap(p3, c3, k1, wrong_k2); }) == Errc::decrypt_failed);
    // K1 and K2 swapped.
    CHECK(thrown_code([&] { read_tap(p3, c3, k2, k1); }).has_value());
}

TEST_CASE("boltcard sun: malformed p and c are typed errors", "[lightning][boltcard]") {
    // p: 32 hex digits.
    CHECK(thrown_code([&] { decrypt_tap("", k1); }) == Errc::bad_length);
    CHECK(thrown_code([&] { decrypt_tap(p3.substr(0, 30), k1); }) == Errc::bad_length);
    CHECK(thrown_code([&] { decrypt_tap(p3.substr(0, 31), k1); }) == Errc::bad_length);
    CHECK(thrown_code([&] { decrypt_tap(p3 + "0", k1); }) == Errc::bad_length);
    CHECK(thrown_code([&] { decrypt_tap(p3 + "00", k1); }) == Errc::bad_length);
    CHECK(thrown_code([&] { decrypt_tap("4E2E289D945A66BB13377A728884E86G", k1); }) == Errc::bad_hex);
    CHECK(thrown_code([&] { decrypt_tap("4E2E289D945A66BB13377A728884E8 7", k1); }) == Errc::bad_hex);
    CHECK(thrown_code([&] { decrypt_tap("+E2E289D945A66BB13377A728884E867", k1); }) == Errc::bad_hex);
    // c: 16 hex digits.
    CHECK(thrown_code([&] { check_tap_mac(tap3, "", k2); }) == Errc::bad_length);
    CHECK(thrown_code([&] { check_tap_mac(tap3, c3.substr(0, 14), k2); }) == Errc::bad_length);
    CHECK(thrown_code([&] { check_tap_mac(tap3, c3 + "00", k2); }) == Errc::bad_length);
    CHECK(thrown_code([&] { check_tap_mac(tap3, "E19CCB1FED8892CZ", k2); }) == Errc::bad_hex);
    // Keys: 16 bytes.
    CHECK(thrown_code([&] { decrypt_tap(p3, Bytes(15, 0)); }) == Errc::bad_length);
    CHECK(thrown_code([&] { decrypt_tap(p3, Bytes(32, 0)); }) == Errc::bad_length);
    CHECK(thrown_code([&] { check_tap_mac(tap3, c3, Bytes(24, 0)); }) == Errc::bad_length);
    CHECK(thrown_code([&] { tap_mac(tap3, {}); }) == Errc::bad_length);
}

TEST_CASE("boltcard sun: the simulated card refuses what no card can write", "[lightning][boltcard]") {
    CardTap tap = tap3;
    tap.counter = max_counter + 1;
    CHECK(thrown_code([&] { encode_tap(tap, k1, k2); }) == Errc::bad_argument);
    CHECK(thrown_code([&] { tap_mac(tap, k2); }) == Errc::bad_argument);
    CHECK(thrown_code([&] { encode_tap(tap3, k1, k2, Bytes(4, 0)); }) == Errc::bad_length);
    CHECK(thrown_code([&] { encode_tap(tap3, k1, k2, Bytes(6, 0)); }) == Errc::bad_length);
    CHECK(thrown_code([&] { encode_tap(tap3, Bytes(15, 0), k2); }) == Errc::bad_length);
    CHECK(thrown_code([&] { encode_tap(tap3, k1, Bytes(17, 0)); }) == Errc::bad_length);
}
