// The liquidity targets in the JSON file's "lightning": {"liquidity": {...}}: defaults, values, and
// the mistakes load_config() names.
#include <catch2/catch.hpp>
#include <fstream>

#include "node/server/config.hpp"
#include "support/errors.hpp"
#include "support/temp_dir.hpp"

using namespace flash;
using namespace flash::node;

namespace {

LiquidityConfig load_liquidity(const test::TempDir& dir, const std::string& liquidity_json) {
    const std::string path = dir.file("config.json");
    std::ofstream(path) << R"({"lightning": {"liquidity": )" + liquidity_json + "}}";
    return load_config({"--config", path}, [](const char*) { return std::optional<std::string>(); })
        .config.lightning.liquidity;
}

}  // namespace

TEST_CASE("liquidity config: defaults", "[config][liquidity]") {
    const LiquidityConfig l =
        load_config({}, [](const char*) { return std::optional<std::string>(); }).config.lightning.liquidity;
    CHECK(l.target_outbound_ratio == 0.5);
    CHECK(l.low_outbound_ratio == 0.2);
    CHECK(l.high_outbound_ratio == 0.8);
    CHECK(l.min_rebalance_sat == 10'000);
    CHECK(l.max_rebalance_fee_ppm == 1000);
    CHECK(l.refresh_s == 60);
    CHECK_FALSE(l.auto_rebalance);
}

TEST_CASE("liquidity config: the JSON file's values", "[config][liquidity]") {
    test::TempDir dir;
    const LiquidityConfig l = load_liquidity(dir, R"({"target_outbound_ratio": 0.6, "low_outbound_ratio": 0.1,
        "high_outbound_ratio": 0.9, "min_rebalance_sat": 50000, "max_rebalance_fee_ppm": 250, "refresh_s": 30,
        "auto_rebalance": true})");
    CHECK(l.target_outbound_ratio == 0.6);
    CHECK(l.low_outbound_ratio == 0.1);
    CHECK(l.high_outbound_ratio == 0.9);
    CHECK(l.min_rebalance_sat == 50'000);
    CHECK(l.max_rebalance_fee_ppm == 250);
    CHECK(l.refresh_s == 30);
    CHECK(l.auto_rebalance);

    // The edges of what is allowed: the whole range, the target on a mark, no fee at all.
    const LiquidityConfig edges = load_liquidity(
        dir, R"({"low_outbound_ratio": 0, "high_outbound_ratio": 1, "target_outbound_ratio": 1, "max_rebalance_fee_ppm": 0})");
    CHECK(edges.low_outbound_ratio == 0);
    CHECK(edges.target_outbound_ratio == 1);
    CHECK(edges.max_rebalance_fee_ppm == 0);
}

TEST_CASE("liquidity config: mistakes are named", "[config][liquidity]") {
    test::TempDir dir;
    const auto refused = [&](const std::string& json, const std::string& named) {
        INFO(json);
        try {
            load_liquidity(dir, json);
            FAIL("accepted");
        } catch (const Error& e) {
            CHECK(e.code() == Errc::bad_config);
            CHECK_THAT(e.what(), Catch::Contains(named));
        }
    };
    refused(R"({"target_outbound_ratio": 1.5})", "target_outbound_ratio");
    refused(R"({"low_outbound_ratio": -0.1})", "low_outbound_ratio");
    refused(R"({"high_outbound_ratio": "0.8"})", "high_outbound_ratio");
    refused(R"({"low_outbound_ratio": 0.5, "high_outbound_ratio": 0.5})", "below high_outbound_ratio");
    refused(R"({"low_outbound_ratio": 0.7, "high_outbound_ratio": 0.3})", "below high_outbound_ratio");
    refused(R"({"target_outbound_ratio": 0.1})", "between");  // below the default low mark of 0.2
    refused(R"({"target_outbound_ratio": 0.9})", "between");
    refused(R"({"min_rebalance_sat": 0})", "min_rebalance_sat");
    refused(R"({"max_rebalance_fee_ppm": 1000001})", "max_rebalance_fee_ppm");
    refused(R"({"refresh_s": 0})", "refresh_s");
    refused(R"({"auto_rebalance": "yes"})", "auto_rebalance");
    refused(R"({"refresh": 10})", "lightning.liquidity.refresh");
    refused(R"([0.5])", "lightning.liquidity");
}
