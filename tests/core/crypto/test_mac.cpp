// HMAC-SHA256 / HMAC-SHA512: RFC 4231 test cases 1, 2, 3, 4, 6 and 7 (case 5 is truncated output).
// AES-128-CMAC: RFC 4493 section 4, examples 1 to 4.
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/hex.hpp"
#include "core/crypto/mac.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::crypto;
using flash::codec::hex_decode;
using flash::codec::hex_encode;

TEST_CASE("HMAC RFC 4231 vectors", "[crypto][mac]") {
    struct V {
        Bytes key;
        Bytes data;
        const char* sha256;
        const char* sha512;
    };
    const Bytes aa131(131, 0xaa);
    const V vectors[] = {
        {Bytes(20, 0x0b), hex_decode("4869205468657265"),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
         "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
         "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"},
        {hex_decode("4a656665"), Bytes(as_bytes("what do ya want for nothing?").begin(),
                                       as_bytes("what do ya want for nothing?").end()),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
         "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
         "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
        {Bytes(20, 0xaa), Bytes(50, 0xdd),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
         "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
         "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"},
        {hex_decode("0102030405060708090a0b0c0d0e0f10111213141516171819"), Bytes(50, 0xcd),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
         "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
         "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"},
        {aa131, hex_decode("54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a"
                           "65204b6579202d2048617368204b6579204669727374"),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
         "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
         "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"},
        {aa131, hex_decode("5468697320697320612074657374207573696e672061206c6172676572207468"
                           "616e20626c6f636b2d73697a65206b657920616e642061206c61726765722074"
                           "68616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565"
                           "647320746f20626520686173686564206265666f7265206265696e6720757365"
                           "642062792074686520484d414320616c676f726974686d2e"),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
         "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
         "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"},
    };
    int n = 0;
    for (const V& v : vectors) {
        INFO("vector " << n++);
        CHECK(hex_encode(hmac_sha256(v.key, v.data)) == v.sha256);
        CHECK(hex_encode(hmac_sha512(v.key, v.data)) == v.sha512);
    }
}

TEST_CASE("HmacSha256 keyed once serves many messages, in parts", "[crypto][mac]") {
    // RFC 4231 case 2 with the message split three ways, then again with the same object.
    const HmacSha256 jefe(as_bytes("Jefe"));
    for (int round = 0; round < 2; ++round) {
        CHECK(hex_encode(jefe.mac({as_bytes("what do ya "), {}, as_bytes("want for nothing?")})) ==
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
    // RFC 4231 case 6: a 131-byte key is hashed first; data longer than a block.
    const Bytes data(200, 0x5a);
    CHECK(HmacSha256(Bytes(131, 0xaa)).mac({data}) == hmac_sha256(Bytes(131, 0xaa), data));
    CHECK(HmacSha256({}).mac({}) == hmac_sha256({}, {}));
}

TEST_CASE("HMAC with an empty key and empty data", "[crypto][mac]") {
    // Python: hmac.new(b"", b"", "sha256").hexdigest()
    CHECK(hex_encode(hmac_sha256({}, {})) ==
          "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
    // A zero-length key equals a block of zero bytes (the key is zero-padded).
    CHECK(hmac_sha512({}, as_bytes("x")) == hmac_sha512(Bytes(128, 0), as_bytes("x")));
    CHECK(hmac_sha256(as_bytes("k1"), as_bytes("m")) != hmac_sha256(as_bytes("k2"), as_bytes("m")));
}

TEST_CASE("AES-CMAC RFC 4493 examples", "[crypto][mac][cmac][boltcard]") {
    const Bytes key = hex_decode("2b7e151628aed2a6abf7158809cf4f3c");
    const Bytes message = hex_decode(
        "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
        "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
    struct V {
        std::size_t length;  // of the message prefix: empty, one block, partial last block, four blocks
        const char* mac;
    };
    const V vectors[] = {{0, "bb1d6929e95937287fa37d129b756746"},
                         {16, "070a16b46b4d4144f79bdd9dd04a287c"},
                         {40, "dfa66747de9ae63030ca32611497c827"},
                         {64, "51f0bebf7e3b9d92fc49741779363cfe"}};
    for (const V& v : vectors) {
        INFO("message length " << v.length);
        CHECK(hex_encode(aes128_cmac(key, ByteView(message).first(v.length))) == v.mac);
    }
}

TEST_CASE("AES-CMAC keys, lengths and independence of calls", "[crypto][mac][cmac][boltcard]") {
    const Bytes key = hex_decode("2b7e151628aed2a6abf7158809cf4f3c");
    REQUIRE_THROWS_CODE(aes128_cmac(Bytes(15, 0), {}), Errc::bad_length);
    REQUIRE_THROWS_CODE(aes128_cmac(Bytes(32, 0), {}), Errc::bad_length);
    REQUIRE_THROWS_CODE(aes128_cmac({}, {}), Errc::bad_length);
    // The all-zero key the internal template is keyed with must not leak into other calls.
    CHECK(aes128_cmac(Bytes(16, 0), {}) != aes128_cmac(key, {}));
    CHECK(hex_encode(aes128_cmac(key, {})) == "bb1d6929e95937287fa37d129b756746");
    CHECK(aes128_cmac(key, as_bytes("a")) != aes128_cmac(key, as_bytes("b")));
}
