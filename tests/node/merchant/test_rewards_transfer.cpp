// The ledger transfer rewards are paid with: a payment of one user and a settled invoice of the
// other under one ref, in one transaction with the caller's condition; refused without a trace
// when the balance is short, the ref is used, or the condition throws. The history calls both
// records rewards.
#include <catch2/catch.hpp>
#include <memory>
#include <stdexcept>
#include <string>

#include "ledger_fixture.hpp"
#include "node/api/ledger_json.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::node;

namespace {

constexpr std::int64_t now = 1'700'000'000;

/// A merchant with 1,000 sat to reward the holder from.
struct Fixture : test::LedgerFixture {
    Fixture() { test::fund(store->ledger(), merchant, 1'000'000, now); }
    LedgerTransfer transfer(std::uint64_t amount_msat) const {
        return {crypto::random_array<32>(), merchant, holder, amount_msat, "reward", now};
    }
};

}  // namespace

TEST_CASE("a ledger transfer moves balance once, with its condition, or not at all", "[rewards]") {
    Fixture f;
    const LedgerTransfer first = f.transfer(300'000);
    int conditions = 0;
    REQUIRE(f.store->ledger().transfer(first, [&](const LedgerPayment& payment) {
        CHECK(payment.id > 0);
        CHECK(payment.user == f.merchant);
        ++conditions;
    }) == PaymentStart::started);
    CHECK(conditions == 1);
    CHECK(f.available(f.merchant) == 700'000);
    CHECK(f.available(f.holder) == 300'000);
    const auto received = f.store->ledger().invoice(first.ref);
    REQUIRE(received);
    CHECK(received->user == f.holder);
    CHECK(received->internal);
    CHECK(received->settled_at == now);
    const auto sent = f.store->ledger().payment(f.merchant, first.ref);
    REQUIRE(sent);
    CHECK(sent->state == LedgerPaymentState::succeeded);
    CHECK(sent->internal);
    CHECK(sent->fee_msat == 0);
    // In the history both records are rewards, with the transfer's description.
    CHECK(sent->description == "reward");
    CHECK(received->description == "reward");
    CHECK(api::payment_history_item(*sent)["kind"] == "reward_paid");
    CHECK(api::invoice_history_item(*received, now)["kind"] == "reward_received");
    CHECK(api::invoice_history_item(*received, now)["sale"] == false);
    // The open invoices the backend is asked about never include a transfer.
    CHECK(f.store->ledger().open_invoices(0).empty());

    CHECK(f.store->ledger().transfer(first) == PaymentStart::already_paid);
    CHECK(f.store->ledger().transfer(f.transfer(700'001)) == PaymentStart::insufficient_balance);
    CHECK_THROWS_AS(f.store->ledger().transfer(f.transfer(1'000), [](const LedgerPayment&) {
        throw std::runtime_error("refused by the caller");
    }), std::runtime_error);
    test::require_error(Errc::bad_argument, [&] { f.store->ledger().transfer(f.transfer(0)); });
    LedgerTransfer to_self = f.transfer(1'000);
    to_self.to = f.merchant;
    test::require_error(Errc::bad_argument, [&] { f.store->ledger().transfer(to_self); });
    CHECK(f.available(f.merchant) == 700'000);
    CHECK(f.available(f.holder) == 300'000);
    CHECK(f.store->ledger().invoices_of(f.holder, 10).size() == 1);
}
