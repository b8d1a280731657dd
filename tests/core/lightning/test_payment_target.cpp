// Classifying what a user pastes or scans. Invoices come from the BOLT 11 vector file, the
// LNURL from LUD-01's example, addresses from BIP-84 and BOLT 11's fallback examples.
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/ascii.hpp"
#include "core/codec/bech32.hpp"
#include "core/lightning/payment_target.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using namespace flash;
using namespace flash::lightning;
using test::require_error;

namespace {

constexpr const char* kLud01Lnurl =
    "LNURL1DP68GURN8GHJ7UM9WFMXJCM99E3K7MF0V9CXJ0M385EKVCENXC6R2C35XVUKXEFCV5MKVV34X5EKZD3EV56NYD3HXQURZEPEXEJXXEPNXSC"
    "RVWFNV9NXZCN9XQ6XYEFHVGCXXCMYXYMNSERXFQ5FNS";
constexpr const char* kLud01Url = "https://service.com/api?q=3fc3645b439ce8e7f2553a69e5267081d96dcd340693afabe04be7b0ccd178df";
constexpr const char* kSegwit = "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu";  // BIP-84 first receiving address

// The first valid BOLT 11 example ("Please make a donation of any amount ...").
std::string spec_invoice() {
    return test::load_vector_json("bolt11/bolt11-test-vectors.json")["valid"][0]["invoice"].get<std::string>();
}

// Valid bech32 whose "ln..." prefix names no network: BOLT 11 itself refuses it.
std::string unknown_network_invoice() {
    return codec::bech32_encode("lnxy", Bytes(120, 0), codec::Bech32Variant::bech32, bolt11::max_invoice_length);
}

}  // namespace

TEST_CASE("payment target: invoices, with or without lightning:", "[lightning][payment-target]") {
    const std::string invoice = spec_invoice();
    for (const std::string& text : {invoice, "lightning:" + invoice, "LIGHTNING:" + codec::ascii_upper(invoice),
                                    "  " + invoice + "\n"}) {
        INFO(text);
        const PaymentTarget target = parse_payment_target(text);
        REQUIRE(std::holds_alternative<InvoiceTarget>(target));
        CHECK(std::get<InvoiceTarget>(target).text == invoice);
        CHECK(std::get<InvoiceTarget>(target).invoice.invoice.payment_hash()[0] == 0x00);
    }
    std::string broken = invoice;
    broken[20] = broken[20] == 'q' ? 'p' : 'q';
    require_error(Errc::bad_checksum, [&] { parse_payment_target(broken); });   // the invoice's own error
    require_error(Errc::bad_invoice, [] { parse_payment_target(unknown_network_invoice()); });
    require_error(Errc::unknown_payment_target, [] { parse_payment_target("lno1qgsqvgnwgcg35z6ee2h3yczraddm72xrfua9uve2rlrm9deu7xyfzrc"); });
}

TEST_CASE("payment target: LNURL links of every form", "[lightning][payment-target]") {
    for (const std::string& text : {std::string(kLud01Lnurl), codec::ascii_lower(kLud01Lnurl),
                                    std::string("lightning:") + kLud01Lnurl,
                                    std::string("https://service.com/redeem?id=1&lightning=") + kLud01Lnurl}) {
        INFO(text);
        const PaymentTarget target = parse_payment_target(text);
        REQUIRE(std::holds_alternative<lnurl::Link>(target));
        CHECK(std::get<lnurl::Link>(target).url.text == kLud01Url);
    }
    const PaymentTarget withdraw = parse_payment_target("lnurlw://card.example/ln?p=A1&c=B2");
    REQUIRE(std::holds_alternative<lnurl::Link>(withdraw));
    CHECK(std::get<lnurl::Link>(withdraw).url.text == "https://card.example/ln?p=A1&c=B2");
    CHECK(std::get<lnurl::Link>(withdraw).kind == lnurl::Kind::withdraw);
    const PaymentTarget plain = parse_payment_target("https://service.com/pay/42");
    REQUIRE(std::holds_alternative<lnurl::Link>(plain));  // LUD-17 QR fallback
    CHECK(std::get<lnurl::Link>(plain).kind == lnurl::Kind::unknown);

    require_error(Errc::bad_lnurl, [] { parse_payment_target("http://service.com/pay/42"); });
    std::string mixed = kLud01Lnurl;
    mixed[7] = codec::ascii_lower(mixed[7]);
    require_error(Errc::bad_bech32, [&] { parse_payment_target(mixed); });
}

TEST_CASE("payment target: lightning addresses", "[lightning][payment-target]") {
    for (const char* text : {"satoshi@bitcoin.org", "lightning:satoshi@bitcoin.org", " Satoshi@Bitcoin.org ",
                             "lnbob@bitcoin.org"}) {
        INFO(text);
        const PaymentTarget target = parse_payment_target(text);
        REQUIRE(std::holds_alternative<lnurl::LightningAddress>(target));
        CHECK(std::get<lnurl::LightningAddress>(target).url.host == "bitcoin.org");
    }
    const PaymentTarget onion = parse_payment_target("alice@examplennnnnnnn.onion");
    CHECK(std::get<lnurl::LightningAddress>(onion).url.text == "http://examplennnnnnnn.onion/.well-known/lnurlp/alice");
    require_error(Errc::bad_lnurl, [] { parse_payment_target("sat oshi@bitcoin.org"); });
    require_error(Errc::bad_lnurl, [] { parse_payment_target("satoshi@bitcoin.org/x"); });
}

TEST_CASE("payment target: on-chain addresses and bitcoin: URIs", "[lightning][payment-target]") {
    const PaymentTarget bare = parse_payment_target(kSegwit);
    REQUIRE(std::holds_alternative<OnChainTarget>(bare));
    CHECK(std::get<OnChainTarget>(bare).uri.address->text == kSegwit);
    CHECK_FALSE(std::get<OnChainTarget>(bare).invoice);
    const PaymentTarget upper = parse_payment_target(codec::ascii_upper(kSegwit));
    CHECK(std::get<OnChainTarget>(upper).uri.address->text == kSegwit);
    const PaymentTarget legacy = parse_payment_target("1RustyRX2oai4EYYDpQGWvEL62BBGqN9T");  // BOLT 11 fallback example
    CHECK(std::get<OnChainTarget>(legacy).uri.address->network == keys::Network::mainnet);

    // A unified QR: on-chain address, amount and a Lightning invoice.
    const std::string invoice = spec_invoice();
    const PaymentTarget unified =
        parse_payment_target("bitcoin:" + codec::ascii_upper(kSegwit) + "?amount=0.0001&label=Coffee&lightning=" + codec::ascii_upper(invoice));
    REQUIRE(std::holds_alternative<OnChainTarget>(unified));
    const OnChainTarget& target = std::get<OnChainTarget>(unified);
    CHECK(target.uri.amount_sat == 10'000);
    CHECK(target.uri.label == "Coffee");
    REQUIRE(target.invoice);
    CHECK(target.invoice->text == invoice);
    CHECK_FALSE(target.lnurl);

    const PaymentTarget with_lnurl = parse_payment_target(std::string("bitcoin:") + kSegwit + "?lightning=" + kLud01Lnurl);
    REQUIRE(std::get<OnChainTarget>(with_lnurl).lnurl);
    CHECK(std::get<OnChainTarget>(with_lnurl).lnurl->url.text == kLud01Url);
    // A BOLT 12 offer in lightning= is left alone: the address still pays.
    const PaymentTarget offer = parse_payment_target(std::string("bitcoin:") + kSegwit + "?lightning=lno1qgsq");
    CHECK_FALSE(std::get<OnChainTarget>(offer).invoice);

    std::string typo = kSegwit;
    typo[10] = typo[10] == 'q' ? 'p' : 'q';
    require_error(Errc::bad_checksum, [&] { parse_payment_target(typo); });
    require_error(Errc::bad_invoice, [&] { parse_payment_target(std::string("bitcoin:") + kSegwit + "?lightning=" + unknown_network_invoice()); });
    require_error(Errc::bad_uri, [&] { parse_payment_target(std::string("bitcoin:") + kSegwit + "?amount=lots"); });
}

TEST_CASE("payment target: what is none of them", "[lightning][payment-target]") {
    for (const char* text : {"", "   ", "hello world", "cashuAeyJ0b2tlbiI6W119", "12345", "nostr:npub1xyz"}) {
        INFO(text);
        require_error(Errc::unknown_payment_target, [&] { parse_payment_target(text); });
    }
    require_error(Errc::too_large, [] { parse_payment_target(std::string(max_payment_target_length + 1, 'a')); });
}
