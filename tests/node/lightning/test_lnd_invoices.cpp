// The LND backend's invoices against the loopback LND: creation, lookup, settlements that arrive
// over the subscription stream (no lookup needed), and a dropped stream resumed from settle_index.
#include <catch2/catch.hpp>

#include "core/lightning/bolt11.hpp"
#include "lnd_fixture.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::node::lightning;
namespace bolt11 = flash::lightning::bolt11;

TEST_CASE("lnd: creates invoices and looks them up", "[lnd]") {
    test::LndFixture f;
    auto lnd = f.open();
    CHECK(lnd->name() == "lnd");

    const Invoice invoice = lnd->create_invoice(21'000, "a coffee", 600);
    const bolt11::SignedInvoice decoded = bolt11::decode(invoice.bolt11);
    CHECK(decoded.invoice.network == bolt11::Network::regtest);
    CHECK(decoded.invoice.amount_msat == 21'000);
    CHECK(decoded.invoice.description() == "a coffee");
    CHECK(decoded.invoice.payment_hash() == invoice.payment_hash);
    CHECK(invoice.amount_msat == 21'000);
    CHECK(invoice.expiry_unix == decoded.invoice.timestamp + 600);
    CHECK(f.server.requests("/v1/invoices") == 1);

    CHECK(lnd->invoice_state(invoice.payment_hash) == InvoiceState::open);
    // Unknown to LND: bad_argument, as the interface says.
    REQUIRE_THROWS_CODE(lnd->invoice_state(ByteArray<32>{}), Errc::bad_argument);
    CHECK(f.server.requests("/v2/invoices/lookup") >= 1);

    // What the backend refuses before asking LND.
    REQUIRE_THROWS_CODE(lnd->create_invoice(0, "zero", 60), Errc::bad_argument);
    REQUIRE_THROWS_CODE(lnd->create_invoice(1000, std::string(640, 'x'), 60), Errc::bad_argument);
    REQUIRE_THROWS_CODE(lnd->create_invoice(1000, "\xff", 60), Errc::bad_argument);
    CHECK(f.server.requests("/v1/invoices") == 1);
}

TEST_CASE("lnd: a settlement arrives over the subscription, without lookups", "[lnd]") {
    test::LndFixture f;
    auto lnd = f.open();
    REQUIRE(test::eventually([&] { return lnd->watch().live(); }));

    const Invoice invoice = lnd->create_invoice(5'000'000, "melt me", 3600);
    CHECK(lnd->invoice_state(invoice.payment_hash) == InvoiceState::open);
    f.server.settle(invoice.payment_hash);
    CHECK(test::eventually([&] { return lnd->invoice_state(invoice.payment_hash) == InvoiceState::settled; }));
    CHECK(lnd->watch().settle_index() == 1);
    // Created while the stream was up: known from the start, never looked up.
    CHECK(f.server.requests("/v2/invoices/lookup") == 0);
    CHECK(f.server.subscriptions() == 1);
    CHECK(f.server.last_subscribe_target() == "/v1/invoices/subscribe");
}

TEST_CASE("lnd: an invoice it did not create is looked up once, then followed", "[lnd]") {
    test::LndFixture f;
    auto creator = f.open();
    const Invoice invoice = creator->create_invoice(1000, "made before a restart", 3600);
    creator.reset();

    auto lnd = f.open();
    REQUIRE(test::eventually([&] { return lnd->watch().live(); }));
    CHECK(lnd->invoice_state(invoice.payment_hash) == InvoiceState::open);
    CHECK(lnd->invoice_state(invoice.payment_hash) == InvoiceState::open);
    CHECK(f.server.requests("/v2/invoices/lookup") == 1);
    f.server.settle(invoice.payment_hash);
    CHECK(test::eventually([&] { return lnd->invoice_state(invoice.payment_hash) == InvoiceState::settled; }));
    CHECK(f.server.requests("/v2/invoices/lookup") == 1);
}

TEST_CASE("lnd: a dropped subscription reconnects and resumes from settle_index", "[lnd]") {
    test::LndFixture f;
    auto lnd = f.open();
    REQUIRE(test::eventually([&] { return lnd->watch().live(); }));
    const Invoice first = lnd->create_invoice(1000, "first", 3600);
    const Invoice second = lnd->create_invoice(2000, "second", 3600);
    const Invoice third = lnd->create_invoice(3000, "third", 3600);
    f.server.settle(first.payment_hash);
    REQUIRE(test::eventually([&] { return lnd->watch().settle_index() == 1; }));

    // The stream breaks; LND settles two invoices before the backend is back.
    f.server.drop_subscriptions();
    f.server.settle(second.payment_hash);
    f.server.settle(third.payment_hash);
    REQUIRE(test::eventually([&] { return f.server.subscriptions() >= 2 && lnd->watch().settle_index() == 3; }));
    CHECK(f.server.last_subscribe_target() == "/v1/invoices/subscribe?settle_index=1");
    CHECK(lnd->watch().known(second.payment_hash) == InvoiceState::settled);
    CHECK(lnd->watch().known(third.payment_hash) == InvoiceState::settled);
    CHECK(lnd->invoice_state(third.payment_hash) == InvoiceState::settled);
    CHECK(f.server.requests("/v2/invoices/lookup") == 0);
    CHECK(lnd->watch().connections() >= 2);
}

TEST_CASE("lnd: while the subscription is broken, settlements are still learned by lookups", "[lnd]") {
    test::LndFixture f;
    f.server.fault("/v1/invoices/subscribe", test::LndRestServer::Fault::malformed);
    auto lnd = f.open();
    const Invoice invoice = lnd->create_invoice(1000, "x", 3600);
    REQUIRE(test::eventually([&] { return lnd->watch().connections() >= 2; }));  // it keeps retrying
    CHECK(lnd->invoice_state(invoice.payment_hash) == InvoiceState::open);
    f.server.settle(invoice.payment_hash);  // the stream cannot tell
    CHECK(test::eventually([&] { return lnd->invoice_state(invoice.payment_hash) == InvoiceState::settled; }));
    const std::size_t lookups = f.server.requests("/v2/invoices/lookup");
    CHECK(lookups >= 1);
    // Settled is final: no more lookups.
    CHECK(lnd->invoice_state(invoice.payment_hash) == InvoiceState::settled);
    CHECK(f.server.requests("/v2/invoices/lookup") == lookups);
}

TEST_CASE("lnd: decodes locally, for LND's network only", "[lnd]") {
    test::LndFixture f;
    auto lnd = f.open();
    const std::string invoice = f.server.foreign_invoice(150'000, "elsewhere");
    const DecodedInvoice decoded = lnd->decode(invoice);
    CHECK(decoded.amount_msat == 150'000);
    CHECK(decoded.description == "elsewhere");
    CHECK(decoded.expiry_unix == bolt11::decode(invoice).invoice.expires_at());
    REQUIRE_THROWS_CODE(lnd->decode(f.server.mainnet_invoice(1000)), Errc::bad_argument);
    REQUIRE_THROWS_CODE(lnd->decode("lnbcrt1garbage"), Errc::bad_argument);
    CHECK(f.server.requests("/v1/getinfo") == 1);  // the network is asked once
}

TEST_CASE("lnd: channel and wallet balances", "[lnd]") {
    test::LndFixture f;
    auto lnd = f.open();
    const ChannelBalances channels = lnd->channel_balances();
    CHECK(channels.local_sat == 700'000);
    CHECK(channels.remote_sat == 300'000);
    REQUIRE(channels.channels.size() == 2);
    CHECK(channels.channels[0].id == "880000000000000001");
    CHECK(channels.channels[0].capacity_sat == 1'000'000);
    CHECK(channels.channels[0].local_sat == 700'000);
    CHECK(channels.channels[0].remote_sat == 300'000);
    CHECK(channels.channels[0].active);
    CHECK(channels.channels[0].peer.size() == 66);
    CHECK_FALSE(channels.channels[1].active);
    const WalletBalance wallet = lnd->wallet_balance();
    CHECK(wallet.confirmed_sat == 100'000);
    CHECK(wallet.unconfirmed_sat == 50'000);
}
