// RateService: the cache in front of the exchange-rate source. Nothing until the source first
// answers; the source asked at most once per max_age and never on the caller's thread; a failing
// source leaves the last good rate of each currency with the time it was learned; many requests
// during a slow fetch start one fetch. And the fixed, labelled fake rates.
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "node/rates/fake_rates.hpp"
#include "node/rates/rate_service.hpp"
#include "scripted_rates.hpp"

using namespace flash::node::rates;
using flash::test::ScriptedRates;
using flash::test::TestClock;
using flash::test::eventually;
using namespace std::chrono_literals;

namespace {

struct Fixture {
    TestClock clock;
    ScriptedRates* source;  // owned by the service
    RateService service;

    Fixture() : Fixture(std::make_unique<ScriptedRates>()) {}

private:
    explicit Fixture(std::unique_ptr<ScriptedRates> s) : source(s.get()), service(std::move(s), 60s, clock.function()) {}
};

}  // namespace

TEST_CASE("rate service: nothing is known until the source answers; a request starts the fetch", "[rates]") {
    Fixture f;
    f.source->then(std::vector<ScriptedRates::Quote>{{"EUR", 80'000}});
    CHECK(f.service.source_name() == "scripted");
    CHECK(f.service.current().empty());  // answered at once, from nothing
    REQUIRE(eventually([&] { return !f.service.current().empty(); }));
    const FiatRates rates = f.service.current();
    REQUIRE(rates.size() == 1);
    CHECK(rates.at("EUR").per_btc == 80'000);
    CHECK(rates.at("EUR").at == f.clock.now);
    CHECK(f.source->calls() == 1);
}

TEST_CASE("rate service: the source is asked at most once per max_age", "[rates]") {
    Fixture f;
    const std::int64_t start = f.clock.now;
    f.source->then(std::vector<ScriptedRates::Quote>{{"EUR", 80'000}});
    f.source->then(std::vector<ScriptedRates::Quote>{{"EUR", 81'000}});
    f.service.refresh();
    REQUIRE(f.source->calls() == 1);

    f.clock.now = start + 59;
    for (int i = 0; i < 20; ++i) CHECK(f.service.current().at("EUR").per_btc == 80'000);
    std::this_thread::sleep_for(50ms);
    CHECK(f.source->calls() == 1);

    f.clock.now = start + 60;
    CHECK(f.service.current().at("EUR").per_btc == 80'000);  // the old rate, while the new one is fetched
    REQUIRE(f.source->wait_calls(2));
    REQUIRE(eventually([&] { return f.service.current().at("EUR").per_btc == 81'000; }));
    CHECK(f.service.current().at("EUR").at == start + 60);
    CHECK(f.source->calls() == 2);
}

TEST_CASE("rate service: a failing source leaves the last good rates with their time", "[rates]") {
    Fixture f;
    const std::int64_t start = f.clock.now;
    f.source->then(std::vector<ScriptedRates::Quote>{{"EUR", 80'000}, {"USD", 90'000}});
    f.source->then(RateErrc::unavailable);
    f.source->then(RateErrc::malformed);
    f.source->then(std::vector<ScriptedRates::Quote>{{"USD", 91'000}});
    f.service.refresh();

    for (const std::int64_t later : {start + 100, start + 200}) {
        f.clock.now = later;
        f.service.refresh();  // fails: logged, nothing thrown
        const FiatRates kept = f.service.current();
        REQUIRE(kept.size() == 2);
        CHECK(kept.at("EUR").per_btc == 80'000);
        CHECK(kept.at("EUR").at == start);
        CHECK(kept.at("USD").at == start);
    }

    // A currency left out of an answer keeps its last good rate; the others are new.
    f.clock.now = start + 300;
    f.service.refresh();
    const FiatRates mixed = f.service.current();
    CHECK(mixed.at("EUR").per_btc == 80'000);
    CHECK(mixed.at("EUR").at == start);
    CHECK(mixed.at("USD").per_btc == 91'000);
    CHECK(mixed.at("USD").at == start + 300);
    CHECK(f.source->calls() == 4);
}

TEST_CASE("rate service: a source that never answered is tried again after max_age", "[rates]") {
    Fixture f;
    const std::int64_t start = f.clock.now;
    f.source->then(RateErrc::unavailable);
    f.source->then(std::vector<ScriptedRates::Quote>{{"CHF", 75'000}});
    f.service.refresh();
    CHECK(f.service.current().empty());

    f.clock.now = start + 59;
    CHECK(f.service.current().empty());
    std::this_thread::sleep_for(50ms);
    CHECK(f.source->calls() == 1);

    f.clock.now = start + 60;
    f.service.current();
    REQUIRE(eventually([&] { return f.service.current().contains("CHF"); }));
    CHECK(f.source->calls() == 2);
}

TEST_CASE("rate service: requests during a slow fetch are answered at once and start no other fetch", "[rates]") {
    Fixture f;
    f.source->then(std::vector<ScriptedRates::Quote>{{"GBP", 70'000}});
    f.source->hold();
    std::vector<std::thread> requests;
    std::atomic<int> empty_answers = 0;
    for (int t = 0; t < 8; ++t) {
        requests.emplace_back([&] {
            for (int i = 0; i < 100; ++i) empty_answers += f.service.current().empty() ? 1 : 0;
        });
    }
    for (auto& thread : requests) thread.join();
    CHECK(empty_answers == 800);  // none of them waited for the source
    REQUIRE(f.source->wait_calls(1));
    std::this_thread::sleep_for(50ms);
    CHECK(f.source->calls() == 1);
    f.source->release();
    REQUIRE(eventually([&] { return f.service.current().contains("GBP"); }));
    CHECK(f.source->calls() == 1);
}

TEST_CASE("fake rates: the five currencies at fixed rates, labelled fake", "[rates]") {
    FakeRates fake;
    CHECK(fake.name() == "fake");
    const FiatRates rates = fake.fetch(1234);
    REQUIRE(rates.size() == fiat_currencies.size());
    for (const std::string_view code : fiat_currencies) {
        INFO(code);
        REQUIRE(rates.contains(code));
        CHECK(rates.find(code)->second.per_btc > 1000);
        CHECK(rates.find(code)->second.at == 1234);
    }
    CHECK(rates.at("EUR").per_btc == 80'000);
    CHECK(fake.fetch(99).at("EUR").per_btc == 80'000);  // fixed: the same every time

    TestClock clock;
    RateService service(std::make_unique<FakeRates>(), 60s, clock.function());
    CHECK(service.source_name() == "fake");
    service.refresh();
    CHECK(service.current().size() == 5);
}
