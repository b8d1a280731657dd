// HKDF-SHA256 (RFC 5869 A.1-A.3), PBKDF2-HMAC-SHA512 (the widely used "password"/"salt" vectors,
// checked against Python's hashlib) and scrypt (RFC 7914 §12).
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/hex.hpp"
#include "core/crypto/kdf.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::crypto;
using flash::codec::hex_decode;
using flash::codec::hex_encode;

namespace {

Bytes range(int from, int to) {  // from..to inclusive
    Bytes out;
    for (int i = from; i <= to; ++i) out.push_back(static_cast<std::uint8_t>(i));
    return out;
}

}  // namespace

TEST_CASE("HKDF-SHA256 RFC 5869 vectors", "[crypto][kdf]") {
    SECTION("A.1 basic") {
        Bytes ikm(22, 0x0b), salt = range(0x00, 0x0c), info = range(0xf0, 0xf9);
        Hash256 prk = hkdf_sha256_extract(salt, ikm);
        CHECK(hex_encode(prk) == "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        const char* okm = "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865";
        CHECK(hex_encode(hkdf_sha256_expand(prk, info, 42)) == okm);
        CHECK(hex_encode(hkdf_sha256(salt, ikm, info, 42)) == okm);
    }
    SECTION("A.2 longer inputs and outputs") {
        Bytes ikm = range(0x00, 0x4f), salt = range(0x60, 0xaf), info = range(0xb0, 0xff);
        CHECK(hex_encode(hkdf_sha256_extract(salt, ikm)) ==
              "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244");
        CHECK(hex_encode(hkdf_sha256(salt, ikm, info, 82)) ==
              "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
              "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
              "cc30c58179ec3e87c14c01d5c1f3434f1d87");
    }
    SECTION("A.3 empty salt and info") {
        Bytes ikm(22, 0x0b);
        CHECK(hex_encode(hkdf_sha256_extract({}, ikm)) ==
              "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04");
        CHECK(hex_encode(hkdf_sha256({}, ikm, {}, 42)) ==
              "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }
}

TEST_CASE("HKDF-SHA256 output length limits", "[crypto][kdf]") {
    Hash256 prk = hkdf_sha256_extract(as_bytes("salt"), as_bytes("ikm"));
    CHECK(hkdf_sha256_expand(prk, {}, 255 * 32).size() == 255 * 32);
    CHECK(hkdf_sha256_expand(prk, {}, 0).empty());
    REQUIRE_THROWS_CODE(hkdf_sha256_expand(prk, {}, 255 * 32 + 1), Errc::bad_length);
    // Expansion is a prefix-stable stream.
    SecretBytes a = hkdf_sha256_expand(prk, as_bytes("i"), 76);
    SecretBytes b = hkdf_sha256_expand(prk, as_bytes("i"), 20);
    CHECK(std::equal(b.begin(), b.end(), a.begin()));
}

TEST_CASE("PBKDF2-HMAC-SHA512 vectors", "[crypto][kdf]") {
    CHECK(hex_encode(pbkdf2_hmac_sha512(as_bytes("password"), as_bytes("salt"), 1, 64)) ==
          "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252"
          "c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce");
    CHECK(hex_encode(pbkdf2_hmac_sha512(as_bytes("password"), as_bytes("salt"), 2, 64)) ==
          "e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53c"
          "f76cab2868a39b9f7840edce4fef5a82be67335c77a6068e04112754f27ccf4e");
    CHECK(hex_encode(pbkdf2_hmac_sha512(as_bytes("passwordPASSWORDpassword"),
                                        as_bytes("saltSALTsaltSALTsaltSALTsaltSALTsalt"), 4096, 64)) ==
          "8c0511f4c6e597c6ac6315d8f0362e225f3c501495ba23b868c005174dc4ee71"
          "115b59f9e60cd9532fa33e0f75aefe30225c583a186cd82bd4daea9724a3d3b8");
    REQUIRE_THROWS_CODE(pbkdf2_hmac_sha512(as_bytes("p"), as_bytes("s"), 0, 64), Errc::bad_length);
}

TEST_CASE("scrypt RFC 7914 §12 vectors", "[crypto][kdf]") {
    CHECK(hex_encode(scrypt({}, {}, 4, 1, 1, 64)) ==
          "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
          "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
    CHECK(hex_encode(scrypt(as_bytes("password"), as_bytes("NaCl"), 10, 8, 16, 64)) ==
          "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
          "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
    // (The N = 2^20 vector is skipped: it needs 1 GiB and is slow.)
    CHECK(hex_encode(scrypt(as_bytes("pleaseletmein"), as_bytes("SodiumChloride"), 14, 8, 1, 64)) ==
          "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
          "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887");
}

TEST_CASE("scrypt above OpenSSL's default 32 MiB memory limit", "[crypto][kdf]") {
    // log_n = 16, r = 8 needs 64 MiB (NIP-49 uses r = 8, p = 1). Expected value from Python's
    // hashlib.scrypt(b"nip49", salt=b"salt", n=65536, r=8, p=1, maxmem=2**27, dklen=32).
    CHECK(hex_encode(scrypt(as_bytes("nip49"), as_bytes("salt"), 16, 8, 1, 32)) ==
          "af01e197a03be542e17bf033c1564871a2aa98ae9a7adf199371a3ec79929668");
}

TEST_CASE("scrypt parameter checks", "[crypto][kdf]") {
    REQUIRE_THROWS_CODE(scrypt(as_bytes("p"), as_bytes("s"), 0, 8, 1, 32), Errc::bad_length);
    REQUIRE_THROWS_CODE(scrypt(as_bytes("p"), as_bytes("s"), 23, 8, 1, 32), Errc::bad_length);
    REQUIRE_THROWS_CODE(scrypt(as_bytes("p"), as_bytes("s"), 4, 0, 1, 32), Errc::bad_length);
    REQUIRE_THROWS_CODE(scrypt(as_bytes("p"), as_bytes("s"), 4, 1, 0, 32), Errc::bad_length);
    REQUIRE_THROWS_CODE(scrypt(as_bytes("p"), as_bytes("s"), 4, 1u << 15, 1u << 15, 32), Errc::bad_length);
}
