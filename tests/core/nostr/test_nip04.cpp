// NIP-04: every vector of nostr/nip04.vectors.json (decrypted by both parties), round trips, and
// strict rejection of malformed content.
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/base64.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/nostr/nip04.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using flash::Bytes;
using flash::Errc;
using flash::codec::hex_decode;
using flash::codec::hex_decode_array;
using flash::test::require_error;
using namespace flash::nostr;
namespace crypto = flash::crypto;

namespace {

crypto::SecretKey key_from_hex(const std::string& hex) { return crypto::secret_key_from(hex_decode(hex)); }

}  // namespace

TEST_CASE("NIP-04 decrypt vectors", "[nostr][nip04]") {
    const auto file = flash::test::load_vector_json("nostr/nip04.vectors.json");
    REQUIRE(file.at("decrypt").size() == 2);
    for (const auto& v : file.at("decrypt")) {
        const std::string content = v.at("content");
        INFO(content.substr(0, 40));
        const std::string expected = v.contains("plaintext")
                                         ? v.at("plaintext").get<std::string>()
                                         : std::string(v.at("plaintext_repeat").get<std::size_t>(),
                                                       v.at("plaintext_pattern").get<std::string>().at(0));
        if (v.contains("plaintext_pattern")) REQUIRE(v.at("plaintext_pattern").get<std::string>().size() == 1);
        const auto sender = key_from_hex(v.at("sender_private_key_hex"));
        const auto recipient = key_from_hex(v.at("recipient_private_key_hex"));
        const auto sender_pub = hex_decode_array<32>(v.at("sender_public_key_hex").get<std::string>());
        const auto recipient_pub = hex_decode_array<32>(v.at("recipient_public_key_hex").get<std::string>());
        REQUIRE(crypto::xonly_public_key(sender).key == sender_pub);
        REQUIRE(crypto::xonly_public_key(recipient).key == recipient_pub);

        CHECK(std::string_view(nip04_decrypt(content, recipient, sender_pub)) == expected);
        CHECK(std::string_view(nip04_decrypt(content, sender, recipient_pub)) == expected);  // the sender's own copy
        // Re-encrypting with the vector's IV reproduces the content byte for byte.
        const std::string iv_b64 = content.substr(content.find("?iv=") + 4);
        const auto iv = flash::codec::base64_decode(iv_b64);
        flash::ByteArray<16> iv16{};
        std::copy(iv.begin(), iv.end(), iv16.begin());
        CHECK(nip04_encrypt(expected, sender, recipient_pub, iv16) == content);
    }
}

TEST_CASE("NIP-04 round trip and wrong key", "[nostr][nip04]") {
    const auto alice = key_from_hex("0000000000000000000000000000000000000000000000000000000000000001");
    const auto bob = key_from_hex("0000000000000000000000000000000000000000000000000000000000000002");
    const auto eve = key_from_hex("0000000000000000000000000000000000000000000000000000000000000003");
    const auto alice_pub = crypto::xonly_public_key(alice).key;
    const auto bob_pub = crypto::xonly_public_key(bob).key;
    for (const std::string& text : {std::string("hi"), std::string(""), std::string(16, 'x'), std::string(1000, 'y')}) {
        const std::string content = nip04_encrypt(text, alice, bob_pub);
        CHECK(std::string_view(nip04_decrypt(content, bob, alice_pub)) == text);
        CHECK(nip04_encrypt(text, alice, bob_pub) != content);  // fresh IV
    }
    // Without authentication a wrong key shows up as bad padding almost always, else as garbage.
    const std::string content = nip04_encrypt("secret message", alice, bob_pub);
    try {
        const auto garbage = nip04_decrypt(content, eve, alice_pub);
        CHECK(std::string_view(garbage) != "secret message");
    } catch (const flash::Error& e) {
        CHECK(e.code() == Errc::decrypt_failed);
    }
}

TEST_CASE("NIP-04 rejects malformed content", "[nostr][nip04]") {
    const auto alice = key_from_hex("0000000000000000000000000000000000000000000000000000000000000001");
    const auto bob_pub = crypto::xonly_public_key(key_from_hex(
        "0000000000000000000000000000000000000000000000000000000000000002")).key;
    // A fixed IV: with a random one, the corrupted block below would still end in valid padding
    // once in ~256 runs.
    const std::string good = nip04_encrypt("hello", alice, bob_pub, flash::ByteArray<16>{});
    const std::string ct = good.substr(0, good.find("?iv="));
    const std::string iv = good.substr(good.find("?iv=") + 4);
    const std::string bad[] = {
        "",
        ct,                                    // no IV
        ct + "?iv=",                           // empty IV
        "?iv=" + iv,                           // empty ciphertext
        ct + "?IV=" + iv,                      // wrong separator
        ct + "?iv=" + iv + "?iv=" + iv,        // two IVs
        ct + " ?iv=" + iv,                     // whitespace
        ct + "?iv=" + iv + "\n",
        ct + "?iv=AAAAAAAAAAAAAAAAAAAA",       // 15-byte IV
        ct + "?iv=" + iv + "AAAA",             // 19-byte IV
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAA?iv=" + iv,  // 21-byte ciphertext
        ct.substr(1) + "?iv=" + iv,            // broken base64
        "zJxfaJ32rN5Dg1ODjOlEew==?iv=EV5bUjcc4OX2Km/zPp4ndQ==?",
    };
    for (const std::string& content : bad) {
        INFO('"' << content << '"');
        require_error(Errc::bad_payload, [&] { nip04_decrypt(content, alice, bob_pub); });
    }
    // Well-formed but corrupted: the last block's padding no longer checks out.
    Bytes raw = flash::codec::base64_decode(ct);
    raw.back() ^= 0xFF;
    const std::string corrupted = flash::codec::base64_encode(raw) + "?iv=" + iv;
    require_error(Errc::decrypt_failed, [&] { nip04_decrypt(corrupted, alice, bob_pub); });
    // Keys: a pubkey that is no point's x.
    flash::ByteArray<32> not_a_point{};
    require_error(Errc::bad_public_key, [&] { nip04_decrypt(good, alice, not_a_point); });
}
