// NIP-06: every entry of nostr/nip06.vectors.json.
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/bech32.hpp"
#include "core/codec/hex.hpp"
#include "core/keys/bip32.hpp"
#include "core/keys/bip39.hpp"
#include "core/keys/nip06.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using flash::Errc;
using flash::codec::hex_encode;
using flash::test::require_error;
using namespace flash::keys;

namespace {

std::string nip19(std::string_view hrp, flash::ByteView bytes) {
    return flash::codec::bech32_encode_bytes(hrp, bytes, flash::codec::Bech32Variant::bech32);
}

}  // namespace

TEST_CASE("NIP-06 seed_to_key vectors", "[keys][nip06]") {
    const auto file = flash::test::load_vector_json("nostr/nip06.vectors.json");
    REQUIRE(file.at("seed_to_key").size() == 6);
    for (const auto& v : file.at("seed_to_key")) {
        const std::string mnemonic = v.at("mnemonic"), passphrase = v.at("passphrase");
        const auto account = v.at("account").get<std::uint32_t>();
        INFO(mnemonic << " / '" << passphrase << "' / account " << account);
        const NostrKeyPair pair = nip06_key_from_mnemonic(mnemonic, passphrase, account);
        CHECK(hex_encode(pair.secret_key.view()) == v.at("private_key_hex").get<std::string>());
        if (v.contains("public_key_hex"))
            CHECK(hex_encode(pair.public_key) == v.at("public_key_hex").get<std::string>());
        if (v.contains("nsec")) CHECK(nip19("nsec", pair.secret_key.view()) == v.at("nsec").get<std::string>());
        if (v.contains("npub")) CHECK(nip19("npub", pair.public_key) == v.at("npub").get<std::string>());

        const auto from_seed = nip06_key_from_seed(mnemonic_to_seed(mnemonic, passphrase).view(), account);
        CHECK(from_seed.secret_key.array() == pair.secret_key.array());
        CHECK(from_seed.public_key == pair.public_key);
    }
}

TEST_CASE("NIP-06 extended key vectors", "[keys][nip06]") {
    const auto file = flash::test::load_vector_json("nostr/nip06.vectors.json");
    REQUIRE(!file.at("extended_keys").empty());
    for (const auto& v : file.at("extended_keys")) {
        const auto account = v.at("extended_account").get<std::uint32_t>();
        const auto seed = mnemonic_to_seed(v.at("mnemonic").get<std::string>(),
                                           v.at("passphrase").get<std::string>());
        const ExtendedKey extended =
            ExtendedKey::from_seed(seed.view()).derive_path("m/44'/1237'/" + std::to_string(account) + "'");
        CHECK(extended.to_base58() == v.at("xprv").get<std::string>());
        CHECK(extended.neuter().to_base58() == v.at("xpub").get<std::string>());
        // The child at .../0/0 is the NIP-06 key of that account.
        const ExtendedKey child = extended.derive_path("0/0");
        CHECK(hex_encode(child.secret_key().view()) == v.at("child_private_key_hex").get<std::string>());
        const NostrKeyPair pair = nip06_key_from_seed(seed.view(), account);
        CHECK(hex_encode(pair.secret_key.view()) == v.at("child_private_key_hex").get<std::string>());
        CHECK(hex_encode(pair.public_key) == v.at("child_public_key_hex").get<std::string>());
    }
}

TEST_CASE("NIP-06 input errors", "[keys][nip06]") {
    CHECK(nip06_path(7) == "m/44'/1237'/7'/0/0");
    require_error(Errc::bad_derivation_path, [] { nip06_path(hardened); });
    require_error(Errc::bad_checksum, [] {
        nip06_key_from_mnemonic("zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo");
    });
    require_error(Errc::bad_mnemonic, [] { nip06_key_from_mnemonic("leader monkey parrot"); });
    require_error(Errc::bad_length, [] { nip06_key_from_seed(flash::Bytes(8, 0)); });
}
