// NUT-00 BDHKE: the hash_to_curve, blinding and signing vectors of cashu/00-tests.md, read from
// shared/vectors, a full blind/sign/unblind/verify round trip, and the rejections.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/cashu/nut00.hpp"
#include "core/codec/hex.hpp"
#include "support/errors.hpp"
#include "support/markdown_vectors.hpp"

using namespace flash;
using namespace flash::cashu;
using codec::hex_decode;
using codec::hex_encode;

namespace {

crypto::PublicKey point(const std::string& hex) { return crypto::parse_public_key(hex_decode(hex)); }
crypto::SecretKey scalar(const std::string& hex) { return crypto::secret_key_from(hex_decode(hex)); }

}  // namespace

TEST_CASE("NUT-00 hash_to_curve vectors", "[cashu][nut00]") {
    const auto md = test::load_markdown_vectors("cashu/00-tests.md");
    const std::vector<std::string> messages = md.values("Message");
    const std::vector<std::string> points = md.values("Point");
    REQUIRE(messages.size() == 3);
    REQUIRE(points.size() == 3);
    for (std::size_t i = 0; i < messages.size(); ++i) {
        INFO("vector " << i);
        CHECK(hex_encode(hash_to_curve(hex_decode(messages[i]))) == points[i]);
    }
}

TEST_CASE("NUT-00 blinding and signing vectors", "[cashu][nut00]") {
    const auto md = test::load_markdown_vectors("cashu/00-tests.md");
    const std::vector<std::string> xs = md.values("x");
    const std::vector<std::string> rs = md.values("r");
    const std::vector<std::string> B_s = md.values("B_");
    const std::vector<std::string> ks = md.values("mint private key");
    const std::vector<std::string> C_s = md.values("C_");
    REQUIRE(xs.size() == 2);
    REQUIRE(rs.size() == 2);
    REQUIRE(B_s.size() == 4);  // two blinded messages, then the B_ of the two signing vectors
    REQUIRE(ks.size() == 2);
    REQUIRE(C_s.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
        INFO("vector " << i);
        CHECK(hex_encode(blind(hex_decode(xs[i]), scalar(rs[i]))) == B_s[i]);
        CHECK(hex_encode(sign_blinded(scalar(ks[i]), point(B_s[2 + i]))) == C_s[i]);
    }
}

TEST_CASE("NUT-00 blind, sign, unblind, verify", "[cashu][nut00]") {
    const crypto::SecretKey k = scalar("7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f");
    const crypto::SecretKey r = scalar("99fce58439fc37412ab3468b73db0569322588f62fb3a49182d67e23d877824a");
    const std::string secret = "407915bc212be61a77e3e6d2aeb4c727980bda51cd06a6afc29e2861768a7837";
    const crypto::PublicKey C = unblind(sign_blinded(k, blind(as_bytes(secret), r)), r, crypto::public_key(k));
    CHECK(C == crypto::point_mul(hash_to_curve(as_bytes(secret)), k.view()));
    CHECK(verify_proof_signature(k, as_bytes(secret), C));
    CHECK_FALSE(verify_proof_signature(k, as_bytes(secret + "x"), C));
    CHECK_FALSE(verify_proof_signature(r, as_bytes(secret), C));
    crypto::PublicKey not_a_point{};
    CHECK_FALSE(verify_proof_signature(k, as_bytes(secret), not_a_point));
}

TEST_CASE("NUT-00 rejects bad points and scalars", "[cashu][nut00]") {
    const crypto::SecretKey k = scalar("0000000000000000000000000000000000000000000000000000000000000001");
    crypto::PublicKey bad{};
    bad[0] = 0x02;
    bad[32] = 0x05;  // x = 5 has no point on secp256k1
    test::require_error(Errc::bad_public_key, [&] { sign_blinded(k, bad); });
    test::require_error(Errc::bad_public_key, [&] { unblind(bad, k, crypto::public_key(k)); });
    test::require_error(Errc::bad_public_key, [&] { unblind(crypto::public_key(k), k, bad); });
    // C' - r*K is the point at infinity when C' = r*K.
    test::require_error(Errc::bad_public_key, [&] { unblind(crypto::public_key(k), k, crypto::public_key(k)); });
    test::require_error(Errc::bad_secret_key, [] { scalar(std::string(64, '0')); });
}
