// BIP-340 Schnorr signatures against the official vectors (read from shared/vectors, never
// copied), and BIP-341/BIP-86 x-only key tweaking against their official vectors.
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/secp256k1.hpp"
#include "support/vectors.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::crypto;
using flash::codec::hex_decode;

TEST_CASE("BIP-340 official test vectors", "[crypto][bip340]") {
    auto rows = flash::test::load_vector_csv("bitcoin/bip340-test-vectors.csv");
    REQUIRE(rows.size() == 20);  // header + 19 vectors
    REQUIRE(rows[0][0] == "index");
    REQUIRE(rows[0][6] == "verification result");
    int signed_count = 0, false_count = 0;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const auto& row = rows[i];
        REQUIRE(row.size() == 8);
        INFO("vector " << row[0] << " (" << row[7] << ")");
        Bytes pub = hex_decode(row[2]);
        Bytes msg = hex_decode(row[4]);
        Bytes sig = hex_decode(row[5]);
        REQUIRE((row[6] == "TRUE" || row[6] == "FALSE"));
        bool expected = row[6] == "TRUE";
        if (!row[1].empty()) {
            SecretKey key = secret_key_from(hex_decode(row[1]));
            XOnlyWithParity xonly = xonly_public_key(key);
            CHECK(Bytes(xonly.key.begin(), xonly.key.end()) == pub);
            Signature64 made = schnorr_sign(key, msg, hex_decode(row[3]));
            CHECK(Bytes(made.begin(), made.end()) == sig);
            ++signed_count;
        }
        CHECK(schnorr_verify(pub, msg, sig) == expected);
        if (!expected) ++false_count;
    }
    CHECK(signed_count == 8);
    CHECK(false_count == 10);
}

TEST_CASE("BIP-340 invalid public keys", "[crypto][bip340]") {
    auto rows = flash::test::load_vector_csv("bitcoin/bip340-test-vectors.csv");
    // Vectors 5 (x not on the curve) and 14 (x >= p) carry invalid public keys.
    for (int index : {5, 14}) {
        INFO("vector " << index);
        const auto& row = rows.at(static_cast<std::size_t>(index) + 1);
        REQUIRE(row[0] == std::to_string(index));
        REQUIRE_THROWS_CODE(parse_xonly_key(hex_decode(row[2])), Errc::bad_public_key);
        CHECK_FALSE(schnorr_verify(hex_decode(row[2]), hex_decode(row[4]), hex_decode(row[5])));
    }
}

TEST_CASE("BIP-340 sign/verify with variable-length messages and malformed inputs", "[crypto][bip340]") {
    SecretKey key = secret_key_from(hex_decode("b7e151628aed2a6abf7158809cf4f3c762e7160f38b4da56a784d9045190cfef"));
    XOnlyKey pub = xonly_public_key(key).key;
    Bytes aux(32, 0x11);
    for (std::size_t len : {0u, 1u, 32u, 33u, 1000u}) {
        INFO("message length " << len);
        Bytes msg(len, 0x5a);
        Signature64 sig = schnorr_sign(key, msg, aux);
        CHECK(schnorr_verify(pub, msg, sig));
        Bytes other = msg;
        other.push_back(0);
        CHECK_FALSE(schnorr_verify(pub, other, sig));
        Signature64 bad = sig;
        bad[63] ^= 1;
        CHECK_FALSE(schnorr_verify(pub, msg, bad));
    }
    // Different aux randomness gives a different but still valid signature.
    Bytes msg = hex_decode("243f6a8885a308d313198a2e03707344a4093822299f31d0082efa98ec4e6c89");
    Signature64 s1 = schnorr_sign(key, msg, Bytes(32, 0));
    Signature64 s2 = schnorr_sign(key, msg, Bytes(32, 1));
    CHECK(s1 != s2);
    CHECK(schnorr_verify(pub, msg, s2));
    // Malformed lengths are a plain false, never an exception.
    CHECK_FALSE(schnorr_verify(ByteView(pub).first(31), msg, s1));
    CHECK_FALSE(schnorr_verify(pub, msg, ByteView(s1).first(63)));
    CHECK_FALSE(schnorr_verify({}, msg, {}));
    REQUIRE_THROWS_CODE(schnorr_sign(key, msg, Bytes(31)), Errc::bad_length);
    REQUIRE_THROWS_CODE(parse_xonly_key(Bytes(33, 2)), Errc::bad_public_key);
    CHECK(parse_xonly_key(pub) == pub);
}

TEST_CASE("x-only keys agree with compressed keys", "[crypto][bip340]") {
    for (int last : {1, 2, 3, 7}) {
        ByteArray<32> raw{};
        raw[31] = static_cast<std::uint8_t>(last);
        SecretKey key(raw);
        PublicKey full = public_key(key);
        XOnlyWithParity x = xonly_public_key(key);
        CHECK(std::equal(x.key.begin(), x.key.end(), full.begin() + 1));
        CHECK(x.odd_y == (full[0] == 0x03));
        XOnlyWithParity y = xonly_from_public_key(full);
        CHECK(y.key == x.key);
        CHECK(y.odd_y == x.odd_y);
    }
}

TEST_CASE("BIP-86 output keys: internal key tweaked by TapTweak", "[crypto][bip340]") {
    auto doc = flash::test::load_vector_json("bitcoin/bip86-test-vectors.json");
    int checked = 0;
    for (const auto& entry : doc.at("entries")) {
        if (!entry.contains("internal_key")) continue;
        INFO(entry.at("label").get<std::string>());
        XOnlyKey internal = codec::hex_decode_array<32>(entry.at("internal_key").get<std::string>());
        XOnlyKey expected = codec::hex_decode_array<32>(entry.at("output_key").get<std::string>());
        Hash256 tweak = tagged_hash("TapTweak", internal);
        CHECK(xonly_tweak_add(internal, tweak).key == expected);
        ++checked;
    }
    CHECK(checked == 3);
}

TEST_CASE("BIP-341 wallet vectors: tweaked public and private keys", "[crypto][bip340]") {
    auto doc = flash::test::load_vector_json("bitcoin/bip341-wallet-test-vectors.json");
    int checked = 0;
    for (const auto& spk : doc.at("scriptPubKey")) {
        XOnlyKey internal = codec::hex_decode_array<32>(spk.at("given").at("internalPubkey").get<std::string>());
        Bytes tweak = hex_decode(spk.at("intermediary").at("tweak").get<std::string>());
        XOnlyKey expected = codec::hex_decode_array<32>(spk.at("intermediary").at("tweakedPubkey").get<std::string>());
        CHECK(xonly_tweak_add(internal, tweak).key == expected);
        ++checked;
    }
    CHECK(checked == 7);
    for (const auto& spend : doc.at("keyPathSpending")) {
        for (const auto& input : spend.at("inputSpending")) {
            SecretKey priv = secret_key_from(hex_decode(input.at("given").at("internalPrivkey").get<std::string>()));
            Bytes tweak = hex_decode(input.at("intermediary").at("tweak").get<std::string>());
            Bytes expected = hex_decode(input.at("intermediary").at("tweakedPrivkey").get<std::string>());
            XOnlyWithParity internal = xonly_public_key(priv);
            CHECK(Bytes(internal.key.begin(), internal.key.end()) ==
                  hex_decode(input.at("intermediary").at("internalPubkey").get<std::string>()));
            // BIP-341: the secret of the even-y internal key, plus the tweak.
            SecretKey even = internal.odd_y ? secret_key_negate(priv) : priv;
            SecretKey tweaked = secret_key_tweak_add(even, tweak);
            CHECK(Bytes(tweaked.begin(), tweaked.end()) == expected);
            // The tweaked secret key's x-only key is the tweaked public key.
            CHECK(xonly_public_key(tweaked).key == xonly_tweak_add(internal.key, tweak).key);
        }
    }
}

TEST_CASE("xonly_tweak_add rejects bad input", "[crypto][bip340]") {
    XOnlyKey g = codec::hex_decode_array<32>("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    Bytes order = hex_decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    REQUIRE_THROWS_CODE(xonly_tweak_add(g, order), Errc::bad_tweak);
    // G + (n-1)G is the point at infinity.
    Bytes n_minus_1 = order;
    n_minus_1[31] -= 1;
    REQUIRE_THROWS_CODE(xonly_tweak_add(g, n_minus_1), Errc::bad_tweak);
    XOnlyKey not_on_curve = codec::hex_decode_array<32>("eefdea4cdb677750a420fee807eacf21eb9898ae79b9768766e4faa04a2d4a34");
    REQUIRE_THROWS_CODE(xonly_tweak_add(not_on_curve, Bytes(32, 1)), Errc::bad_public_key);
    REQUIRE_THROWS_CODE(xonly_tweak_add(g, Bytes(31, 1)), Errc::bad_length);
}
