// BIP-32: test vectors 1-4 (every path, private and public derivation), vector 5 (invalid keys),
// paths and versions.
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "core/codec/hex.hpp"
#include "core/keys/bip32.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using flash::Errc;
using flash::codec::hex_decode;
using flash::codec::hex_encode;
using flash::test::require_error;
using namespace flash::keys;

TEST_CASE("BIP-32 vectors 1-4", "[keys][bip32]") {
    const auto file = flash::test::load_vector_json("bitcoin/bip32-test-vectors.json");
    std::size_t chains = 0;
    for (const auto& vector : file.at("vectors")) {
        if (!vector.contains("seed_hex")) continue;
        const auto master = ExtendedKey::from_seed(hex_decode(vector.at("seed_hex").get<std::string>()));
        for (const auto& chain : vector.at("chains")) {
            const std::string path = chain.at("path"), xprv = chain.at("ext_prv"), xpub = chain.at("ext_pub");
            INFO("vector " << vector.at("vector") << " path " << path);
            const ExtendedKey key = master.derive_path(path);
            CHECK(key.to_base58() == xprv);
            CHECK(key.neuter().to_base58() == xpub);
            CHECK(key.to_base58(xprv_xpub) == xprv);

            // Parsing round-trips and keeps every field.
            const ExtendedKey parsed_prv = ExtendedKey::parse(xprv);
            const ExtendedKey parsed_pub = ExtendedKey::parse(xpub);
            CHECK(parsed_prv.is_private());
            CHECK_FALSE(parsed_pub.is_private());
            CHECK(parsed_prv.to_base58() == xprv);
            CHECK(parsed_prv.neuter().to_base58() == xpub);
            CHECK(parsed_pub.to_base58() == xpub);
            CHECK(parsed_pub.public_key() == key.public_key());
            CHECK(parsed_prv.secret_key().array() == key.secret_key().array());
            CHECK(parsed_pub.depth() == key.depth());
            CHECK(parsed_pub.child_number() == key.child_number());
            CHECK(parsed_pub.parent_fingerprint() == key.parent_fingerprint());

            // Public derivation of a normal child from the parent's xpub gives the same key.
            const auto slash = path.rfind('/');
            if (slash != std::string::npos && path.back() != '\'') {
                const std::uint32_t index = static_cast<std::uint32_t>(std::stoul(path.substr(slash + 1)));
                const ExtendedKey parent_pub = master.derive_path(path.substr(0, slash)).neuter();
                CHECK(parent_pub.derive_child(index).to_base58() == xpub);
                CHECK(ExtendedKey::parse(parent_pub.to_base58()).derive_child(index).to_base58() == xpub);
            }
            ++chains;
        }
    }
    CHECK(chains == 6 + 6 + 2 + 3);
}

TEST_CASE("BIP-32 vector 5: invalid extended keys", "[keys][bip32]") {
    const std::map<std::string, Errc> expected = {
        {"pubkey version / prvkey mismatch", Errc::bad_extended_key},
        {"prvkey version / pubkey mismatch", Errc::bad_extended_key},
        {"invalid pubkey prefix 04", Errc::bad_extended_key},
        {"invalid prvkey prefix 04", Errc::bad_extended_key},
        {"invalid pubkey prefix 01", Errc::bad_extended_key},
        {"invalid prvkey prefix 01", Errc::bad_extended_key},
        {"zero depth with non-zero parent fingerprint", Errc::bad_extended_key},
        {"zero depth with non-zero index", Errc::bad_extended_key},
        {"unknown extended key version", Errc::bad_extended_key},
        {"private key 0 not in 1..n-1", Errc::bad_secret_key},
        {"private key n not in 1..n-1", Errc::bad_secret_key},
        {"invalid pubkey 020000000000000000000000000000000000000000000000000000000000000007",
         Errc::bad_public_key},
        {"invalid checksum", Errc::bad_checksum},
    };
    const auto file = flash::test::load_vector_json("bitcoin/bip32-test-vectors.json");
    std::size_t checked = 0;
    for (const auto& vector : file.at("vectors")) {
        if (!vector.contains("invalid_extended_keys")) continue;
        for (const auto& entry : vector.at("invalid_extended_keys")) {
            const std::string reason = entry.at("reason"), key = entry.at("key");
            INFO(reason << ": " << key);
            REQUIRE(expected.count(reason) == 1);
            require_error(expected.at(reason), [&] { ExtendedKey::parse(key); });
            ++checked;
        }
    }
    CHECK(checked == 16);
}

TEST_CASE("derivation paths", "[keys][bip32]") {
    const auto parsed = parse_derivation_path("m/84'/0h/0H/1/2147483647");
    CHECK(parsed.absolute);
    CHECK(parsed.indices ==
          std::vector<std::uint32_t>{84 | hardened, hardened, hardened, 1, 2147483647u});
    CHECK(format_derivation_path(parsed.indices) == "m/84'/0'/0'/1/2147483647");
    CHECK(parse_derivation_path("m").indices.empty());
    CHECK_FALSE(parse_derivation_path("0/1'").absolute);
    for (const char* bad : {"", "/", "m/", "m//1", "m/1/", "m/x", "m/-1", "m/1''", "m/2147483648",
                            "m/99999999999", "m/m", "M/1", "m/1 ", "m/0x1", "m/h"}) {
        INFO(bad);
        require_error(Errc::bad_derivation_path, [&] { parse_derivation_path(bad); });
    }
}

TEST_CASE("derivation rules", "[keys][bip32]") {
    const auto master = ExtendedKey::from_seed(hex_decode("000102030405060708090a0b0c0d0e0f"));
    CHECK(hex_encode(master.fingerprint()) == "3442193e");
    CHECK(master.derive_path("m/0'").parent_fingerprint() == master.fingerprint());
    CHECK(master.derive_path("m/0h/1").to_base58() == master.derive_path("m/0'").derive_path("1").to_base58());

    const auto pub = master.neuter();
    require_error(Errc::bad_derivation_path, [&] { pub.derive_child(hardened); });
    require_error(Errc::bad_derivation_path, [&] { pub.derive_path("m/0'"); });
    require_error(Errc::bad_extended_key, [&] { pub.secret_key(); });
    require_error(Errc::bad_derivation_path, [&] { master.derive_path("m/0'").derive_path("m/1"); });
    CHECK(master.derive_path("m/0'").derive_path("1").depth() == 2);

    require_error(Errc::bad_length, [&] { ExtendedKey::from_seed(flash::Bytes(15, 1)); });
    require_error(Errc::bad_length, [&] { ExtendedKey::from_seed(flash::Bytes(65, 1)); });
    CHECK_NOTHROW(ExtendedKey::from_seed(flash::Bytes(64, 1)));

    // Depth is one byte.
    ExtendedKey deep = pub;
    for (int i = 0; i < 255; ++i) deep = deep.derive_child(0);
    CHECK(deep.depth() == 255);
    require_error(Errc::bad_derivation_path, [&] { deep.derive_child(0); });
}

TEST_CASE("extended key versions", "[keys][bip32]") {
    const auto master = ExtendedKey::from_seed(hex_decode("000102030405060708090a0b0c0d0e0f"));
    for (const auto& versions : {tprv_tpub, zprv_zpub, vprv_vpub}) {
        const std::string prv = master.to_base58(versions), pub = master.neuter().to_base58(versions);
        const auto parsed = ExtendedKey::parse(prv);
        CHECK(parsed.versions() == versions);
        CHECK(parsed.to_base58(versions) == prv);
        CHECK(parsed.to_base58() == master.to_base58());
        CHECK(ExtendedKey::parse(pub).versions() == versions);
        CHECK(ExtendedKey::parse(pub).public_key() == master.public_key());
    }
    CHECK(master.to_base58(tprv_tpub).starts_with("tprv"));
    CHECK(master.neuter().to_base58(tprv_tpub).starts_with("tpub"));
    CHECK(master.to_base58(zprv_zpub).starts_with("zprv"));
    CHECK(master.neuter().to_base58(zprv_zpub).starts_with("zpub"));
    CHECK(master.to_base58(vprv_vpub).starts_with("vprv"));
    CHECK(master.neuter().to_base58(vprv_vpub).starts_with("vpub"));

    require_error(Errc::bad_base58, [] { ExtendedKey::parse("xprv0OIl"); });
    require_error(Errc::bad_extended_key, [] { ExtendedKey::parse("1111111111111111111114oLvT2"); });
}
