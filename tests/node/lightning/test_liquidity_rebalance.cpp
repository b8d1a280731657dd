// Carrying out rebalances: the fake backend moves its channels' balances and charges a fee; LND gets
// an invoice of its own paid around a circle (POST /v1/invoices, then POST /v2/router/send with
// outgoing_chan_ids, last_hop_pubkey and allow_self_payment); a backend without rebalancing says so.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/codec/base64.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/lightning/bolt11.hpp"
#include "lnd_fixture.hpp"
#include "node/lightning/fake_backend.hpp"
#include "node/lightning/liquidity.hpp"
#include "node/lightning/liquidity_watch.hpp"
#include "scripted_backend.hpp"
#include "support/errors.hpp"
#include "support/temp_dir.hpp"

using namespace flash;
using namespace flash::node;
using namespace flash::node::lightning;
namespace bolt11 = flash::lightning::bolt11;

namespace {

struct FakeFixture {
    test::TempDir dir;
    std::int64_t now_ms = 1'700'000'000'000;
    crypto::SecretKey key = crypto::secret_key_from(crypto::sha256(as_bytes("liquidity fake node")));

    std::unique_ptr<FakeLightningBackend> open() {
        return std::make_unique<FakeLightningBackend>(dir.str(), key, std::chrono::milliseconds(1000),
                                                      [this] { return now_ms; });
    }
};

const Channel& find(const ChannelBalances& balances, const std::string& id) {
    for (const Channel& c : balances.channels) {
        if (c.id == id) return c;
    }
    FAIL("no channel " << id);
    throw;
}

}  // namespace

TEST_CASE("fake rebalance moves balance between active fake channels for a fee", "[liquidity][fake-lightning]") {
    FakeFixture f;
    auto backend = f.open();
    const ChannelBalances start = backend->channel_balances();
    const std::string peer1 = find(start, "fake-1").peer;
    const std::string peer2 = find(start, "fake-2").peer;
    const std::string peer3 = find(start, "fake-3").peer;

    // 1,000,000 sat from fake-1 to fake-3; 500 ppm = 500 sat of fee, paid by fake-1.
    const PaymentResult moved = backend->rebalance("fake-1", peer3, 1'000'000, 500'000);
    REQUIRE(moved.status == PaymentStatus::succeeded);
    CHECK(moved.fee_msat == 500'000);
    CHECK(moved.preimage);
    ChannelBalances now = backend->channel_balances();
    CHECK(find(now, "fake-1").local_sat == 5'000'000 - 1'000'000 - 500);
    CHECK(find(now, "fake-1").remote_sat == 5'000'000 + 1'000'000 + 500);
    CHECK(find(now, "fake-3").local_sat == 400'000 + 1'000'000);
    CHECK(find(now, "fake-3").remote_sat == 3'600'000 - 1'000'000);
    CHECK(now.local_sat == 5'400'000 - 500);  // only the fee left the node

    SECTION("what cannot go fails and moves nothing") {
        const PaymentResult cheap = backend->rebalance("fake-1", peer3, 100'000, 49'999);  // the fee is 50,000 msat
        CHECK(cheap.status == PaymentStatus::failed);
        CHECK_THAT(cheap.failure_reason, Catch::Contains("exceeds the limit"));
        CHECK_THAT(backend->rebalance("fake-1", peer2, 100'000, 1'000'000).failure_reason, Catch::Contains("inactive"));
        CHECK_THAT(backend->rebalance("fake-2", peer3, 100'000, 1'000'000).failure_reason, Catch::Contains("inactive"));
        CHECK_THAT(backend->rebalance("fake-1", peer1, 100'000, 1'000'000).failure_reason, Catch::Contains("same channel"));
        // fake-3 holds 1,400,000 sat: it cannot send all of it and the fee.
        CHECK_THAT(backend->rebalance("fake-3", peer1, 1'400'000, 10'000'000).failure_reason,
                   Catch::Contains("insufficient local balance in fake-3"));
        // fake-3 can take at most its remote balance of 2,600,000 sat.
        CHECK_THAT(backend->rebalance("fake-1", peer3, 2'600'001, 10'000'000).failure_reason,
                   Catch::Contains("insufficient remote balance in fake-3"));
        now = backend->channel_balances();
        CHECK(find(now, "fake-1").local_sat == 3'999'500);
        CHECK(find(now, "fake-3").local_sat == 1'400'000);

        // Just under it goes (1,399,000 sat plus a fee of 699.5 sat leave 300.5 sat).
        CHECK(backend->rebalance("fake-3", peer1, 1'399'000, 10'000'000).status == PaymentStatus::succeeded);
        CHECK(find(backend->channel_balances(), "fake-3").local_sat == 300);
        CHECK(backend->rebalance("fake-1", peer3, 2'600'000, 10'000'000).status == PaymentStatus::succeeded);
    }
    SECTION("what is malformed is refused") {
        REQUIRE_THROWS_CODE(backend->rebalance("fake-9", peer3, 1'000, 1'000), Errc::bad_argument);
        REQUIRE_THROWS_CODE(backend->rebalance("fake-1", "02abcd", 1'000, 1'000), Errc::bad_argument);
        REQUIRE_THROWS_CODE(backend->rebalance("fake-1", peer3, 0, 1'000), Errc::bad_argument);
        REQUIRE_THROWS_CODE(backend->rebalance("fake-1", peer3, 2'100'000'000'000'001, 1'000), Errc::bad_argument);
    }
    SECTION("a payment later counts the rebalanced balance of fake-1") {
        backend.reset();
        auto reopened = f.open();  // and the moves survive a restart
        CHECK(find(reopened->channel_balances(), "fake-3").local_sat == 1'400'000);
        const Invoice own = reopened->create_invoice(1'000, "own", 3600);  // settles internally, moves nothing
        REQUIRE(reopened->pay(own.bolt11, 0).status == PaymentStatus::succeeded);
        CHECK(find(reopened->channel_balances(), "fake-1").local_sat == 3'999'500);
    }
}

TEST_CASE("liquidity over the fake backend: a plan appears, is carried out, and the channels balance",
          "[liquidity][fake-lightning]") {
    FakeFixture f;
    auto backend = f.open();
    Liquidity liquidity(*backend, LiquidityConfig{}, [&f] { return f.now_ms; });

    // At start fake-3 is short of outbound, but fake-1 sits at the target: nothing to take from.
    LiquidityReport report = liquidity.report();
    CHECK(report.backend == "fake");
    CHECK(report.channels.size() == 3);
    CHECK(report.channels[2].status == ChannelStatus::low_outbound);
    CHECK(report.rebalances.empty());

    // 2,000,000 sat come in through fake-1 (settled by the clock): now it has some to spare.
    backend->create_invoice(2'000'000'000, "deposit", 3600);
    f.now_ms += 60'000;  // past the settlement and the refresh interval
    report = liquidity.report();
    CHECK(report.channels[0].local_sat == 7'000'000);
    REQUIRE(report.rebalances.size() == 1);
    const RebalancePlan plan = report.rebalances[0];
    CHECK(plan.out_channel == "fake-1");
    CHECK(plan.in_channel == "fake-3");
    CHECK(plan.in_peer == report.channels[2].peer);
    CHECK(plan.amount_sat == 1'600'000);  // fake-3's way to its target of 2,000,000
    CHECK(plan.max_fee_msat == 1'600'000);  // 1000 ppm

    const PaymentResult result = liquidity.rebalance(plan);
    REQUIRE(result.status == PaymentStatus::succeeded);
    CHECK(result.fee_msat == 800'000);
    // rebalance() refreshed the snapshot at once.
    report = liquidity.last_report();
    CHECK(report.channels[0].local_sat == 7'000'000 - 1'600'000 - 800);
    CHECK(report.channels[2].local_sat == 2'000'000);
    CHECK(report.channels[2].status == ChannelStatus::balanced);
    CHECK(report.rebalances.empty());
    REQUIRE(report.alerts.size() == 1);  // fake-2 is still inactive
    CHECK(report.alerts[0].channel == "fake-2");
}

TEST_CASE("the liquidity watch carries out planned rebalances only when told to", "[liquidity][fake-lightning]") {
    FakeFixture f;
    auto backend = f.open();
    backend->create_invoice(2'000'000'000, "deposit", 3600);  // gives fake-1 outbound to spare
    f.now_ms += 60'000;

    LiquidityConfig manual;
    Liquidity watched(*backend, manual, [&f] { return f.now_ms; });
    LiquidityWatch(watched).round();
    CHECK(watched.last_report().rebalances.size() == 1);  // planned, not carried out

    LiquidityConfig automatic;
    automatic.auto_rebalance = true;
    Liquidity rebalanced(*backend, automatic, [&f] { return f.now_ms; });
    LiquidityWatch(rebalanced).round();
    const LiquidityReport report = rebalanced.last_report();
    CHECK(report.rebalances.empty());
    CHECK(report.channels[2].status == ChannelStatus::balanced);
}

TEST_CASE("lnd rebalance: an invoice of its own, paid around a circle", "[liquidity][lnd]") {
    test::LndFixture f;
    auto lnd = f.open();
    const ChannelBalances channels = lnd->channel_balances();
    REQUIRE(channels.channels.size() == 2);
    const std::string out_channel = channels.channels[0].id;  // "880000000000000001"
    const std::string peer = channels.channels[0].peer;

    const PaymentResult result = lnd->rebalance(out_channel, peer, 50'000, 60'000);
    CHECK(result.status == PaymentStatus::succeeded);
    CHECK(result.fee_msat == 1'000);
    CHECK(f.server.requests("/v1/invoices") == 1);

    // The request LND got: SendPaymentV2's fields for a circular payment.
    const nlohmann::json sent = nlohmann::json::parse(f.server.last_send_body());
    CHECK(sent["outgoing_chan_ids"] == nlohmann::json::array({"880000000000000001"}));
    CHECK(sent["last_hop_pubkey"] == codec::base64_encode(codec::hex_decode(peer)));
    CHECK(sent["allow_self_payment"] == true);
    CHECK(sent["fee_limit_msat"] == "60000");
    CHECK(sent["timeout_seconds"] == 60);
    const bolt11::SignedInvoice invoice = bolt11::decode(sent["payment_request"].get<std::string>());
    CHECK(invoice.invoice.amount_msat == 50'000'000);
    CHECK(invoice.invoice.description() == "flash rebalance");
    REQUIRE(result.preimage);
    CHECK(crypto::sha256(*result.preimage) == invoice.invoice.payment_hash());
    // The circle closed at our own invoice, which LND settled.
    CHECK(test::eventually([&] { return lnd->invoice_state(invoice.invoice.payment_hash()) == InvoiceState::settled; }));

    SECTION("a fee limit below the route's fee fails like any payment") {
        const PaymentResult cheap = lnd->rebalance(out_channel, peer, 50'000, 999);
        CHECK(cheap.status == PaymentStatus::failed);
        CHECK(cheap.failure_reason == "FAILURE_REASON_NO_ROUTE");
    }
    SECTION("malformed arguments never reach LND") {
        REQUIRE_THROWS_CODE(lnd->rebalance("88000000000000000x", peer, 50'000, 1'000), Errc::bad_argument);
        REQUIRE_THROWS_CODE(lnd->rebalance("", peer, 50'000, 1'000), Errc::bad_argument);
        REQUIRE_THROWS_CODE(lnd->rebalance("18446744073709551616", peer, 50'000, 1'000), Errc::bad_argument);
        REQUIRE_THROWS_CODE(lnd->rebalance(out_channel, "02abcd", 50'000, 1'000), Errc::bad_argument);
        REQUIRE_THROWS_CODE(lnd->rebalance(out_channel, "zz" + peer.substr(2), 50'000, 1'000), Errc::bad_argument);
        REQUIRE_THROWS_CODE(lnd->rebalance(out_channel, peer, 0, 1'000), Errc::bad_argument);
        CHECK(f.server.requests("/v1/invoices") == 1);
        CHECK(f.server.requests("/v2/router/send") == 1);
    }
    SECTION("paying an invoice of its own without allow_self_payment is refused, as LND does") {
        const Invoice own = lnd->create_invoice(10'000, "self", 600);
        CHECK_THROWS_AS(lnd->pay(own.bolt11, 1'000), LightningError);
    }
}

TEST_CASE("liquidity: a backend without rebalancing says so", "[liquidity]") {
    test::ScriptedBackend backend;
    Liquidity liquidity(backend, LiquidityConfig{});
    try {
        liquidity.rebalance({"a", "pa", "b", "pb", 10'000, 10'000});
        FAIL("no error");
    } catch (const LightningError& e) {
        CHECK_THAT(e.what(), Catch::Contains("scripted Lightning backend cannot rebalance"));
    }
}
