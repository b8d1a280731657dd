// BOLT 11: every valid and invalid example of lightning/bolts 11-payment-encoding.md (as
// restructured in shared/vectors/bolt11/bolt11-test-vectors.json), decoded field by field and
// re-encoded with the spec's key; plus the writer's own rules.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "core/bitcoin/address.hpp"
#include "core/codec/base58.hpp"
#include "core/codec/bech32.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/lightning/bolt11.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using namespace flash;
using namespace flash::lightning::bolt11;
using codec::hex_decode;
using codec::hex_encode;
using nlohmann::json;

namespace {

constexpr const char* kVectors = "bolt11/bolt11-test-vectors.json";

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

crypto::SecretKey spec_key(const json& file) {
    return crypto::secret_key_from(hex_decode(file["common"]["signing_priv_key"].get<std::string>()));
}

// "BxTxO" → block << 40 | tx << 16 | output.
std::uint64_t scid(const std::string& text) {
    const auto x1 = text.find('x');
    const auto x2 = text.find('x', x1 + 1);
    return std::stoull(text.substr(0, x1)) << 40 | std::stoull(text.substr(x1 + 1, x2 - x1 - 1)) << 16 |
           std::stoull(text.substr(x2 + 1));
}

// The address a fallback stands for, on the invoice's network (mainnet or testnet here).
std::string fallback_address(Network network, const Fallback& f) {
    const bool main = network == Network::mainnet;
    if (f.version == 17 || f.version == 18) {
        const std::uint8_t prefix = f.version == 17 ? (main ? 0x00 : 0x6f) : (main ? 0x05 : 0xc4);
        return codec::base58check_encode(concat(Bytes{prefix}, f.program));
    }
    return bitcoin::segwit_address_encode(main ? "bc" : "tb", f.version, f.program);
}

// Checks every field the vector states (absent ones take the spec's defaults).
void check_expected(const json& expected, const SignedInvoice& decoded) {
    const Invoice& inv = decoded.invoice;
    CHECK("ln" + std::string(currency_prefix(inv.network)) == expected["network_prefix"].get<std::string>());
    if (expected["amount_msat"].is_null())
        CHECK_FALSE(inv.amount_msat.has_value());
    else
        CHECK(inv.amount_msat == expected["amount_msat"].get<std::uint64_t>());
    CHECK(inv.timestamp == expected["timestamp"].get<std::uint64_t>());
    CHECK(hex_encode(inv.payment_hash()) == expected["payment_hash"].get<std::string>());
    CHECK(hex_encode(inv.payment_secret()) == expected["payment_secret"].get<std::string>());

    if (expected.contains("description"))
        CHECK(inv.description() == expected["description"].get<std::string>());
    else
        CHECK_FALSE(inv.description().has_value());
    if (expected.contains("description_hash"))
        CHECK(hex_encode(*inv.description_hash()) == expected["description_hash"].get<std::string>());
    else
        CHECK_FALSE(inv.description_hash().has_value());

    CHECK(inv.expiry_seconds() == expected.value("expiry_seconds", std::uint64_t{3600}));
    CHECK(inv.min_final_cltv_expiry() == expected.value("min_final_cltv_expiry_delta", std::uint64_t{18}));

    std::vector<std::uint16_t> bits;
    for (const auto& b : expected["feature_bits"]) bits.push_back(b.get<std::uint16_t>());
    CHECK(inv.features().bits == bits);

    if (expected.contains("metadata_hex")) {
        REQUIRE(inv.first<Metadata>() != nullptr);
        CHECK(hex_encode(inv.first<Metadata>()->data) == expected["metadata_hex"].get<std::string>());
    } else {
        CHECK(inv.first<Metadata>() == nullptr);
    }

    std::vector<Fallback> want_fallbacks;
    std::size_t skipped_fallbacks = 0;
    for (const auto& f : expected.value("fallbacks", json::array())) {
        if (f.value("unknown_version_must_skip", false)) {
            ++skipped_fallbacks;
            continue;
        }
        want_fallbacks.push_back({f["version"].get<std::uint8_t>(), hex_decode(f["program_hex"].get<std::string>())});
        CHECK(fallback_address(inv.network, want_fallbacks.back()) == f["address"].get<std::string>());
    }
    CHECK(inv.all<Fallback>() == want_fallbacks);

    std::vector<RouteHint> want_routes;
    for (const auto& route : expected.value("route_hints", json::array())) {
        RouteHint hint;
        for (const auto& hop : route)
            hint.hops.push_back({crypto::parse_public_key(hex_decode(hop["pubkey"].get<std::string>())),
                                 scid(hop["short_channel_id"].get<std::string>()),
                                 hop["fee_base_msat"].get<std::uint32_t>(),
                                 hop["fee_proportional_millionths"].get<std::uint32_t>(),
                                 hop["cltv_expiry_delta"].get<std::uint16_t>()});
        want_routes.push_back(hint);
    }
    CHECK(inv.all<RouteHint>() == want_routes);

    // Skipped fields: the listed ones in order, plus `f` fields of unknown versions.
    std::vector<std::pair<char, std::size_t>> want_skipped, got_skipped;
    for (const auto& f : expected.value("ignored_or_unknown_fields", json::array()))
        want_skipped.emplace_back(f["tag"].get<std::string>().at(0), f["data_length"].get<std::size_t>());
    std::size_t got_skipped_fallbacks = 0;
    for (const auto& f : inv.all<SkippedField>()) {
        const char tag = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"[f.type];
        if (tag == 'f') {
            ++got_skipped_fallbacks;
            CHECK(f.words.at(0) > 18);
        } else {
            got_skipped.emplace_back(tag, f.words.size());
        }
    }
    CHECK(got_skipped == want_skipped);
    CHECK(got_skipped_fallbacks == skipped_fallbacks);

    const std::string payee = expected["payee_node_id"].is_null()
                                  ? expected["recovered_with_transmitted_recid"].get<std::string>()
                                  : expected["payee_node_id"].get<std::string>();
    CHECK(hex_encode(decoded.payee) == payee);
    CHECK(hex_encode(decoded.signature) == expected["signature_rs_hex"].get<std::string>());
    CHECK(decoded.recovery_id == expected["recovery_id"].get<int>());
}

// The invoices of the spec text itself (shared/vectors/bolt11/11-payment-encoding.examples.md):
// each "### title" heading is followed by its invoice on the next non-empty line, quoted with
// "> " or not (the P2TR example is not).
struct SpecExample {
    std::string title;
    std::string invoice;
    bool valid;
};

std::vector<SpecExample> spec_examples() {
    const std::string text = test::read_vector_text("bolt11/11-payment-encoding.examples.md");
    std::vector<SpecExample> out;
    bool valid = true;
    std::optional<std::string> title;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        std::string line = text.substr(at, end - at);
        at = end + 1;
        if (line == "# Examples of Invalid Invoices") valid = false;
        if (line.rfind("> ", 0) == 0) line = line.substr(2);
        else if (line == ">") line.clear();
        if (line.rfind("# ", 0) == 0 || line.rfind("### ", 0) == 0) {
            if (line.rfind("# Examples", 0) != 0) title = line.substr(line.find(' ') + 1);
            continue;
        }
        if (title && !line.empty()) {
            out.push_back({*title, line, valid});
            title.reset();
        }
    }
    return out;
}

}  // namespace

TEST_CASE("BOLT 11 valid examples decode to the stated fields", "[lightning][bolt11]") {
    const json file = test::load_vector_json(kVectors);
    REQUIRE(file["valid"].size() == 16);
    for (const auto& v : file["valid"]) {
        INFO(v["title"].get<std::string>());
        const std::string text = v["invoice"].get<std::string>();
        const SignedInvoice decoded = decode(text);
        check_expected(v["expected"], decoded);

        // The signed bytes and their hash, as the spec's breakdown states them.
        const codec::Bech32Data bech = codec::bech32_decode(text, max_invoice_length);
        const Bytes data(bech.data.begin(), bech.data.end() - 104);
        const Bytes signed_bytes = signing_data(bech.hrp, data);
        CHECK(hex_encode(signed_bytes) == v["expected"]["signing_data_hex"].get<std::string>());
        CHECK(hex_encode(crypto::sha256(signed_bytes)) == v["expected"]["signing_hash_hex"].get<std::string>());
    }
}

TEST_CASE("BOLT 11 examples of the spec text: the valid decode, the invalid fail", "[lightning][bolt11]") {
    const std::vector<SpecExample> examples = spec_examples();
    const json file = test::load_vector_json(kVectors);
    REQUIRE(examples.size() == file["valid"].size() + file["invalid"].size());
    std::size_t valid = 0;
    for (const auto& example : examples) {
        INFO(example.title << "\n" << example.invoice);
        if (example.valid) {
            ++valid;
            const SignedInvoice decoded = decode(example.invoice);
            // The JSON file holds the same invoice, and its payment hash is the one decoded.
            std::size_t listed = 0;
            for (const auto& v : file["valid"]) {
                if (v["invoice"].get<std::string>() != example.invoice) continue;
                ++listed;
                CHECK(hex_encode(decoded.invoice.payment_hash()) == v["expected"]["payment_hash"].get<std::string>());
            }
            CHECK(listed == 1);
        } else {
            CHECK(test::thrown_code([&] { decode(example.invoice); }).has_value());
        }
    }
    CHECK(valid == file["valid"].size());
}

TEST_CASE("BOLT 11 valid examples re-encode with the spec's key", "[lightning][bolt11]") {
    const json file = test::load_vector_json(kVectors);
    const crypto::SecretKey key = spec_key(file);
    const std::string spec_node = file["common"]["payee_node_id"].get<std::string>();
    for (const auto& v : file["valid"]) {
        INFO(v["title"].get<std::string>());
        const std::string text = v["invoice"].get<std::string>();
        const SignedInvoice decoded = decode(text);
        const std::string again = encode(decoded.invoice, key);
        if (hex_encode(decoded.payee) == spec_node) {
            // Same fields in the same order, RFC 6979 nonces: the very same string.
            CHECK(again == lower(text));
        } else {
            // The high-S example: our writer signs low-S, so only the content survives.
            const SignedInvoice redecoded = decode(again);
            CHECK(redecoded.invoice == decoded.invoice);
            CHECK(hex_encode(redecoded.payee) == spec_node);
        }
    }
}

TEST_CASE("BOLT 11 invalid examples are rejected", "[lightning][bolt11]") {
    const json file = test::load_vector_json(kVectors);
    REQUIRE(file["invalid"].size() == 10);
    for (const auto& v : file["invalid"]) {
        INFO(v["title"].get<std::string>());
        const std::string reason = v["expected"]["reason"].get<std::string>();
        const Errc want = reason == "bech32 checksum"                           ? Errc::bad_checksum
                          : reason == "no separator" || reason == "mixed case" ? Errc::bad_bech32
                                                                                : Errc::bad_invoice;
        test::require_error(want, [&] { decode(v["invoice"].get<std::string>()); });
    }
}

namespace {

Invoice sample_invoice() {
    Invoice inv;
    inv.network = Network::regtest;
    inv.amount_msat = 1'234'000;
    inv.timestamp = 1'700'000'000;
    inv.fields = {PaymentHash{crypto::sha256(as_bytes("preimage"))},
                  PaymentSecret{crypto::sha256(as_bytes("secret"))},
                  Description{"coffee ☕"},
                  Expiry{600},
                  MinFinalCltvExpiry{18},
                  Features{{9, 14, 16}}};
    return inv;
}

crypto::SecretKey test_key() { return crypto::secret_key_from(crypto::sha256(as_bytes("flash bolt11 test key"))); }

}  // namespace

TEST_CASE("BOLT 11 encode and decode round-trip every field", "[lightning][bolt11]") {
    const crypto::SecretKey key = test_key();
    Invoice inv = sample_invoice();
    inv.fields.push_back(Fallback{0, Bytes(20, 0xab)});
    inv.fields.push_back(Fallback{17, Bytes(20, 0xcd)});
    inv.fields.push_back(RouteHint{{{crypto::public_key(key), scid("700000x12x1"), 1000, 100, 40},
                                    {crypto::public_key(test_key()), 42, 0, 1, 144}}});
    inv.fields.push_back(Metadata{{0x01, 0xfa}});
    inv.fields.push_back(PayeeNodeId{crypto::public_key(key)});
    inv.fields.push_back(SkippedField{10, {1, 2, 3}});

    const std::string text = encode(inv, key);
    CHECK(text.rfind("lnbcrt12340n1", 0) == 0);
    const SignedInvoice decoded = decode(text);
    CHECK(decoded.invoice == inv);
    CHECK(decoded.payee == crypto::public_key(key));
    CHECK(decoded.invoice.expires_at() == 1'700'000'600);

    // Upper case (QR codes) and a lightning: URI decode the same.
    std::string upper = text;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(decode(upper).invoice == inv);
    CHECK(decode("LIGHTNING:" + upper).invoice == inv);
}

TEST_CASE("BOLT 11 amounts use the shortest multiplier", "[lightning][bolt11]") {
    const crypto::SecretKey key = test_key();
    const std::pair<std::uint64_t, const char*> cases[] = {
        {100'000'000'000, "lnbcrt11"}, {250'000'000, "lnbcrt2500u1"}, {2'000'000'000, "lnbcrt20m1"},
        {100, "lnbcrt1n1"},            {1, "lnbcrt10p1"},             {967'878'534, "lnbcrt9678785340p1"}};
    for (const auto& [msat, prefix] : cases) {
        Invoice inv = sample_invoice();
        inv.amount_msat = msat;
        const std::string text = encode(inv, key);
        INFO(text);
        CHECK(text.rfind(prefix, 0) == 0);
        CHECK(decode(text).invoice.amount_msat == msat);
    }
    Invoice any = sample_invoice();
    any.amount_msat.reset();
    CHECK(encode(any, key).rfind("lnbcrt1", 0) == 0);
    CHECK_FALSE(decode(encode(any, key)).invoice.amount_msat.has_value());
}

TEST_CASE("BOLT 11 networks", "[lightning][bolt11]") {
    const crypto::SecretKey key = test_key();
    for (Network network : {Network::mainnet, Network::testnet, Network::signet, Network::regtest, Network::simnet}) {
        Invoice inv = sample_invoice();
        inv.network = network;
        const std::string text = encode(inv, key);
        CHECK(text.rfind("ln" + std::string(currency_prefix(network)) + "12340n1", 0) == 0);
        CHECK(decode(text).invoice.network == network);
    }
}

TEST_CASE("BOLT 11 reader rules beyond the spec's examples", "[lightning][bolt11]") {
    const crypto::SecretKey key = test_key();

    SECTION("unknown odd feature bits are kept, even ones fail") {
        Invoice inv = sample_invoice();
        inv.fields.back() = Features{{8, 14, 101}};
        CHECK(decode(encode(inv, key)).invoice.features().has(101));
        inv.fields.back() = Features{{8, 14, 102}};
        REQUIRE_THROWS_CODE(decode(encode(inv, key)), Errc::bad_invoice);
    }
    SECTION("a feature without its BOLT 9 dependency must not be paid") {
        // Written as raw '9' fields (type 5), which the writer would refuse as Features.
        Invoice inv = sample_invoice();
        inv.fields.back() = SkippedField{5, {16, 0, 0}};  // payment_secret (14) without var_onion_optin
        REQUIRE_THROWS_CODE(decode(encode(inv, key)), Errc::bad_invoice);
        inv.fields.back() = SkippedField{5, {2, 0, 8, 0}};  // basic_mpp (16) and 8, without payment_secret
        REQUIRE_THROWS_CODE(decode(encode(inv, key)), Errc::bad_invoice);
        inv.fields.back() = SkippedField{5, {16, 8, 0}};  // 14 with 8: fine
        CHECK(decode(encode(inv, key)).invoice.features().bits == std::vector<std::uint16_t>{8, 14});
        inv.fields.back() = Features{{9, 15, 17}};  // the optional (odd) bits satisfy dependencies too
        CHECK(decode(encode(inv, key)).invoice.features().has(17));
        inv.fields.back() = Features{{8, 16}};
        REQUIRE_THROWS_CODE(encode(inv, key), Errc::bad_argument);
    }
    SECTION("with an n field the signature must verify against it") {
        const crypto::SecretKey other = crypto::secret_key_from(crypto::sha256(as_bytes("other")));
        Invoice inv = sample_invoice();
        inv.fields.push_back(PayeeNodeId{crypto::public_key(other)});
        const std::string text = encode(inv, other);
        CHECK(decode(text).payee == crypto::public_key(other));
        REQUIRE_THROWS_CODE(encode(inv, key), Errc::bad_argument);  // n must name the signer

        // Claim `key` in n while keeping the signature made by `other`.
        codec::Bech32Data bech = codec::bech32_decode(text, max_invoice_length);
        const Bytes signer = codec::convert_bits(crypto::public_key(other), 8, 5, true);
        const Bytes claimed = codec::convert_bits(crypto::public_key(key), 8, 5, true);
        const auto at = std::search(bech.data.begin(), bech.data.end(), signer.begin(), signer.end());
        REQUIRE(at != bech.data.end());
        std::copy(claimed.begin(), claimed.end(), at);
        const std::string forged = codec::bech32_encode(bech.hrp, bech.data, codec::Bech32Variant::bech32, max_invoice_length);
        REQUIRE_THROWS_CODE(decode(forged), Errc::bad_invoice);

        // r above the curve order: not a signature at all.
        codec::Bech32Data overflow = codec::bech32_decode(text, max_invoice_length);
        std::fill_n(overflow.data.end() - 104, 51, std::uint8_t{31});
        REQUIRE_THROWS_CODE(decode(codec::bech32_encode(overflow.hrp, overflow.data, codec::Bech32Variant::bech32,
                                                        max_invoice_length)),
                            Errc::bad_invoice);
    }
    SECTION("amount syntax") {
        // hrp variants re-checksummed: the amount is checked before the signature.
        const std::string data = encode(sample_invoice(), key).substr(std::string("lnbcrt12340n1").size());
        const codec::Bech32Data bech = codec::bech32_decode("lnbcrt12340n1" + data, max_invoice_length);
        for (const char* hrp : {"lnbcrt0u", "lnbcrt012u", "lnbcrt1x", "lnbcrt11p", "lnbcrtu", "lnxy1m",
                                "lnbcrt99999999999999999999"}) {
            INFO(hrp);
            const std::string text = codec::bech32_encode(hrp, bech.data, codec::Bech32Variant::bech32, max_invoice_length);
            REQUIRE_THROWS_CODE(decode(text), Errc::bad_invoice);
        }
    }
    SECTION("a tampered field breaks recovery of the right key") {
        const std::string text = encode(sample_invoice(), key);
        const codec::Bech32Data bech = codec::bech32_decode(text, max_invoice_length);
        Bytes words = bech.data;
        words[8] ^= 1;  // inside the first field's length: the fields no longer parse or sign the same
        const std::string tampered = codec::bech32_encode(bech.hrp, words, codec::Bech32Variant::bech32, max_invoice_length);
        bool rejected = false;
        try {
            rejected = decode(tampered).payee != crypto::public_key(key);
        } catch (const Error&) {
            rejected = true;
        }
        CHECK(rejected);
    }
}

TEST_CASE("BOLT 11 writer rules", "[lightning][bolt11]") {
    const crypto::SecretKey key = test_key();
    auto without = [](std::size_t index) {
        Invoice inv = sample_invoice();
        inv.fields.erase(inv.fields.begin() + static_cast<std::ptrdiff_t>(index));
        return inv;
    };
    REQUIRE_THROWS_CODE(encode(without(0), key), Errc::bad_argument);  // no p
    REQUIRE_THROWS_CODE(encode(without(1), key), Errc::bad_argument);  // no s
    REQUIRE_THROWS_CODE(encode(without(2), key), Errc::bad_argument);  // no d or h
    Invoice both = sample_invoice();
    both.fields.push_back(DescriptionHash{});
    REQUIRE_THROWS_CODE(encode(both, key), Errc::bad_argument);
    Invoice zero = sample_invoice();
    zero.amount_msat = 0;
    REQUIRE_THROWS_CODE(encode(zero, key), Errc::bad_argument);
    Invoice long_text = sample_invoice();
    long_text.fields[2] = Description{std::string(640, 'a')};
    REQUIRE_THROWS_CODE(encode(long_text, key), Errc::bad_argument);
    long_text.fields[2] = Description{std::string(639, 'a')};
    CHECK(decode(encode(long_text, key)).invoice.description()->size() == 639);
    Invoice bad_fallback = sample_invoice();
    bad_fallback.fields.push_back(Fallback{17, Bytes(32, 1)});
    REQUIRE_THROWS_CODE(encode(bad_fallback, key), Errc::bad_argument);
}
