// AES-256-CBC (NIST SP 800-38A F.2.5) with PKCS#7 padding, AES-256-GCM (the GCM spec's
// test cases 13, 14, 16 and 17, McGrew & Viega, as used by NIST CAVP), and the AES-128 block
// cipher (SP 800-38A F.1.1/F.1.2, ECB-AES128).
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/hex.hpp"
#include "core/crypto/aes.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::crypto;
using flash::codec::hex_decode;
using flash::codec::hex_encode;

namespace {

Bytes flip(Bytes b, std::size_t i) {
    b.at(i) ^= 0x01;
    return b;
}

const Bytes cbc_key = hex_decode("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
const Bytes cbc_iv = hex_decode("000102030405060708090a0b0c0d0e0f");
const Bytes cbc_plain = hex_decode(
    "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
const char* const cbc_cipher =
    "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
    "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b";

}  // namespace

TEST_CASE("AES-256-CBC SP 800-38A F.2.5", "[crypto][aes]") {
    Bytes ct = aes256_cbc_encrypt(cbc_key, cbc_iv, cbc_plain);
    // Four whole blocks plus one block of PKCS#7 padding; the first four are the NIST vector.
    REQUIRE(ct.size() == 80);
    CHECK(hex_encode(ByteView(ct).first(64)) == cbc_cipher);
    SecretBytes pt = aes256_cbc_decrypt(cbc_key, cbc_iv, ct);
    CHECK(Bytes(pt.begin(), pt.end()) == cbc_plain);
    // The bare NIST ciphertext decrypts to a last block ending in 0x10 but not sixteen 0x10s,
    // so it is rejected as bad padding.
    REQUIRE_THROWS_CODE(aes256_cbc_decrypt(cbc_key, cbc_iv, hex_decode(cbc_cipher)), Errc::decrypt_failed);
}

TEST_CASE("AES-256-CBC PKCS#7 round trips and errors", "[crypto][aes]") {
    for (std::size_t len : {0u, 1u, 15u, 16u, 17u, 31u, 32u, 100u}) {
        INFO("length " << len);
        Bytes msg(len);
        for (std::size_t i = 0; i < len; ++i) msg[i] = static_cast<std::uint8_t>(i * 7 + 1);
        Bytes ct = aes256_cbc_encrypt(cbc_key, cbc_iv, msg);
        CHECK(ct.size() == (len / 16 + 1) * 16);
        SecretBytes pt = aes256_cbc_decrypt(cbc_key, cbc_iv, ct);
        CHECK(Bytes(pt.begin(), pt.end()) == msg);
    }
    // Under a wrong key the last block decrypts to garbage, so its padding is rejected (inputs
    // are fixed, so this is deterministic, not a 1-in-256 chance per run).
    Bytes ct = aes256_cbc_encrypt(cbc_key, cbc_iv, as_bytes("attack at dawn"));
    REQUIRE_THROWS_CODE(aes256_cbc_decrypt(flip(cbc_key, 0), cbc_iv, ct), Errc::decrypt_failed);
    REQUIRE_THROWS_CODE(aes256_cbc_decrypt(cbc_key, cbc_iv, ByteView(ct).first(8)), Errc::bad_length);
    REQUIRE_THROWS_CODE(aes256_cbc_decrypt(cbc_key, cbc_iv, {}), Errc::bad_length);
    REQUIRE_THROWS_CODE(aes256_cbc_encrypt(Bytes(16), cbc_iv, cbc_plain), Errc::bad_length);
    REQUIRE_THROWS_CODE(aes256_cbc_encrypt(cbc_key, Bytes(12), cbc_plain), Errc::bad_length);
}

TEST_CASE("AES-256-GCM test vectors", "[crypto][aes]") {
    SECTION("test case 13: empty plaintext") {
        CHECK(hex_encode(aes256_gcm_seal(Bytes(32), Bytes(12), {}, {})) == "530f8afbc74536b9a963b4f1c4cb738b");
    }
    SECTION("test case 14: one zero block") {
        CHECK(hex_encode(aes256_gcm_seal(Bytes(32), Bytes(12), {}, Bytes(16))) ==
              "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919");
    }
    const Bytes key = hex_decode("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
    const Bytes plain = hex_decode(
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
        "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
    const Bytes aad = hex_decode("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    SECTION("test case 16: AAD, 96-bit IV") {
        Bytes iv = hex_decode("cafebabefacedbaddecaf888");
        Bytes sealed = aes256_gcm_seal(key, iv, aad, plain);
        CHECK(hex_encode(sealed) ==
              "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
              "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
              "76fc6ece0f4e1768cddf8853bb2d551b");
        SecretBytes opened = aes256_gcm_open(key, iv, aad, sealed);
        CHECK(Bytes(opened.begin(), opened.end()) == plain);
        REQUIRE_THROWS_CODE(aes256_gcm_open(key, iv, aad, flip(sealed, 0)), Errc::decrypt_failed);
        REQUIRE_THROWS_CODE(aes256_gcm_open(key, iv, aad, flip(sealed, sealed.size() - 1)),
                            Errc::decrypt_failed);
        REQUIRE_THROWS_CODE(aes256_gcm_open(key, iv, flip(aad, 19), sealed), Errc::decrypt_failed);
        REQUIRE_THROWS_CODE(aes256_gcm_open(key, iv, aad, Bytes(10)), Errc::bad_length);
    }
    SECTION("test case 17: 64-bit IV") {
        Bytes iv = hex_decode("cafebabefacedbad");
        Bytes sealed = aes256_gcm_seal(key, iv, aad, plain);
        CHECK(hex_encode(sealed) ==
              "c3762df1ca787d32ae47c13bf19844cbaf1ae14d0b976afac52ff7d79bba9de0"
              "feb582d33934a4f0954cc2363bc73f7862ac430e64abe499f47c9b1f"
              "3a337dbf46a792c45e454913fe2ea8f2");
        SecretBytes opened = aes256_gcm_open(key, iv, aad, sealed);
        CHECK(Bytes(opened.begin(), opened.end()) == plain);
    }
    REQUIRE_THROWS_CODE(aes256_gcm_seal(Bytes(32), {}, {}, {}), Errc::bad_length);
    REQUIRE_THROWS_CODE(aes256_gcm_seal(Bytes(24), Bytes(12), {}, {}), Errc::bad_length);
}

TEST_CASE("AES-128 block cipher SP 800-38A F.1.1 and F.1.2", "[crypto][aes][boltcard]") {
    const Bytes key = hex_decode("2b7e151628aed2a6abf7158809cf4f3c");
    const char* const plain[] = {"6bc1bee22e409f96e93d7e117393172a", "ae2d8a571e03ac9c9eb76fac45af8e51",
                                 "30c81c46a35ce411e5fbc1191a0a52ef", "f69f2445df4f9b17ad2b417be66c3710"};
    const char* const cipher[] = {"3ad77bb40d7a3660a89ecaf32466ef97", "f5d3d58503b9699de785895a96fdbaaf",
                                  "43b1cd7f598ece23881b00e3ed030688", "7b0c785e27e8ad3f8223207104725dd4"};
    for (int i = 0; i < 4; ++i) {
        INFO("block " << i);
        CHECK(hex_encode(aes128_encrypt_block(key, hex_decode(plain[i]))) == cipher[i]);
        CHECK(hex_encode(aes128_decrypt_block(key, hex_decode(cipher[i]))) == plain[i]);
    }
    REQUIRE_THROWS_CODE(aes128_encrypt_block(Bytes(32, 0), Bytes(16, 0)), Errc::bad_length);
    REQUIRE_THROWS_CODE(aes128_decrypt_block(key, Bytes(15, 0)), Errc::bad_length);
    REQUIRE_THROWS_CODE(aes128_decrypt_block(key, Bytes(32, 0)), Errc::bad_length);
}
