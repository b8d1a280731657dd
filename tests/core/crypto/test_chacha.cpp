// ChaCha20 and ChaCha20-Poly1305 (RFC 8439 §2.4.2, §2.8.2), HChaCha20 and XChaCha20-Poly1305
// (draft-irtf-cfrg-xchacha-03 §2.2.1, §A.3.1).
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/hex.hpp"
#include "core/crypto/chacha.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::crypto;
using flash::codec::hex_decode;
using flash::codec::hex_encode;

namespace {

const std::string sunscreen =
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, "
    "sunscreen would be it.";

Bytes range(int from, int to) {
    Bytes out;
    for (int i = from; i <= to; ++i) out.push_back(static_cast<std::uint8_t>(i));
    return out;
}

// Flips one bit of byte `i`.
Bytes flip(Bytes b, std::size_t i) {
    b.at(i) ^= 0x01;
    return b;
}

}  // namespace

TEST_CASE("ChaCha20 RFC 8439 §2.4.2", "[crypto][chacha]") {
    Bytes key = range(0x00, 0x1f);
    Bytes nonce = hex_decode("000000000000004a00000000");
    Bytes ct = chacha20_xor(key, nonce, 1, as_bytes(sunscreen));
    CHECK(hex_encode(ct) ==
          "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
          "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
          "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
          "5af90bbf74a35be6b40b8eedf2785e42874d");
    // XOR is its own inverse.
    Bytes back = chacha20_xor(key, nonce, 1, ct);
    CHECK(std::string(back.begin(), back.end()) == sunscreen);
    // Starting at block 2 equals the counter-1 keystream shifted by 64 bytes.
    Bytes zeros(128, 0);
    Bytes ks1 = chacha20_xor(key, nonce, 1, zeros);
    Bytes ks2 = chacha20_xor(key, nonce, 2, ByteView(zeros).first(64));
    CHECK(std::equal(ks2.begin(), ks2.end(), ks1.begin() + 64));
    CHECK(chacha20_xor(key, nonce, 0, {}).empty());
    // Every length around the 64-byte blocks agrees with the keystream prefix (whole-block and
    // partial-block paths).
    for (std::size_t n : {1u, 63u, 64u, 65u, 127u, 128u}) {
        INFO(n << " bytes");
        CHECK(chacha20_xor(key, nonce, 1, ByteView(zeros).first(n)) == Bytes(ks1.begin(), ks1.begin() + n));
    }
    // The last block of the 32-bit counter may be used; running past it is refused (RFC 8439 §2.4).
    CHECK(chacha20_xor(key, nonce, 0xFFFFFFFF, ByteView(zeros).first(64)).size() == 64);
    REQUIRE_THROWS_CODE(chacha20_xor(key, nonce, 0xFFFFFFFF, ByteView(zeros).first(65)), Errc::bad_length);
    REQUIRE_THROWS_CODE(chacha20_xor(Bytes(31), nonce, 0, zeros), Errc::bad_length);
    REQUIRE_THROWS_CODE(chacha20_xor(key, Bytes(8), 0, zeros), Errc::bad_length);
}

TEST_CASE("HChaCha20 draft-irtf-cfrg-xchacha §2.2.1", "[crypto][chacha]") {
    Secret<32> sub = hchacha20(range(0x00, 0x1f), hex_decode("000000090000004a0000000031415927"));
    CHECK(hex_encode(sub.view()) == "82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc");
    REQUIRE_THROWS_CODE(hchacha20(range(0x00, 0x1f), Bytes(12)), Errc::bad_length);
}

TEST_CASE("ChaCha20-Poly1305 RFC 8439 §2.8.2", "[crypto][chacha]") {
    Bytes key = range(0x80, 0x9f);
    Bytes nonce = hex_decode("070000004041424344454647");
    Bytes aad = hex_decode("50515253c0c1c2c3c4c5c6c7");
    Bytes sealed = chacha20_poly1305_seal(key, nonce, aad, as_bytes(sunscreen));
    CHECK(hex_encode(sealed) ==
          "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
          "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
          "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
          "3ff4def08e4b7a9de576d26586cec64b6116"
          "1ae10b594f09e26a7e902ecbd0600691");
    SecretBytes opened = chacha20_poly1305_open(key, nonce, aad, sealed);
    CHECK(std::string(opened.begin(), opened.end()) == sunscreen);

    SECTION("tampering is detected") {
        REQUIRE_THROWS_CODE(chacha20_poly1305_open(key, nonce, aad, flip(sealed, 0)), Errc::decrypt_failed);
        REQUIRE_THROWS_CODE(chacha20_poly1305_open(key, nonce, aad, flip(sealed, sealed.size() - 1)),
                            Errc::decrypt_failed);
        REQUIRE_THROWS_CODE(chacha20_poly1305_open(key, nonce, flip(aad, 3), sealed), Errc::decrypt_failed);
        REQUIRE_THROWS_CODE(chacha20_poly1305_open(key, nonce, {}, sealed), Errc::decrypt_failed);
        REQUIRE_THROWS_CODE(chacha20_poly1305_open(flip(key, 0), nonce, aad, sealed), Errc::decrypt_failed);
        REQUIRE_THROWS_CODE(chacha20_poly1305_open(key, flip(nonce, 11), aad, sealed), Errc::decrypt_failed);
        Bytes truncated(sealed.begin(), sealed.end() - 1);
        REQUIRE_THROWS_CODE(chacha20_poly1305_open(key, nonce, aad, truncated), Errc::decrypt_failed);
        REQUIRE_THROWS_CODE(chacha20_poly1305_open(key, nonce, aad, Bytes(15)), Errc::bad_length);
    }
    SECTION("empty plaintext is just a tag") {
        Bytes tag_only = chacha20_poly1305_seal(key, nonce, aad, {});
        CHECK(tag_only.size() == 16);
        CHECK(chacha20_poly1305_open(key, nonce, aad, tag_only).empty());
        REQUIRE_THROWS_CODE(chacha20_poly1305_open(key, nonce, {}, tag_only), Errc::decrypt_failed);
    }
}

TEST_CASE("XChaCha20-Poly1305 draft-irtf-cfrg-xchacha §A.3.1", "[crypto][chacha]") {
    Bytes key = range(0x80, 0x9f);
    Bytes nonce = range(0x40, 0x57);
    Bytes aad = hex_decode("50515253c0c1c2c3c4c5c6c7");
    Bytes sealed = xchacha20_poly1305_seal(key, nonce, aad, as_bytes(sunscreen));
    CHECK(hex_encode(sealed) ==
          "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb"
          "731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452"
          "2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9"
          "21f9664c97637da9768812f615c68b13b52e"
          "c0875924c1c7987947deafd8780acf49");
    SecretBytes opened = xchacha20_poly1305_open(key, nonce, aad, sealed);
    CHECK(std::string(opened.begin(), opened.end()) == sunscreen);

    REQUIRE_THROWS_CODE(xchacha20_poly1305_open(key, nonce, aad, flip(sealed, 5)), Errc::decrypt_failed);
    REQUIRE_THROWS_CODE(xchacha20_poly1305_open(key, nonce, aad, flip(sealed, sealed.size() - 3)),
                        Errc::decrypt_failed);
    REQUIRE_THROWS_CODE(xchacha20_poly1305_open(key, nonce, flip(aad, 0), sealed), Errc::decrypt_failed);
    // Every nonce byte matters: the first 16 feed HChaCha20, the last 8 the inner nonce.
    REQUIRE_THROWS_CODE(xchacha20_poly1305_open(key, flip(nonce, 2), aad, sealed), Errc::decrypt_failed);
    REQUIRE_THROWS_CODE(xchacha20_poly1305_open(key, flip(nonce, 20), aad, sealed), Errc::decrypt_failed);
    REQUIRE_THROWS_CODE(xchacha20_poly1305_seal(key, Bytes(12), aad, sealed), Errc::bad_length);
}
