// Choosing the exchange-rate source: fake unless a flag, a variable or the JSON file's "rates"
// object says coinbase; the checks on its settings; the factory that builds what they name.
#include <catch2/catch.hpp>

#include "../server/config_fixture.hpp"
#include "node/rates/make_rate_source.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::node;

using test::load;

TEST_CASE("rates config: fake by default, coinbase by flag or variable", "[config][rates]") {
    const RatesConfig fake = load({}).config.rates;
    CHECK(fake.source == "fake");
    CHECK(fake.max_age_s == 60);
    CHECK(fake.timeout_s == 10);
    CHECK(fake.url == "https://api.coinbase.com");

    CHECK(load({"--rates", "coinbase"}).config.rates.source == "coinbase");
    CHECK(load({}, {{"FLASH_RATES", "coinbase"}}).config.rates.source == "coinbase");
    CHECK(load({"--rates", "fake"}, {{"FLASH_RATES", "coinbase"}}).config.rates.source == "fake");  // the flag wins
    CHECK(usage().find("--rates fake|coinbase") != std::string::npos);
}

TEST_CASE("rates config: the JSON file's rates object", "[config][rates]") {
    test::TempDir dir;
    const RatesConfig rates = load({"--config", write_config(dir, R"({"rates": {"source": "coinbase",
        "url": "https://rates.example:8443/proxy", "max_age_s": 30, "timeout_s": 5}})")})
                                  .config.rates;
    CHECK(rates.source == "coinbase");
    CHECK(rates.url == "https://rates.example:8443/proxy");
    CHECK(rates.max_age_s == 30);
    CHECK(rates.timeout_s == 5);

    const char* const refused[] = {
        R"({"rates": {"source": "kraken"}})",
        R"({"rates": {"source": "coinbase", "url": "http://api.coinbase.com"}})",  // never in clear
        R"({"rates": {"source": "coinbase", "url": "https://"}})",
        R"({"rates": {"max_age_s": 0}})",
        R"({"rates": {"timeout_s": "10"}})",
        R"({"rates": {"sources": "fake"}})",
        R"({"rates": "coinbase"})",
    };
    for (const char* text : refused) {
        INFO(text);
        test::require_error(Errc::bad_config, [&] { load({"--config", write_config(dir, text)}); });
    }
    test::require_error(Errc::bad_config, [&] { load({"--rates", "kraken"}); });
    test::require_error(Errc::bad_config, [&] { load({}, {{"FLASH_RATES", "Coinbase"}}); });
}

TEST_CASE("rates config: the factory builds the source named", "[config][rates]") {
    CHECK(rates::make_rate_source(RatesConfig{})->name() == "fake");
    CHECK(rates::make_rate_source(RatesConfig{.source = "coinbase"})->name() == "coinbase");
    test::require_error(Errc::bad_config, [] { rates::make_rate_source(RatesConfig{.source = "kraken"}); });
    test::require_error(Errc::bad_config,
                        [] { rates::make_rate_source(RatesConfig{.source = "coinbase", .url = "ftp://x"}); });
}
