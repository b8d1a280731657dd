// SHA-256/SHA-512 (FIPS 180 / RFC 6234 examples), RIPEMD-160 (the vectors of the RIPEMD-160
// paper), HASH160, double SHA-256 and BIP-340 tagged hashes.
#include <catch2/catch.hpp>
#include <algorithm>
#include <string>

#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"

using namespace flash;
using namespace flash::crypto;
using flash::codec::hex_decode;
using flash::codec::hex_encode;

namespace {

const std::string million_a(1000000, 'a');
const char* const abc_448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

}  // namespace

TEST_CASE("SHA-256 FIPS 180 vectors", "[crypto][hash]") {
    CHECK(hex_encode(sha256(as_bytes(""))) ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(hex_encode(sha256(as_bytes("abc"))) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(hex_encode(sha256(as_bytes(abc_448))) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(hex_encode(sha256(as_bytes(million_a))) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-512 FIPS 180 vectors", "[crypto][hash]") {
    CHECK(hex_encode(sha512(as_bytes(""))) ==
          "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
          "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
    CHECK(hex_encode(sha512(as_bytes("abc"))) ==
          "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
          "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    CHECK(hex_encode(sha512(as_bytes("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                                     "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"))) ==
          "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
          "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
}

TEST_CASE("RIPEMD-160 paper vectors", "[crypto][hash]") {
    struct V {
        std::string msg;
        const char* digest;
    };
    const V vectors[] = {
        {"", "9c1185a5c5e9fc54612808977ee8f548b2258d31"},
        {"a", "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe"},
        {"abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"},
        {"message digest", "5d0689ef49d2fae572b881b123a85ffa21595f36"},
        {"abcdefghijklmnopqrstuvwxyz", "f71c27109c692c1b56bbdceb5b9d2865b3708dbc"},
        {abc_448, "12a053384a9c0c88e405a06c27dcf49ada62eb2b"},
        {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
         "b0e20b6e3116640286ed3a87a5713079b21f5189"},
        {"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
         "9b752e45573d4b39f4dbd3323cab82bf63326bfb"},
        {million_a, "52783243c1697bdbe16d37f97f68f08325dc1528"},
    };
    for (const V& v : vectors) {
        INFO("message length " << v.msg.size());
        CHECK(hex_encode(ripemd160(as_bytes(v.msg))) == v.digest);
    }
}

TEST_CASE("RIPEMD-160 padding boundaries", "[crypto][hash]") {
    // Lengths 55, 56, 63, 64, 119 and 120 put the length field in one or two final blocks.
    // Expected digests from Python's hashlib.new("ripemd160").
    struct V {
        std::size_t n;
        const char* digest;
    };
    const V vectors[] = {{55, "c35538a4ab9792cab98479aa3ae2cc435c699b64"},
                         {56, "af13b5ead9b74a9a6b97c4a612ddfd0baf61ff11"},
                         {63, "9a195cb1828886c55c6dfe9e042399833dfbcd00"},
                         {64, "bab3f04cc25d952a882718636600f5b22307ac41"},
                         {119, "96e1ae9b6b79fa79e7eb3097e35b64399176d7e0"},
                         {120, "78dbb5007c86a1da8bdeb77419000efbdf277e9c"}};
    for (const V& v : vectors) {
        INFO("length " << v.n);
        CHECK(hex_encode(ripemd160(as_bytes(std::string(v.n, 'x')))) == v.digest);
    }
}

TEST_CASE("HASH160 and double SHA-256", "[crypto][hash]") {
    // BIP-173: the P2WPKH program of the generator point's compressed key.
    Bytes g = hex_decode("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    CHECK(hex_encode(hash160(g)) == "751e76e8199196d454941c45d1b3a323f1433bd6");

    // The genesis block header hashes to the well-known block id (displayed byte-reversed).
    Bytes header = hex_decode(
        "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac7"
        "2c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c");
    Hash256 id = sha256d(header);
    std::reverse(id.begin(), id.end());
    CHECK(hex_encode(id) == "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
}

TEST_CASE("BIP-340 tagged hash", "[crypto][hash]") {
    Bytes data = hex_decode("00112233");
    Hash256 t = sha256(as_bytes("BIP0340/challenge"));
    CHECK(tagged_hash("BIP0340/challenge", data) == sha256(concat(t, t, data)));
    CHECK(tagged_hash("BIP0340/challenge", data) != tagged_hash("BIP0340/aux", data));
}

TEST_CASE("Incremental SHA-256 matches the one-shot digest", "[crypto][hash]") {
    Sha256 h;
    ByteView all = as_bytes(million_a);
    // Uneven pieces cross block boundaries.
    std::size_t pos = 0, step = 1;
    while (pos < all.size()) {
        std::size_t n = std::min(step, all.size() - pos);
        h.update(all.subspan(pos, n));
        pos += n;
        step = step * 3 + 1;
    }
    CHECK(hex_encode(h.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");

    Sha256 empty;
    CHECK(hex_encode(empty.update({}).finalize()) ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("A copied SHA-256 state continues independently", "[crypto][hash]") {
    // HMAC keeps a key's prefix this way: both copies must finish as if hashed from scratch.
    Sha256 prefix;
    prefix.update(as_bytes(std::string(70, 'p')));
    Sha256 a = prefix, b = prefix;
    a.update(as_bytes("abc"));
    b.update(as_bytes(million_a));
    CHECK(a.finalize() == sha256(as_bytes(std::string(70, 'p') + "abc")));
    CHECK(b.finalize() == sha256(as_bytes(std::string(70, 'p') + million_a)));
    // Padding boundaries: 55 bytes fit one final block, 56 to 63 need two.
    for (std::size_t n : {55u, 56u, 63u, 64u, 119u, 120u}) {
        INFO(n << " bytes");
        const std::string text(n, 'q');
        Sha256 split;
        split.update(as_bytes(text).first(n / 2)).update(as_bytes(text).subspan(n / 2));
        CHECK(split.finalize() == sha256(as_bytes(text)));
    }
    CHECK(hex_encode(sha256(as_bytes(std::string(64, 'a')))) ==
          "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}
