// Liquidity over scripted channels: ratios and statuses, alerts at the thresholds, planned
// rebalances that converge toward the target (none when balanced), check_payable, a failing
// backend (stale, unavailable), the JSON report and the /metrics gauges.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>

#include "node/lightning/liquidity.hpp"
#include "node/lightning/liquidity_metrics.hpp"
#include "scripted_backend.hpp"

using namespace flash;
using namespace flash::node;
using namespace flash::node::lightning;

namespace {

/// A clock the test moves by hand.
struct Clock {
    std::int64_t now_ms = 1'700'000'000'000;
    std::function<std::int64_t()> function() {
        return [this] { return now_ms; };
    }
};

const ChannelLiquidity& channel(const LiquidityReport& report, const std::string& id) {
    for (const ChannelLiquidity& c : report.channels) {
        if (c.id == id) return c;
    }
    FAIL("no channel " << id);
    throw;
}

std::vector<std::string> alerted_channels(const LiquidityReport& report) {
    std::vector<std::string> ids;
    for (const LiquidityAlert& a : report.alerts) ids.push_back(a.channel.value_or("(node)"));
    return ids;
}

std::string liquidity_error(const std::function<void()>& f) {
    try {
        f();
    } catch (const LiquidityError& e) {
        return e.what();
    }
    return {};
}

}  // namespace

TEST_CASE("liquidity: ratios, statuses and totals of the channels", "[liquidity]") {
    test::ScriptedBackend backend;
    backend.add("mid", 1'000'000, 500'000);
    backend.add("empty", 1'000'000, 100'000);
    backend.add("full", 1'000'000, 900'000);
    backend.add("at-low", 1'000'000, 200'000);    // on the mark is not below it
    backend.add("at-high", 1'000'000, 800'000);   // nor above it
    backend.add("off", 2'000'000, 1'900'000, false);
    backend.add("zero", 0, 0);
    Liquidity liquidity(backend, LiquidityConfig{});
    REQUIRE(liquidity.refresh());
    const LiquidityReport report = liquidity.report();

    CHECK(report.backend == "scripted");
    CHECK(report.state == SnapshotState::ok);
    REQUIRE(report.channels.size() == 7);
    CHECK(report.channels[0].id == "mid");  // the backend's order
    CHECK(channel(report, "mid").outbound_ratio == 0.5);
    CHECK(channel(report, "mid").inbound_ratio == 0.5);
    CHECK(channel(report, "mid").status == ChannelStatus::balanced);
    CHECK(channel(report, "empty").outbound_ratio == Approx(0.1));
    CHECK(channel(report, "empty").inbound_ratio == Approx(0.9));
    CHECK(channel(report, "empty").status == ChannelStatus::low_outbound);
    CHECK(channel(report, "full").status == ChannelStatus::low_inbound);
    CHECK(channel(report, "at-low").status == ChannelStatus::balanced);
    CHECK(channel(report, "at-high").status == ChannelStatus::balanced);
    CHECK(channel(report, "off").status == ChannelStatus::inactive);
    CHECK_FALSE(channel(report, "off").active);
    CHECK(channel(report, "zero").outbound_ratio == 0);
    CHECK(channel(report, "zero").status == ChannelStatus::low_outbound);

    // Totals: active channels only.
    CHECK(report.totals.channels == 7);
    CHECK(report.totals.active_channels == 6);
    CHECK(report.totals.capacity_sat == 5'000'000);
    CHECK(report.totals.local_sat == 2'500'000);
    CHECK(report.totals.remote_sat == 2'500'000);
    CHECK(report.totals.outbound_ratio == 0.5);
    CHECK(report.totals.largest_local_sat == 900'000);  // not the inactive 1,900,000

    SECTION("other thresholds move the statuses") {
        LiquidityConfig narrow;
        narrow.low_outbound_ratio = 0.3;
        narrow.high_outbound_ratio = 0.7;
        Liquidity other(backend, narrow);
        other.refresh();
        const LiquidityReport r = other.report();
        CHECK(channel(r, "at-low").status == ChannelStatus::low_outbound);
        CHECK(channel(r, "at-high").status == ChannelStatus::low_inbound);
        CHECK(channel(r, "mid").status == ChannelStatus::balanced);
    }
}

TEST_CASE("liquidity: alerts for channels past the thresholds, inactive ones, and a node without channels",
          "[liquidity]") {
    test::ScriptedBackend backend;
    backend.add("mid", 1'000'000, 500'000);
    backend.add("empty", 1'000'000, 150'000);
    backend.add("full", 1'000'000, 850'000);
    backend.add("at-low", 1'000'000, 200'000);
    backend.add("off", 1'000'000, 500'000, false);
    Liquidity liquidity(backend, LiquidityConfig{});
    liquidity.refresh();
    LiquidityReport report = liquidity.report();
    CHECK(alerted_channels(report) == std::vector<std::string>{"empty", "full", "off"});
    for (const LiquidityAlert& a : report.alerts) CHECK(a.severity == AlertSeverity::warning);
    CHECK_THAT(report.alerts[0].message, Catch::Contains("can send only 150000 sat") && Catch::Contains("15%") &&
                                             Catch::Contains("below the low mark of 20%"));
    CHECK_THAT(report.alerts[1].message, Catch::Contains("can receive only 150000 sat") && Catch::Contains("85%") &&
                                             Catch::Contains("above the high mark of 80%"));
    CHECK_THAT(report.alerts[2].message, Catch::Contains("inactive"));

    SECTION("one sat further down the low mark alerts") {
        backend.balances.channels[3].local_sat = 199'999;
        liquidity.refresh();
        CHECK(alerted_channels(liquidity.report()) == std::vector<std::string>{"empty", "full", "at-low", "off"});
    }
    SECTION("no active channel is critical") {
        for (Channel& c : backend.balances.channels) c.active = false;
        liquidity.refresh();
        report = liquidity.report();
        REQUIRE_FALSE(report.alerts.empty());
        CHECK(report.alerts[0].severity == AlertSeverity::critical);
        CHECK_FALSE(report.alerts[0].channel);
        CHECK_THAT(report.alerts[0].message, Catch::Contains("no active channel"));
        CHECK(report.rebalances.empty());
    }
    SECTION("all balanced: no alert") {
        backend.balances.channels = {};
        backend.add("a", 1'000'000, 400'000);
        backend.add("b", 3'000'000, 2'000'000);
        liquidity.refresh();
        CHECK(liquidity.report().alerts.empty());
    }
}

TEST_CASE("liquidity: a plan moves outbound from a channel with too much to one with too little", "[liquidity]") {
    test::ScriptedBackend backend;
    backend.add("empty", 1'000'000, 100'000);
    backend.add("full", 1'000'000, 900'000);
    backend.add("mid", 1'000'000, 500'000);
    backend.add("off", 1'000'000, 1'000'000, false);
    Liquidity liquidity(backend, LiquidityConfig{});
    liquidity.refresh();
    const std::vector<RebalancePlan> plans = liquidity.report().rebalances;
    REQUIRE(plans.size() == 1);
    CHECK(plans[0].out_channel == "full");
    CHECK(plans[0].out_peer == backend.balances.channels[1].peer);
    CHECK(plans[0].in_channel == "empty");
    CHECK(plans[0].in_peer == backend.balances.channels[0].peer);
    CHECK(plans[0].amount_sat == 400'000);  // both land on the target of 500,000
    CHECK(plans[0].max_fee_msat == 400'000);  // 1000 ppm of 400,000 sat

    SECTION("capped by what the receiving side can take") {
        backend.balances.channels[0].remote_sat = 150'000;  // e.g. a reserve or pending HTLCs
        liquidity.refresh();
        REQUIRE(liquidity.report().rebalances.size() == 1);
        CHECK(liquidity.report().rebalances[0].amount_sat == 150'000);
    }
    SECTION("capped by the smaller need, the rest from another sender") {
        backend.add("big-empty", 4'000'000, 0);  // needs 2,000,000
        liquidity.refresh();
        const std::vector<RebalancePlan> more = liquidity.report().rebalances;
        // The furthest out receives first (the sole sender with excess that is out of band: "full";
        // "mid" sits at the target and has nothing to give).
        REQUIRE(more.size() == 1);
        CHECK(more[0].out_channel == "full");
        CHECK(more[0].in_channel == "big-empty");
        CHECK(more[0].amount_sat == 400'000);
    }
    SECTION("below the minimum nothing is planned") {
        LiquidityConfig config;
        config.min_rebalance_sat = 400'001;
        Liquidity strict(backend, config);
        strict.refresh();
        CHECK(strict.report().rebalances.empty());
    }
    SECTION("the fee limit follows max_rebalance_fee_ppm") {
        LiquidityConfig config;
        config.max_rebalance_fee_ppm = 2500;
        Liquidity dear(backend, config);
        dear.refresh();
        CHECK(dear.report().rebalances.at(0).max_fee_msat == 1'000'000);
    }
}

TEST_CASE("liquidity: no plan when every channel is inside the band, even off the target", "[liquidity]") {
    test::ScriptedBackend backend;
    backend.add("a", 1'000'000, 250'000);
    backend.add("b", 1'000'000, 750'000);
    backend.add("c", 2'000'000, 1'000'000);
    Liquidity liquidity(backend, LiquidityConfig{});
    liquidity.refresh();
    CHECK(liquidity.report().rebalances.empty());

    // One channel slips out of the band: now it is worth the fee.
    backend.balances.channels[0].local_sat = 150'000;
    backend.balances.channels[0].remote_sat = 850'000;
    liquidity.refresh();
    const std::vector<RebalancePlan> plans = liquidity.report().rebalances;
    REQUIRE(plans.size() == 1);
    CHECK(plans[0].out_channel == "b");
    CHECK(plans[0].in_channel == "a");
    CHECK(plans[0].amount_sat == 250'000);  // b's excess over its target
}

TEST_CASE("liquidity: carrying out the plans again and again converges to balanced channels", "[liquidity]") {
    const LiquidityConfig config;
    // Uneven capacities and balances; the plan is applied as a perfect rebalance would (the sender
    // pays the whole fee limit).
    test::ScriptedBackend backend;
    backend.add("a", 5'000'000, 3'900'000);
    backend.add("b", 1'000'000, 20'000);
    backend.add("c", 3'000'000, 2'600'000);
    backend.add("d", 2'000'000, 100'000);
    backend.add("e", 700'000, 350'000);
    backend.add("f", 1'500'000, 10'000);
    Liquidity liquidity(backend, config);
    const auto distance = [&](const Channel& c) {
        return std::abs(static_cast<double>(c.local_sat) - config.target_outbound_ratio * static_cast<double>(c.capacity_sat));
    };

    int rounds = 0;
    for (;; ++rounds) {
        REQUIRE(rounds < 10);
        liquidity.refresh();
        const std::vector<RebalancePlan> plans = liquidity.report().rebalances;
        if (plans.empty()) break;
        std::map<std::string, Channel*> by_id;
        std::map<std::string, double> before;
        for (Channel& c : backend.balances.channels) {
            by_id[c.id] = &c;
            before[c.id] = distance(c);
        }
        for (const RebalancePlan& plan : plans) {
            CHECK(plan.amount_sat >= config.min_rebalance_sat);
            CHECK(plan.max_fee_msat == plan.amount_sat * config.max_rebalance_fee_ppm / 1000);
            Channel& out = *by_id.at(plan.out_channel);
            Channel& in = *by_id.at(plan.in_channel);
            const std::uint64_t fee_sat = (plan.max_fee_msat + 999) / 1000;
            REQUIRE(out.local_sat >= plan.amount_sat + fee_sat);
            REQUIRE(in.remote_sat >= plan.amount_sat);
            out.local_sat -= plan.amount_sat + fee_sat;
            out.remote_sat += plan.amount_sat;
            in.local_sat += plan.amount_sat;
            in.remote_sat -= plan.amount_sat;
            // A receiver never overshoots its target.
            CHECK(static_cast<double>(in.local_sat) <= config.target_outbound_ratio * static_cast<double>(in.capacity_sat));
        }
        // Every channel a plan touched is closer to the target than before.
        for (const RebalancePlan& plan : plans) {
            CHECK(distance(*by_id.at(plan.out_channel)) < before.at(plan.out_channel));
            CHECK(distance(*by_id.at(plan.in_channel)) < before.at(plan.in_channel));
        }
    }
    CHECK(rounds >= 1);
    const LiquidityReport final_report = liquidity.report();
    for (const ChannelLiquidity& c : final_report.channels) {
        INFO(c.id << " at " << c.outbound_ratio);
        CHECK(c.status == ChannelStatus::balanced);
    }
    CHECK(final_report.alerts.empty());
}

TEST_CASE("liquidity: check_payable refuses what no single active channel can carry", "[liquidity]") {
    test::ScriptedBackend backend;
    backend.add("a", 1'000'000, 500'000);
    backend.add("b", 1'000'000, 300'000);
    backend.add("off", 5'000'000, 4'000'000, false);
    Clock clock;
    Liquidity liquidity(backend, LiquidityConfig{}, clock.function());

    // Exactly the largest local balance, fee included, goes.
    CHECK_NOTHROW(liquidity.check_payable(499'000'000, 1'000'000));
    CHECK_NOTHROW(liquidity.check_payable(1'000, 0));
    // Two channels together could, but a payment takes one (no multi-part payments here).
    try {
        liquidity.check_payable(499'000'001, 1'000'000);
        FAIL("not refused");
    } catch (const LiquidityError& e) {
        CHECK(e.largest_payable_msat() == 499'000'000);
        CHECK_THAT(e.what(), Catch::Contains("499000.001 sat") && Catch::Contains("fee limit of 1000 sat") &&
                                 Catch::Contains("the largest payable amount is 499000 sat"));
    }
    // The inactive channel's 4,000,000 sat do not count.
    CHECK_THAT(liquidity_error([&] { liquidity.check_payable(1'000'000'000, 0); }),
               Catch::Contains("largest payable amount is 500000 sat"));
    // A fee limit above every balance: nothing is payable; no overflow near the top either.
    try {
        liquidity.check_payable(1, 600'000'000);
        FAIL("not refused");
    } catch (const LiquidityError& e) {
        CHECK(e.largest_payable_msat() == 0);
    }
    CHECK_FALSE(liquidity_error([&] { liquidity.check_payable(UINT64_MAX, UINT64_MAX); }).empty());

    SECTION("it reads the balances again once they are older than the interval") {
        REQUIRE(backend.reads == 1);
        backend.balances.channels[0].local_sat = 900'000;
        clock.now_ms += 59'000;
        CHECK_FALSE(liquidity_error([&] { liquidity.check_payable(800'000'000, 0); }).empty());
        CHECK(backend.reads == 1);
        clock.now_ms += 1'000;
        CHECK_NOTHROW(liquidity.check_payable(800'000'000, 0));
        CHECK(backend.reads == 2);
    }
    SECTION("no active channel at all") {
        for (Channel& c : backend.balances.channels) c.active = false;
        liquidity.refresh();
        CHECK_THAT(liquidity_error([&] { liquidity.check_payable(1'000, 0); }), Catch::Contains("no active Lightning channel"));
    }
    SECTION("balances never read (backend down): not refused, the backend answers for itself") {
        test::ScriptedBackend down;
        down.failure = "connection refused";
        Liquidity blind(down, LiquidityConfig{}, clock.function());
        CHECK_NOTHROW(blind.check_payable(1'000'000'000'000, 0));
        CHECK(down.reads == 1);
    }
}

TEST_CASE("liquidity: a failing backend leaves a stale or unavailable report, never an exception", "[liquidity]") {
    test::ScriptedBackend backend;
    Clock clock;
    Liquidity liquidity(backend, LiquidityConfig{}, clock.function());

    SECTION("down from the start: unavailable") {
        backend.failure = "LND unreachable (/v1/balance/channels): connection refused";
        CHECK_FALSE(liquidity.refresh());
        const LiquidityReport report = liquidity.report();
        CHECK(report.state == SnapshotState::unavailable);
        CHECK(report.channels.empty());
        CHECK_FALSE(report.read_at_ms);
        CHECK(report.error == backend.failure);
        REQUIRE(report.alerts.size() == 1);
        CHECK(report.alerts[0].severity == AlertSeverity::critical);
        CHECK_THAT(report.alerts[0].message, Catch::Contains("connection refused"));
        const nlohmann::json json = report_json(report);
        CHECK(json["state"] == "unavailable");
        CHECK(json["read_at"].is_null());
        CHECK(json["channels"].empty());
    }
    SECTION("down after a good read: stale, with the earlier channels") {
        backend.add("a", 1'000'000, 500'000);
        REQUIRE(liquidity.refresh());
        const std::int64_t first_read = clock.now_ms;
        clock.now_ms += 120'000;
        backend.storage_failure = true;  // not a LightningError: caught all the same
        CHECK_FALSE(liquidity.refresh());
        const LiquidityReport report = liquidity.report();
        CHECK(report.state == SnapshotState::stale);
        CHECK(report.read_at_ms == first_read);
        REQUIRE(report.channels.size() == 1);
        CHECK_THAT(*report.error, Catch::Contains("disk on fire"));
        REQUIRE(report.alerts.size() == 1);
        CHECK(report.alerts[0].severity == AlertSeverity::warning);
        CHECK_THAT(report.alerts[0].message, Catch::Contains("earlier read"));
        // check_payable still judges the earlier balances.
        CHECK_NOTHROW(liquidity.check_payable(400'000'000, 0));
        CHECK_THROWS_AS(liquidity.check_payable(600'000'000, 0), LiquidityError);

        // Back up: ok again.
        backend.storage_failure = false;
        clock.now_ms += 60'000;
        CHECK(liquidity.report().state == SnapshotState::ok);
        CHECK(liquidity.report().read_at_ms == clock.now_ms);
    }
    SECTION("report() tries a down backend once per interval, not on every call") {
        backend.failure = "timed out";
        liquidity.report();
        liquidity.report();
        CHECK(backend.reads == 1);
        clock.now_ms += 60'000;
        liquidity.report();
        CHECK(backend.reads == 2);
    }
}

TEST_CASE("liquidity: the JSON report", "[liquidity]") {
    test::ScriptedBackend backend;
    backend.add("a", 1'000'000, 900'000);
    backend.add("b", 1'000'000, 100'000);
    Clock clock;
    Liquidity liquidity(backend, LiquidityConfig{}, clock.function());
    const nlohmann::json json = report_json(liquidity.report());
    CHECK(json["backend"] == "scripted");
    CHECK(json["state"] == "ok");
    CHECK(json["read_at"] == 1'700'000'000);
    CHECK_FALSE(json.contains("error"));
    CHECK(json["targets"] == nlohmann::json{{"target_outbound_ratio", 0.5}, {"low_outbound_ratio", 0.2},
                                            {"high_outbound_ratio", 0.8}, {"min_rebalance_sat", 10'000},
                                            {"max_rebalance_fee_ppm", 1000}, {"refresh_s", 60}});
    REQUIRE(json["channels"].size() == 2);
    CHECK(json["channels"][0] == nlohmann::json{{"id", "a"},
                                                {"peer", backend.balances.channels[0].peer},
                                                {"capacity_sat", 1'000'000},
                                                {"local_sat", 900'000},
                                                {"remote_sat", 100'000},
                                                {"outbound_ratio", 0.9},
                                                {"inbound_ratio", 0.1},
                                                {"active", true},
                                                {"status", "low_inbound"}});
    CHECK(json["channels"][1]["status"] == "low_outbound");
    CHECK(json["totals"] == nlohmann::json{{"channels", 2}, {"active_channels", 2}, {"capacity_sat", 2'000'000},
                                           {"local_sat", 1'000'000}, {"remote_sat", 1'000'000},
                                           {"outbound_ratio", 0.5}, {"inbound_ratio", 0.5},
                                           {"largest_local_sat", 900'000}});
    REQUIRE(json["alerts"].size() == 2);
    CHECK(json["alerts"][0]["severity"] == "warning");
    CHECK(json["alerts"][0]["channel"] == "a");
    CHECK(json["alerts"][0]["message"].is_string());
    REQUIRE(json["rebalances"].size() == 1);
    CHECK(json["rebalances"][0] == nlohmann::json{{"out_channel", "a"},
                                                  {"out_peer", backend.balances.channels[0].peer},
                                                  {"in_channel", "b"},
                                                  {"in_peer", backend.balances.channels[1].peer},
                                                  {"amount_sat", 400'000},
                                                  {"max_fee_msat", 400'000}});
}

TEST_CASE("liquidity: /metrics gauges read the last snapshot", "[liquidity][metrics]") {
    test::ScriptedBackend backend;
    backend.add("881", 1'000'000, 250'000);
    backend.add("882", 1'000'000, 900'000);
    backend.add("883", 500'000, 100'000, false);
    Liquidity liquidity(backend, LiquidityConfig{});
    Metrics metrics;
    register_liquidity_metrics(metrics, liquidity);

    // Before any read: nothing known, no channel samples.
    std::string text = metrics.render();
    CHECK_THAT(text, Catch::Contains("flash_lightning_liquidity_read_ok 0\n"));
    CHECK_THAT(text, !Catch::Contains("flash_lightning_channel_outbound_ratio{"));
    CHECK(backend.reads == 0);  // scraping never calls the backend

    liquidity.refresh();
    text = metrics.render();
    CHECK_THAT(text, Catch::Contains("# TYPE flash_lightning_channel_outbound_ratio gauge\n"
                                     "flash_lightning_channel_outbound_ratio{channel=\"881\"} 0.25\n"
                                     "flash_lightning_channel_outbound_ratio{channel=\"882\"} 0.90000000000000002\n"
                                     "flash_lightning_channel_outbound_ratio{channel=\"883\"} 0.20000000000000001\n"));
    CHECK_THAT(text, Catch::Contains("flash_lightning_channels 3\n"));
    CHECK_THAT(text, Catch::Contains("flash_lightning_active_channels 2\n"));
    CHECK_THAT(text, Catch::Contains("flash_lightning_capacity_sat 2000000\n"));
    CHECK_THAT(text, Catch::Contains("flash_lightning_outbound_sat 1150000\n"));
    CHECK_THAT(text, Catch::Contains("flash_lightning_inbound_sat 850000\n"));
    CHECK_THAT(text, Catch::Contains("flash_lightning_outbound_ratio 0.57499999999999996\n"));
    CHECK_THAT(text, Catch::Contains("flash_lightning_liquidity_alerts 2\n"));  // 882 low inbound, 883 inactive
    CHECK_THAT(text, Catch::Contains("flash_lightning_rebalances_planned 1\n"));  // 882 -> 881
    CHECK_THAT(text, Catch::Contains("flash_lightning_liquidity_read_ok 1\n"));
    CHECK(backend.reads == 1);

    // A closed channel's sample goes; a failed read keeps the earlier channels and says so.
    backend.balances.channels.pop_back();
    liquidity.refresh();
    backend.failure = "down";
    liquidity.refresh();
    text = metrics.render();
    CHECK_THAT(text, !Catch::Contains("channel=\"883\""));
    CHECK_THAT(text, Catch::Contains("flash_lightning_channel_outbound_ratio{channel=\"882\"}"));
    CHECK_THAT(text, Catch::Contains("flash_lightning_liquidity_read_ok 0\n"));
    CHECK_THAT(text, Catch::Contains("flash_lightning_liquidity_alerts 2\n"));  // 882, and the failed read
}
