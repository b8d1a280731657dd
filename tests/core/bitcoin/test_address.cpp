#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/bitcoin/address.hpp"
#include "core/codec/bech32.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "support/vectors.hpp"
#include "support/errors.hpp"

using flash::Bytes;
using flash::Errc;
using flash::Error;
using namespace flash::bitcoin;
using flash::codec::hex_decode;
using flash::codec::hex_encode;

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The network an address in the vector files is meant for: the BIPs test with "bc" and "tb".
std::string network_of(const std::string& address) {
    return lower(address).rfind("tb1", 0) == 0 ? "tb" : "bc";
}

const char* const kFiles[] = {"bitcoin/bip173-bech32-test-vectors.json", "bitcoin/bip350-bech32m-test-vectors.json"};

// The error codes each "reason" in the vector files may produce. A reason not listed here fails the
// test, so a new kind of vector is noticed.
const std::map<std::string, std::set<Errc>> kExpected = {
    {"Invalid human-readable part", {Errc::bad_address}},
    {"Invalid checksum", {Errc::bad_checksum}},
    // The other variant's checksum is valid: the string decodes, the version/variant pair does not.
    {"Invalid checksum (Bech32 instead of Bech32m)", {Errc::bad_address}},
    {"Invalid checksum (Bech32m instead of Bech32)", {Errc::bad_address}},
    {"Invalid character in checksum", {Errc::bad_bech32}},
    {"Invalid witness version", {Errc::bad_address}},
    {"Invalid program length", {Errc::bad_address}},
    {"Invalid program length (1 byte)", {Errc::bad_address}},
    {"Invalid program length (41 bytes)", {Errc::bad_address}},
    {"Invalid program length for witness version 0 (per BIP141)", {Errc::bad_address}},
    {"Mixed case", {Errc::bad_bech32}},
    {"zero padding of more than 4 bits", {Errc::bad_address}},
    {"Non-zero padding in 8-to-5 conversion", {Errc::bad_address}},
    {"Empty data section", {Errc::bad_address}},
};

}  // namespace

TEST_CASE("segwit addresses: BIP-173/BIP-350 valid addresses", "[bitcoin][address]") {
    int superseded = 0;
    for (const char* path : kFiles) {
        const auto json = flash::test::load_vector_json(path);
        const auto& valid = json.at("valid_segwit_addresses");
        REQUIRE(valid.size() >= 6);
        for (const auto& entry : valid) {
            const std::string address = entry.at("string").get<std::string>();
            const std::string script_hex = entry.at("scriptPubKey_hex").get<std::string>();
            const std::string hrp = network_of(address);
            INFO(path << ": " << address);

            // BIP-173 predates BIP-350: its valid addresses with version 1+ carry a bech32 checksum,
            // which BIP-350 made invalid. The string itself still holds the expected program.
            const auto decoded = flash::codec::bech32_decode(address);
            REQUIRE(!decoded.data.empty());
            const SegwitProgram raw{decoded.data[0],
                                    flash::codec::convert_bits(Bytes(decoded.data.begin() + 1, decoded.data.end()), 5, 8, false)};
            CHECK(hex_encode(segwit_script_pubkey(raw)) == script_hex);
            if (raw.version != 0 && decoded.variant == flash::codec::Bech32Variant::bech32) {
                CHECK(std::string(path).find("bip173") != std::string::npos);
                CHECK(flash::test::thrown_code([&] { segwit_address_decode(hrp, address); }) == Errc::bad_address);
                ++superseded;
                continue;
            }

            const SegwitProgram program = segwit_address_decode(hrp, address);
            CHECK(program == raw);
            CHECK(hex_encode(segwit_script_pubkey(program)) == script_hex);
            CHECK(segwit_address_encode(hrp, program.version, program.program) == lower(address));
            // Also with the hrp in upper case.
            CHECK(segwit_address_decode(hrp == "bc" ? "BC" : "TB", address) == program);
            // The same address is not valid on the other network.
            CHECK(flash::test::thrown_code([&] { segwit_address_decode(hrp == "bc" ? "tb" : "bc", address); }) ==
                  Errc::bad_address);
        }
    }
    CHECK(superseded == 3);  // BIP-173's v1, v16 and v2 examples
}

TEST_CASE("segwit addresses: BIP-173/BIP-350 invalid addresses", "[bitcoin][address]") {
    for (const char* path : kFiles) {
        const auto json = flash::test::load_vector_json(path);
        const auto& invalid = json.at("invalid_segwit_addresses");
        REQUIRE(invalid.size() >= 10);
        for (const auto& entry : invalid) {
            const std::string address = entry.at("string").get<std::string>();
            const std::string reason = entry.at("reason").get<std::string>();
            INFO(path << ": " << address << " (" << reason << ")");
            const auto expected = kExpected.find(reason);
            REQUIRE(expected != kExpected.end());
            // Neither network accepts it.
            for (const char* hrp : {"bc", "tb"}) {
                const auto thrown = flash::test::thrown_code([&] { segwit_address_decode(hrp, address); });
                REQUIRE(thrown.has_value());
                const Errc code = *thrown;
                INFO("hrp " << hrp << ": " << flash::errc_name(code));
                if (hrp == network_of(address))
                    CHECK(expected->second.count(code) == 1);
                else
                    CHECK((expected->second.count(code) == 1 || code == Errc::bad_address));
            }
        }
    }
}

TEST_CASE("segwit addresses: encoding refuses invalid programs", "[bitcoin][address]") {
    const Bytes p20(20, 0x11), p32(32, 0x22);
    CHECK(segwit_address_decode("bc", segwit_address_encode("bc", 0, p20)).program == p20);
    CHECK(segwit_address_decode("bc", segwit_address_encode("bc", 0, p32)).program == p32);
    CHECK(flash::test::thrown_code([&] { segwit_address_encode("bc", 0, Bytes(21, 0)); }) == Errc::bad_address);
    CHECK(flash::test::thrown_code([&] { segwit_address_encode("bc", 0, Bytes(2, 0)); }) == Errc::bad_address);
    CHECK(flash::test::thrown_code([&] { segwit_address_encode("bc", 1, Bytes(1, 0)); }) == Errc::bad_address);
    CHECK(flash::test::thrown_code([&] { segwit_address_encode("bc", 1, Bytes(41, 0)); }) == Errc::bad_address);
    CHECK(flash::test::thrown_code([&] { segwit_address_encode("bc", 17, p32); }) == Errc::bad_address);
    for (unsigned version = 1; version <= 16; ++version) {
        for (std::size_t size : {std::size_t{2}, std::size_t{20}, std::size_t{32}, std::size_t{40}}) {
            INFO(version << " " << size);
            const Bytes program(size, static_cast<std::uint8_t>(version));
            const std::string address = segwit_address_encode("bcrt", version, program);
            CHECK(flash::codec::bech32_decode(address).variant == flash::codec::Bech32Variant::bech32m);
            const SegwitProgram decoded = segwit_address_decode("bcrt", address);
            CHECK(decoded.version == version);
            CHECK(decoded.program == program);
            const Bytes script = segwit_script_pubkey(decoded);
            CHECK(script.size() == 2 + size);
            CHECK(script[0] == 0x50 + version);
            CHECK(script[1] == size);
        }
    }
    CHECK(flash::test::thrown_code([&] { segwit_script_pubkey({17, p32}); }) == Errc::bad_address);
    CHECK(flash::test::thrown_code([&] { segwit_script_pubkey({0, Bytes(33, 0)}); }) == Errc::bad_address);
    CHECK(hex_encode(segwit_script_pubkey({0, p20})) == "0014" + hex_encode(p20));
}

TEST_CASE("P2WPKH addresses: BIP-84 test vectors", "[bitcoin][address]") {
    const auto json = flash::test::load_vector_json("bitcoin/bip84-test-vectors.json");
    int checked = 0;
    for (const auto& entry : json.at("entries")) {
        if (!entry.contains("address")) continue;
        const std::string address = entry.at("address").get<std::string>();
        INFO(address);
        const auto key = flash::codec::hex_decode_array<33>(entry.at("pubkey").get<std::string>());
        CHECK(p2wpkh_address("bc", key) == address);
        const SegwitProgram program = segwit_address_decode("bc", address);
        CHECK(program.version == 0);
        CHECK(program.program.size() == 20);
        ++checked;
    }
    CHECK(checked == 3);
}

TEST_CASE("P2TR addresses: BIP-86 test vectors", "[bitcoin][address]") {
    const auto json = flash::test::load_vector_json("bitcoin/bip86-test-vectors.json");
    int checked = 0;
    for (const auto& entry : json.at("entries")) {
        if (!entry.contains("address")) continue;
        const std::string address = entry.at("address").get<std::string>();
        INFO(address);
        const auto output_key = flash::codec::hex_decode_array<32>(entry.at("output_key").get<std::string>());
        CHECK(p2tr_address("bc", output_key) == address);
        const SegwitProgram program = segwit_address_decode("bc", address);
        CHECK(program.version == 1);
        CHECK(hex_encode(segwit_script_pubkey(program)) == entry.at("scriptPubKey").get<std::string>());
        ++checked;
    }
    CHECK(checked == 3);
}
