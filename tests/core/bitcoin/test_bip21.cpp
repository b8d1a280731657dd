// BIP-21 "bitcoin:" URIs (with BIP-321's unified-QR additions) and the address check behind
// them. Addresses come from the BIP-173/350/84 vector files; the URI shapes from BIP-21's
// examples section.
#include <catch2/catch.hpp>
#include <string>

#include "core/bitcoin/bip21.hpp"
#include "core/codec/ascii.hpp"
#include "core/codec/base58.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using namespace flash;
using namespace flash::bitcoin::bip21;
using test::require_error;

namespace {

// A valid P2PKH address (BOLT 11's fallback example). BIP-21's own example address,
// 175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W, has a bad checksum, so the spec's URI shapes are used with
// this one.
constexpr const char* kP2pkh = "1RustyRX2oai4EYYDpQGWvEL62BBGqN9T";

// BIP-84's first receiving address of the "abandon ... about" wallet.
std::string bip84_address() {
    const auto file = test::load_vector_json("bitcoin/bip84-test-vectors.json");
    for (const auto& entry : file["entries"])
        if (entry["label"] == "Account 0, first receiving address") return entry["address"].get<std::string>();
    FAIL("no first receiving address in the BIP-84 vectors");
    return {};
}

}  // namespace

TEST_CASE("bip21: addresses of every kind and network", "[bitcoin][bip21]") {
    CHECK(parse_address(kP2pkh).network == keys::Network::mainnet);
    CHECK(parse_address("3EktnHQD7RiAE6uzMj2ZifT9YgRrkSgzQX").network == keys::Network::mainnet);  // BOLT 11 P2SH
    CHECK(parse_address("mk2QpYatsKicvFVuTAQLBryyccRXMUaGHP").network == keys::Network::testnet);  // BOLT 11 testnet
    const std::string segwit = bip84_address();
    CHECK(parse_address(segwit).network == keys::Network::mainnet);
    const Address upper = parse_address(codec::ascii_upper(segwit));
    CHECK(upper.text == segwit);  // QR codes carry bech32 in upper case; we keep lower case
    CHECK(parse_address("bc1pptdvg0d2nj99568qn6ssdy4cygnwuxgw2ukmnwgwz7jpqjz2kszse2s3lm").network ==
          keys::Network::mainnet);  // P2TR, BOLT 11 example

    // Every valid BIP-350 segwit address with a known hrp.
    const auto bip350 = test::load_vector_json("bitcoin/bip350-bech32m-test-vectors.json");
    std::size_t checked = 0;
    for (const auto& v : bip350["valid_segwit_addresses"]) {
        const std::string address = v["string"].get<std::string>();
        const std::string lower = codec::ascii_lower(address);
        if (!lower.starts_with("bc1") && !lower.starts_with("tb1")) continue;
        INFO(address);
        CHECK(parse_address(address).network == (lower.starts_with("bc1") ? keys::Network::mainnet : keys::Network::testnet));
        ++checked;
    }
    CHECK(checked >= 4);
    // And every invalid one is refused with a typed error.
    for (const auto& v : bip350["invalid_segwit_addresses"]) {
        const std::string address = v["string"].get<std::string>();
        INFO(address);
        CHECK(test::thrown_code([&] { parse_address(address); }).has_value());
    }
}

TEST_CASE("bip21: bad addresses", "[bitcoin][bip21]") {
    require_error(Errc::bad_checksum, [] { parse_address("175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W"); });  // BIP-21's example
    std::string broken = kP2pkh;
    broken.back() = 'X';
    require_error(Errc::bad_checksum, [&] { parse_address(broken); });
    require_error(Errc::bad_base58, [] { parse_address("0OIl"); });
    // A valid base58check payload with an unknown version byte (0x30: Litecoin P2PKH).
    const std::string litecoin = codec::base58check_encode(concat(Bytes{0x30}, Bytes(20, 7)));
    require_error(Errc::bad_address, [&] { parse_address(litecoin); });
    const std::string short_hash = codec::base58check_encode(concat(Bytes{0x00}, Bytes(19, 7)));
    require_error(Errc::bad_address, [&] { parse_address(short_hash); });
    require_error(Errc::bad_address, [] { parse_address("bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du"); });  // BIP-350: bad program length
}

TEST_CASE("bip21: the URI shapes of the spec's examples", "[bitcoin][bip21]") {
    const std::string base = std::string("bitcoin:") + kP2pkh;
    Uri uri = parse_uri(base);
    REQUIRE(uri.address);
    CHECK(uri.address->text == kP2pkh);
    CHECK_FALSE(uri.amount_sat);

    uri = parse_uri(base + "?label=Luke-Jr");
    CHECK(uri.label == "Luke-Jr");
    uri = parse_uri(base + "?amount=20.3&label=Luke-Jr");
    CHECK(uri.amount_sat == 2'030'000'000);
    uri = parse_uri(base + "?amount=50&label=Luke-Jr&message=Donation%20for%20project%20xyz");
    CHECK(uri.amount_sat == 5'000'000'000);
    CHECK(uri.message == "Donation for project xyz");
    require_error(Errc::bad_uri, [&] { parse_uri(base + "?req-somethingyoudontunderstand=50&req-somethingelseyoudontget=999"); });
    uri = parse_uri(base + "?somethingyoudontunderstand=50&somethingelseyoudontget=999");
    CHECK(uri.other == std::vector<codec::QueryParam>{{"somethingyoudontunderstand", "50"}, {"somethingelseyoudontget", "999"}});
}

TEST_CASE("bip21: amounts, case, unified QR and errors", "[bitcoin][bip21]") {
    const std::string base = std::string("BITCOIN:") + kP2pkh;
    CHECK(parse_uri(base + "?amount=0.00000001").amount_sat == 1);
    CHECK(parse_uri(base + "?amount=.5").amount_sat == 50'000'000);
    CHECK(parse_uri(base + "?amount=21000000").amount_sat == 2'100'000'000'000'000);
    CHECK(parse_uri(base + "?AMOUNT=1").amount_sat == 100'000'000);
    for (const char* bad : {"0.000000001", "1e3", "-1", "1,5", "", ".", "21000000.00000001", "999999999", "0x10"}) {
        INFO(bad);
        require_error(Errc::bad_uri, [&] { parse_uri(base + "?amount=" + bad); });
    }
    require_error(Errc::bad_uri, [&] { parse_uri(base + "?amount=1&amount=2"); });
    require_error(Errc::bad_uri, [&] { parse_uri(base + "?label=%zz"); });
    require_error(Errc::bad_uri, [&] { parse_uri(std::string("bitcoin-cash:") + kP2pkh); });
    require_error(Errc::bad_uri, [] { parse_uri("bitcoin:"); });
    require_error(Errc::bad_uri, [] { parse_uri("bitcoin:?label=nothing-to-pay"); });
    require_error(Errc::bad_checksum, [] { parse_uri("bitcoin:175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W?amount=50"); });

    // BIP-321: no address, only a Lightning invoice (the value is kept as given).
    const Uri lightning_only = parse_uri("bitcoin:?lightning=LNBC1XYZ");
    CHECK_FALSE(lightning_only.address);
    CHECK(lightning_only.lightning == "LNBC1XYZ");
}
