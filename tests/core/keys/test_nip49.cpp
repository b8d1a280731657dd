// NIP-49: every decrypt vector of nostr/nip49.vectors.json, round trips, wrong passwords and
// corrupted strings.
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/bech32.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/keys/nip49.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using flash::Bytes;
using flash::Errc;
using flash::codec::hex_decode;
using flash::codec::hex_encode;
using flash::test::require_error;
using namespace flash::keys;
namespace codec = flash::codec;

namespace {

Bytes payload_of(const std::string& ncryptsec) {
    return codec::convert_bits(codec::bech32_decode(ncryptsec, 200).data, 5, 8, false);
}

std::string encode(const Bytes& payload, std::string_view hrp = "ncryptsec",
                   codec::Bech32Variant variant = codec::Bech32Variant::bech32) {
    return codec::bech32_encode_bytes(hrp, payload, variant, 300);
}

flash::crypto::SecretKey key_from_hex(std::string_view hex) {
    return flash::crypto::secret_key_from(hex_decode(hex));
}

}  // namespace

TEST_CASE("NIP-49 decrypt vectors", "[keys][nip49]") {
    const auto file = flash::test::load_vector_json("nostr/nip49.vectors.json");
    REQUIRE(file.at("decrypt").size() >= 10);
    for (const auto& v : file.at("decrypt")) {
        const std::string ncryptsec = v.at("ncryptsec"), password = v.at("password");
        INFO(ncryptsec << " / log_n " << v.at("log_n"));
        const auto key = ncryptsec_decrypt(ncryptsec, password);
        CHECK(hex_encode(key.view()) == v.at("private_key_hex").get<std::string>());
        const NcryptsecInfo info = ncryptsec_inspect(ncryptsec);
        CHECK(info.log_n == v.at("log_n").get<int>());
        if (v.contains("key_security_byte"))
            CHECK(static_cast<int>(info.key_security) == v.at("key_security_byte").get<int>());
        // Re-encrypting with the same salt and nonce reproduces the string.
        CHECK(ncryptsec_encrypt_with(key, password, info.log_n, info.key_security, info.salt, info.nonce) ==
              ncryptsec);
    }
}

TEST_CASE("NIP-49 round trip and wrong password", "[keys][nip49]") {
    const auto key = key_from_hex("3501454135014541350145413501453fefb02227e449e57cf4d3a3ce05378683");
    for (const KeySecurity security :
         {KeySecurity::known_insecure, KeySecurity::not_known_insecure, KeySecurity::untracked}) {
        const std::string encrypted = ncryptsec_encrypt(key, "correct horse", 4, security);
        CHECK(encrypted.starts_with("ncryptsec1"));
        CHECK(encrypted.size() == 162);
        CHECK(ncryptsec_inspect(encrypted).key_security == security);
        CHECK(ncryptsec_inspect(encrypted).log_n == 4);
        CHECK(ncryptsec_decrypt(encrypted, "correct horse").array() == key.array());
        require_error(Errc::decrypt_failed, [&] { ncryptsec_decrypt(encrypted, "correct horsf"); });
        require_error(Errc::decrypt_failed, [&] { ncryptsec_decrypt(encrypted, ""); });
        // Fresh salt and nonce every time.
        CHECK(ncryptsec_encrypt(key, "correct horse", 4, security) != encrypted);
    }
    // The default cost (log_n 16, 64 MiB) and an NFKC-equivalent password.
    const std::string encrypted = ncryptsec_encrypt(key, "\xE2\x84\xAB");  // U+212B ANGSTROM SIGN
    CHECK(ncryptsec_inspect(encrypted).log_n == 16);
    CHECK(ncryptsec_inspect(encrypted).key_security == KeySecurity::untracked);
    CHECK(ncryptsec_decrypt(encrypted, "\xC3\x85").array() == key.array());  // U+00C5

    require_error(Errc::bad_ncryptsec, [&] { ncryptsec_encrypt(key, "pw", 0); });
    require_error(Errc::bad_ncryptsec, [&] { ncryptsec_encrypt(key, "pw", 23); });
    require_error(Errc::bad_ncryptsec,
                  [&] { ncryptsec_encrypt(key, "pw", 4, static_cast<KeySecurity>(3)); });
    require_error(Errc::bad_utf8, [&] { ncryptsec_encrypt(key, "\xFF", 4); });
}

TEST_CASE("NIP-49 corrupted strings", "[keys][nip49]") {
    const auto key = key_from_hex("14c226dbdd865d5e1645e72c7470fd0a17feb42cc87b750bab6538171b3a3f8a");
    const flash::ByteArray<16> salt{1, 2, 3};
    const flash::ByteArray<24> nonce{4, 5, 6};
    const std::string good = ncryptsec_encrypt_with(key, "pw", 2, KeySecurity::known_insecure, salt, nonce);
    const Bytes payload = payload_of(good);
    REQUIRE(payload.size() == 91);
    CHECK(ncryptsec_decrypt(encode(payload), "pw").array() == key.array());

    // Encoding errors.
    std::string flipped = good;
    flipped[20] = flipped[20] == 'q' ? 'p' : 'q';
    require_error(Errc::bad_checksum, [&] { ncryptsec_decrypt(flipped, "pw"); });
    std::string mixed = good;
    mixed[0] = 'N';
    require_error(Errc::bad_bech32, [&] { ncryptsec_decrypt(mixed, "pw"); });
    require_error(Errc::bad_bech32, [&] { ncryptsec_inspect(good + std::string(60, 'q')); });
    require_error(Errc::bad_bech32, [&] { ncryptsec_inspect("ncryptsec1"); });
    require_error(Errc::bad_bech32, [&] { ncryptsec_inspect(""); });

    // Well-encoded but not an ncryptsec payload.
    auto expect_bad = [&](const std::string& text) {
        INFO(text);
        require_error(Errc::bad_ncryptsec, [&] { ncryptsec_inspect(text); });
        require_error(Errc::bad_ncryptsec, [&] { ncryptsec_decrypt(text, "pw"); });
    };
    expect_bad(encode(payload, "nsec"));
    expect_bad(encode(payload, "ncryptsec", codec::Bech32Variant::bech32m));
    expect_bad(encode(Bytes(payload.begin(), payload.end() - 1)));
    Bytes longer = payload;
    longer.push_back(0);
    expect_bad(encode(longer));
    for (const auto& [offset, value] : std::initializer_list<std::pair<std::size_t, std::uint8_t>>{
             {0, 0x01}, {0, 0x03}, {1, 0}, {1, 23}, {1, 255}, {42, 3}, {42, 0xff}}) {
        Bytes changed = payload;
        changed[offset] = value;
        expect_bad(encode(changed));
    }

    // Tampering with authenticated fields, the ciphertext or the tag fails authentication.
    for (const std::size_t offset : {2u, 17u, 18u, 41u, 42u, 43u, 74u, 75u, 90u}) {
        Bytes changed = payload;
        changed[offset] ^= 1;
        INFO("byte " << offset);
        require_error(Errc::decrypt_failed, [&] { ncryptsec_decrypt(encode(changed), "pw"); });
    }
}
