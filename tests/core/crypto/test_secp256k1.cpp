// secp256k1 keys, ECDSA, ECDH and point arithmetic.
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/secp256k1.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::crypto;
using flash::codec::hex_decode;
using flash::codec::hex_encode;

namespace {

const char* const order_hex = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
const char* const g_compressed = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
const char* const g_uncompressed =
    "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
    "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8";

SecretKey small_key(std::uint8_t v) {
    ByteArray<32> raw{};
    raw[31] = v;
    return SecretKey(raw);
}

SecretKey key_from_hex(const char* hex) { return secret_key_from(hex_decode(hex)); }

// n - s for a 32-byte big-endian s (turns a low-S signature into its high-S twin).
ByteArray<32> negate_mod_n(ByteView s) {
    Bytes n = hex_decode(order_hex);
    ByteArray<32> out{};
    int borrow = 0;
    for (int i = 31; i >= 0; --i) {
        int d = n[static_cast<std::size_t>(i)] - s[static_cast<std::size_t>(i)] - borrow;
        borrow = d < 0 ? 1 : 0;
        out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(d + 256 * borrow);
    }
    return out;
}

}  // namespace

TEST_CASE("secret key validation", "[crypto][secp256k1]") {
    Bytes zero(32, 0), order = hex_decode(order_hex), n_minus_1 = order;
    n_minus_1[31] -= 1;
    CHECK_FALSE(is_valid_secret_key(zero));
    CHECK_FALSE(is_valid_secret_key(order));
    CHECK_FALSE(is_valid_secret_key(Bytes(32, 0xff)));
    CHECK_FALSE(is_valid_secret_key(Bytes(31, 1)));
    CHECK(is_valid_secret_key(n_minus_1));
    CHECK(is_valid_secret_key(small_key(1).view()));
    REQUIRE_THROWS_CODE(secret_key_from(zero), Errc::bad_secret_key);
    REQUIRE_THROWS_CODE(secret_key_from(order), Errc::bad_secret_key);
    REQUIRE_THROWS_CODE(secret_key_from(Bytes(33, 1)), Errc::bad_length);
    CHECK(secret_key_from(n_minus_1).array() == codec::hex_decode_array<32>(hex_encode(n_minus_1)));
    // Functions that take an unchecked SecretKey reject invalid ones too.
    REQUIRE_THROWS_CODE(public_key(SecretKey{}), Errc::bad_secret_key);
    REQUIRE_THROWS_CODE(ecdsa_sign(SecretKey{}, Bytes(32)), Errc::bad_secret_key);
    REQUIRE_THROWS_CODE(schnorr_sign(SecretKey{}, Bytes(32), Bytes(32)), Errc::bad_secret_key);
    REQUIRE_THROWS_CODE(secret_key_negate(SecretKey{}), Errc::bad_secret_key);
}

TEST_CASE("public keys: derivation, parsing, compression", "[crypto][secp256k1]") {
    PublicKey g = public_key(small_key(1));
    CHECK(hex_encode(g) == g_compressed);
    CHECK(hex_encode(uncompress(g)) == g_uncompressed);
    CHECK(parse_public_key(hex_decode(g_uncompressed)) == g);
    CHECK(parse_public_key(hex_decode(g_compressed)) == g);
    // 3G, a point with an odd y.
    CHECK(hex_encode(public_key(small_key(3))) ==
          "02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9");
    // n-1 is -1: the negated generator (odd y).
    Bytes n_minus_1 = hex_decode(order_hex);
    n_minus_1[31] -= 1;
    CHECK(hex_encode(public_key(secret_key_from(n_minus_1))) ==
          "0379be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
}

TEST_CASE("invalid point encodings", "[crypto][secp256k1]") {
    Bytes g = hex_decode(g_compressed), u = hex_decode(g_uncompressed);
    REQUIRE_THROWS_CODE(parse_public_key({}), Errc::bad_public_key);
    REQUIRE_THROWS_CODE(parse_public_key(ByteView(g).first(32)), Errc::bad_public_key);
    REQUIRE_THROWS_CODE(parse_public_key(ByteView(g).subspan(1)), Errc::bad_public_key);
    Bytes bad_prefix = g;
    bad_prefix[0] = 0x05;
    REQUIRE_THROWS_CODE(parse_public_key(bad_prefix), Errc::bad_public_key);
    // BIP-340 vector 5's x has no point on the curve.
    REQUIRE_THROWS_CODE(
        parse_public_key(hex_decode("02eefdea4cdb677750a420fee807eacf21eb9898ae79b9768766e4faa04a2d4a34")),
        Errc::bad_public_key);
    // x = p (the field size) is out of range.
    REQUIRE_THROWS_CODE(
        parse_public_key(hex_decode("02fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f")),
        Errc::bad_public_key);
    Bytes wrong_y = u;
    wrong_y[64] ^= 1;
    REQUIRE_THROWS_CODE(parse_public_key(wrong_y), Errc::bad_public_key);
    // The "hybrid" 0x06/0x07 encoding that libsecp256k1 would take is refused.
    Bytes hybrid = u;
    hybrid[0] = 0x06;
    REQUIRE_THROWS_CODE(parse_public_key(hybrid), Errc::bad_public_key);
    REQUIRE_THROWS_CODE(parse_public_key(Bytes(65, 0)), Errc::bad_public_key);
    // A PublicKey array holding garbage is rejected wherever it is used.
    PublicKey garbage{};
    REQUIRE_THROWS_CODE(uncompress(garbage), Errc::bad_public_key);
    REQUIRE_THROWS_CODE(point_negate(garbage), Errc::bad_public_key);
    REQUIRE_THROWS_CODE(ecdh_shared_x(small_key(1), garbage), Errc::bad_public_key);
    REQUIRE_THROWS_CODE(ecdsa_verify(garbage, Bytes(32), Bytes(64, 1)), Errc::bad_public_key);
}

TEST_CASE("ECDSA RFC 6979 signature", "[crypto][secp256k1]") {
    // Widely published deterministic vector: key 1, SHA-256("Satoshi Nakamoto").
    Hash256 digest = sha256(as_bytes("Satoshi Nakamoto"));
    SecretKey one = small_key(1);
    CHECK(hex_encode(ecdsa_sign(one, digest)) ==
          "934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8"
          "2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5");
    CHECK(hex_encode(ecdsa_sign_der(one, digest)) ==
          "3045022100934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8"
          "02202442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5");
}

TEST_CASE("ECDSA sign, verify, recover", "[crypto][secp256k1]") {
    SecretKey key = key_from_hex("c90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b14e5c9");
    PublicKey pub = public_key(key);
    Hash256 digest = sha256(as_bytes("flash"));
    Signature64 sig = ecdsa_sign(key, digest);
    CHECK(ecdsa_verify(pub, digest, sig));
    CHECK(ecdsa_sign(key, digest) == sig);  // deterministic

    Hash256 other = sha256(as_bytes("flash!"));
    CHECK_FALSE(ecdsa_verify(pub, other, sig));
    CHECK_FALSE(ecdsa_verify(public_key(small_key(2)), digest, sig));
    Signature64 tampered = sig;
    tampered[10] ^= 1;
    CHECK_FALSE(ecdsa_verify(pub, digest, tampered));

    // The high-S twin (r, n - s) is mathematically valid but must be rejected.
    Signature64 high = sig;
    ByteArray<32> s_high = negate_mod_n(ByteView(sig).subspan(32));
    std::copy(s_high.begin(), s_high.end(), high.begin() + 32);
    CHECK(high != sig);
    CHECK_FALSE(ecdsa_verify(pub, digest, high));

    // r or s >= n cannot be parsed.
    Bytes overflow(64, 0xff);
    REQUIRE_THROWS_CODE(ecdsa_verify(pub, digest, overflow), Errc::bad_signature);
    REQUIRE_THROWS_CODE(ecdsa_verify(pub, digest, ByteView(sig).first(63)), Errc::bad_signature);
    REQUIRE_THROWS_CODE(ecdsa_sign(key, Bytes(31)), Errc::bad_length);

    ByteArray<65> rec = ecdsa_sign_recoverable(key, digest);
    CHECK(rec[0] <= 3);
    CHECK(std::equal(rec.begin() + 1, rec.end(), sig.begin()));
    CHECK(ecdsa_recover(rec, digest) == pub);
    CHECK(ecdsa_recover(rec, other) != pub);
    ByteArray<65> bad_id = rec;
    bad_id[0] = 4;
    REQUIRE_THROWS_CODE(ecdsa_recover(bad_id, digest), Errc::bad_signature);
    REQUIRE_THROWS_CODE(ecdsa_recover(ByteView(rec).first(64), digest), Errc::bad_signature);
}

TEST_CASE("ECDH", "[crypto][secp256k1]") {
    SecretKey a = key_from_hex("0000000000000000000000000000000000000000000000000000000000000003");
    SecretKey b = key_from_hex("b7e151628aed2a6abf7158809cf4f3c762e7160f38b4da56a784d9045190cfef");
    PublicKey pa = public_key(a), pb = public_key(b);
    ByteArray<32> ab = ecdh_shared_x(a, pb), ba = ecdh_shared_x(b, pa);
    CHECK(ab == ba);
    // The shared x is the x of a*B.
    PublicKey shared = point_mul(pb, a.view());
    CHECK(std::equal(ab.begin(), ab.end(), shared.begin() + 1));
    // 1 * P gives P's own x.
    ByteArray<32> x1 = ecdh_shared_x(small_key(1), pb);
    CHECK(std::equal(x1.begin(), x1.end(), pb.begin() + 1));
    // libsecp256k1's default hashes the compressed shared point.
    CHECK(ecdh_sha256(a, pb) == sha256(shared));
    CHECK(ecdh_sha256(a, pb) == ecdh_sha256(b, pa));
    REQUIRE_THROWS_CODE(ecdh_shared_x(SecretKey{}, pb), Errc::bad_secret_key);
}

TEST_CASE("scalar and point arithmetic", "[crypto][secp256k1]") {
    SecretKey a = key_from_hex("c90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b14e5c9");
    SecretKey b = key_from_hex("0b432b2677937381aef05bb02a66ecd012773062cf3fa2549e44f58ed2401710");
    PublicKey pa = public_key(a);

    SECTION("point_mul matches secret_key_tweak_mul") {
        CHECK(point_mul(pa, b.view()) == public_key(secret_key_tweak_mul(a, b.view())));
        CHECK(point_mul(public_key(small_key(1)), a.view()) == pa);
        REQUIRE_THROWS_CODE(point_mul(pa, Bytes(32, 0)), Errc::bad_tweak);
        REQUIRE_THROWS_CODE(point_mul(pa, hex_decode(order_hex)), Errc::bad_tweak);
        REQUIRE_THROWS_CODE(secret_key_tweak_mul(a, Bytes(32, 0)), Errc::bad_tweak);
    }
    SECTION("tweak add matches on both sides") {
        CHECK(point_tweak_add(pa, b.view()) == public_key(secret_key_tweak_add(a, b.view())));
        CHECK(point_add(pa, public_key(b)) == point_tweak_add(pa, b.view()));
        // 1 + 2 = 3.
        CHECK(secret_key_tweak_add(small_key(1), small_key(2).view()).array() == small_key(3).array());
        REQUIRE_THROWS_CODE(secret_key_tweak_add(a, hex_decode(order_hex)), Errc::bad_tweak);
        // a + (n - a) = 0 is not a key.
        SecretKey minus_a = secret_key_negate(a);
        REQUIRE_THROWS_CODE(secret_key_tweak_add(a, minus_a.view()), Errc::bad_tweak);
        REQUIRE_THROWS_CODE(point_tweak_add(pa, minus_a.view()), Errc::bad_tweak);
        REQUIRE_THROWS_CODE(point_tweak_add(pa, Bytes(31)), Errc::bad_length);
    }
    SECTION("negation") {
        PublicKey neg = point_negate(pa);
        CHECK(neg != pa);
        CHECK(std::equal(neg.begin() + 1, neg.end(), pa.begin() + 1));
        CHECK(point_negate(neg) == pa);
        CHECK(public_key(secret_key_negate(a)) == neg);
        CHECK(secret_key_negate(secret_key_negate(a)).array() == a.array());
        REQUIRE_THROWS_CODE(point_add(pa, neg), Errc::bad_public_key);
    }
    SECTION("G + G = 2G") {
        PublicKey g = public_key(small_key(1));
        CHECK(point_add(g, g) == public_key(small_key(2)));
    }
}
