// Bolt Card deterministic keys: every vector of boltcard/boltcard docs/DETERMINISTIC.md (as
// shared/vectors/boltcard/boltcard-test-vectors.json holds them), then what changes with each input.
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/hex.hpp"
#include "core/lightning/boltcard_keys.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using namespace flash;
using namespace flash::lightning::boltcard;
using codec::hex_decode;
using codec::hex_encode;
using nlohmann::json;

namespace {

constexpr const char* kVectors = "boltcard/boltcard-test-vectors.json";

const Bytes issuer = hex_decode("00000000000000000000000000000001");
const Bytes uid = hex_decode("04a39493cc8680");

}  // namespace

TEST_CASE("boltcard keys: every DETERMINISTIC.md vector", "[lightning][boltcard]") {
    const json vectors = test::load_vector_json(kVectors).at("deterministic_key_derivation").at("vectors");
    REQUIRE_FALSE(vectors.empty());
    for (const json& v : vectors) {
        const json& in = v.at("input");
        const json& want = v.at("expected");
        INFO("UID " << in.at("UID").get<std::string>() << ", version " << in.at("Version"));
        const Bytes issuer_key = hex_decode(in.at("IssuerKey").get<std::string>());
        const Bytes card_uid = hex_decode(in.at("UID").get<std::string>());
        const auto version = in.at("Version").get<std::uint32_t>();

        const CardKeys keys = derive_card_keys(issuer_key, card_uid, version);
        CHECK(hex_encode(keys.k0.view()) == want.at("K0").get<std::string>());
        CHECK(hex_encode(keys.k1.view()) == want.at("K1").get<std::string>());
        CHECK(hex_encode(keys.k2.view()) == want.at("K2").get<std::string>());
        CHECK(hex_encode(keys.k3.view()) == want.at("K3").get<std::string>());
        CHECK(hex_encode(keys.k4.view()) == want.at("K4").get<std::string>());
        CHECK(hex_encode(derive_card_key(issuer_key, card_uid, version).view()) ==
              want.at("CardKey").get<std::string>());
        CHECK(hex_encode(derive_card_id(issuer_key, card_uid)) == want.at("ID").get<std::string>());
        CHECK(hex_encode(derive_encryption_key(issuer_key).view()) == want.at("K1").get<std::string>());

        // The same inputs with another version must not reproduce the vector's per-card keys.
        const CardKeys other = derive_card_keys(issuer_key, card_uid, version + 1);
        CHECK(hex_encode(other.k0.view()) != want.at("K0").get<std::string>());
        CHECK(hex_encode(other.k2.view()) != want.at("K2").get<std::string>());
    }
}

TEST_CASE("boltcard keys: what each input changes", "[lightning][boltcard]") {
    const CardKeys v1 = derive_card_keys(issuer, uid, 1);
    const CardKeys v2 = derive_card_keys(issuer, uid, 2);
    // The version is 4 bytes little endian: 256 is not 1 (a one-byte encoding would collide).
    CHECK(derive_card_key(issuer, uid, 256).array() != derive_card_key(issuer, uid, 1).array());
    CHECK(derive_card_key(issuer, uid, 0xFFFFFFFF).array() != derive_card_key(issuer, uid, 0).array());

    // Re-programming (a new version) replaces every per-card key but not the shared K1 or the ID.
    CHECK(v1.k0.array() != v2.k0.array());
    CHECK(v1.k2.array() != v2.k2.array());
    CHECK(v1.k3.array() != v2.k3.array());
    CHECK(v1.k4.array() != v2.k4.array());
    CHECK(v1.k1.array() == v2.k1.array());

    // Another card of the same issuer: same K1, everything else different.
    const Bytes other_uid = hex_decode("04a39493cc8681");
    const CardKeys other = derive_card_keys(issuer, other_uid, 1);
    CHECK(other.k1.array() == v1.k1.array());
    CHECK(other.k0.array() != v1.k0.array());
    CHECK(other.k2.array() != v1.k2.array());
    CHECK(derive_card_id(issuer, other_uid) != derive_card_id(issuer, uid));

    // Another issuer: nothing shared.
    const Bytes other_issuer = hex_decode("00000000000000000000000000000002");
    CHECK(derive_encryption_key(other_issuer).array() != v1.k1.array());
    CHECK(derive_card_id(other_issuer, uid) != derive_card_id(issuer, uid));

    // The five keys of one card are distinct.
    const ByteArray<16>* all[] = {&v1.k0.array(), &v1.k1.array(), &v1.k2.array(), &v1.k3.array(),
                                  &v1.k4.array()};
    for (std::size_t i = 0; i < 5; ++i)
        for (std::size_t j = i + 1; j < 5; ++j) CHECK(*all[i] != *all[j]);
}

TEST_CASE("boltcard keys: wrong input sizes are bad_length", "[lightning][boltcard]") {
    REQUIRE_THROWS_CODE(derive_card_keys(Bytes(15, 1), uid, 1), Errc::bad_length);
    REQUIRE_THROWS_CODE(derive_card_keys(Bytes(32, 1), uid, 1), Errc::bad_length);
    REQUIRE_THROWS_CODE(derive_card_keys(issuer, hex_decode("04a39493cc86"), 1), Errc::bad_length);
    REQUIRE_THROWS_CODE(derive_card_keys(issuer, hex_decode("04a39493cc868000"), 1), Errc::bad_length);
    REQUIRE_THROWS_CODE(derive_card_key(issuer, {}, 1), Errc::bad_length);
    REQUIRE_THROWS_CODE(derive_encryption_key({}), Errc::bad_length);
    REQUIRE_THROWS_CODE(derive_card_id(issuer, Bytes(4, 0)), Errc::bad_length);
    REQUIRE_THROWS_CODE(derive_card_id(Bytes(8, 0), uid), Errc::bad_length);
}
