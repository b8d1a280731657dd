// The LND backend's payments against the loopback LND (POST /v2/router/send, GET
// /v2/router/track/{hash}): success, NO_ROUTE, in flight then tracked, the same invoice twice.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/crypto/hash.hpp"
#include "core/lightning/bolt11.hpp"
#include "lnd_fixture.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::node::lightning;
namespace bolt11 = flash::lightning::bolt11;
using Outcome = test::LndRestServer::Outcome;

namespace {

ByteArray<32> hash_of(const std::string& invoice) { return bolt11::decode(invoice).invoice.payment_hash(); }

}  // namespace

TEST_CASE("lnd: pays an invoice through the router stream", "[lnd]") {
    test::LndFixture f;
    auto lnd = f.open();
    const std::string invoice = f.server.foreign_invoice(100'000, "rent");
    const PaymentResult paid = lnd->pay(invoice, 5'000);
    CHECK(paid.status == PaymentStatus::succeeded);
    CHECK(paid.fee_msat == 1'000);
    REQUIRE(paid.preimage);
    CHECK(crypto::sha256(*paid.preimage) == hash_of(invoice));

    // What went to LND: 64-bit integers as strings, a fee limit (0 would mean fee-free routes only).
    const nlohmann::json sent = nlohmann::json::parse(f.server.last_send_body());
    CHECK(sent["payment_request"] == invoice);
    CHECK(sent["fee_limit_msat"] == "5000");
    CHECK(sent["timeout_seconds"] == 60);

    const PaymentResult tracked = lnd->payment(hash_of(invoice));
    CHECK(tracked.status == PaymentStatus::succeeded);
    CHECK(tracked.preimage == paid.preimage);
}

TEST_CASE("lnd: a payment LND cannot route fails with its reason", "[lnd]") {
    test::LndFixture f;
    auto lnd = f.open();
    const std::string invoice = f.server.foreign_invoice(100'000, "nowhere");
    f.server.script(hash_of(invoice), Outcome::no_route);
    const PaymentResult failed = lnd->pay(invoice, 5'000);
    CHECK(failed.status == PaymentStatus::failed);
    CHECK(failed.failure_reason == "FAILURE_REASON_NO_ROUTE");
    CHECK_FALSE(failed.preimage);
    CHECK(lnd->payment(hash_of(invoice)).status == PaymentStatus::failed);

    SECTION("a fee limit below the route's fee fails the same way") {
        const std::string cheap = f.server.foreign_invoice(100'000, "too cheap");
        CHECK(lnd->pay(cheap, 999).status == PaymentStatus::failed);
    }
}

TEST_CASE("lnd: an in-flight payment returns at once and is tracked to its end", "[lnd]") {
    test::LndFixture f;
    auto lnd = f.open();
    const std::string invoice = f.server.foreign_invoice(100'000, "slow");
    const ByteArray<32> hash = hash_of(invoice);
    f.server.script(hash, Outcome::in_flight);
    CHECK(lnd->pay(invoice, 5'000).status == PaymentStatus::in_flight);
    CHECK(lnd->payment(hash).status == PaymentStatus::in_flight);

    SECTION("it succeeds") {
        f.server.finish_payment(hash, true);
        const PaymentResult done = lnd->payment(hash);
        CHECK(done.status == PaymentStatus::succeeded);
        REQUIRE(done.preimage);
        CHECK(crypto::sha256(*done.preimage) == hash);
    }
    SECTION("it fails") {
        f.server.finish_payment(hash, false);
        const PaymentResult done = lnd->payment(hash);
        CHECK(done.status == PaymentStatus::failed);
        CHECK(done.failure_reason == "FAILURE_REASON_TIMEOUT");
    }
}

TEST_CASE("lnd: paying the same invoice twice reports the first attempt", "[lnd]") {
    test::LndFixture f;
    auto lnd = f.open();

    SECTION("after success") {
        const std::string invoice = f.server.foreign_invoice(100'000, "once");
        const PaymentResult first = lnd->pay(invoice, 5'000);
        REQUIRE(first.status == PaymentStatus::succeeded);
        const PaymentResult second = lnd->pay(invoice, 5'000);
        CHECK(second.status == PaymentStatus::succeeded);
        CHECK(second.preimage == first.preimage);
        CHECK(second.fee_msat == first.fee_msat);
        CHECK(f.server.send_calls(hash_of(invoice)) == 2);  // LND refused the second (ALREADY_EXISTS)
    }
    SECTION("while in flight") {
        const std::string invoice = f.server.foreign_invoice(100'000, "stuck");
        f.server.script(hash_of(invoice), Outcome::in_flight);
        REQUIRE(lnd->pay(invoice, 5'000).status == PaymentStatus::in_flight);
        CHECK(lnd->pay(invoice, 5'000).status == PaymentStatus::in_flight);
        f.server.finish_payment(hash_of(invoice), true);
        CHECK(lnd->pay(invoice, 5'000).status == PaymentStatus::succeeded);
    }
    SECTION("after a final failure LND may try again") {
        const std::string invoice = f.server.foreign_invoice(100'000, "retry");
        f.server.script(hash_of(invoice), Outcome::no_route);
        REQUIRE(lnd->pay(invoice, 5'000).status == PaymentStatus::failed);
        f.server.script(hash_of(invoice), Outcome::succeed);
        CHECK(lnd->pay(invoice, 5'000).status == PaymentStatus::succeeded);
    }
}

TEST_CASE("lnd: a payment LND never saw is unknown; invoices it cannot pay are refused", "[lnd]") {
    test::LndFixture f;
    auto lnd = f.open();
    CHECK(lnd->payment(ByteArray<32>{}).status == PaymentStatus::unknown);
    REQUIRE_THROWS_CODE(lnd->pay(f.server.mainnet_invoice(1000), 1000), Errc::bad_argument);
    REQUIRE_THROWS_CODE(lnd->pay("lnbcrt1garbage", 1000), Errc::bad_argument);
    CHECK(f.server.requests("/v2/router/send") == 0);
}
