// The custodial Lightning accounts over the fake backend: invoices credited once, payments held
// before they are sent and settled or released after, payments between users inside the ledger,
// refusals that leave every balance as it was, and a restart with a payment in flight.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/crypto/hash.hpp"
#include "core/crypto/random.hpp"
#include "core/lightning/bolt11.hpp"
#include "node/lightning/fake_backend.hpp"
#include "node/lightning/lightning_accounts.hpp"
#include "support/temp_dir.hpp"

using namespace flash;
using namespace flash::node;
using namespace flash::node::lightning;
namespace bolt11 = flash::lightning::bolt11;
using namespace std::chrono_literals;

namespace {

crypto::SecretKey key_from(const char* seed) { return crypto::secret_key_from(crypto::sha256(as_bytes(seed))); }

const std::string alice = std::string(64, 'a');
const std::string bob = std::string(64, 'b');

struct Fixture {
    test::TempDir dir;
    std::int64_t now_ms = 1'700'000'000'000;
    std::unique_ptr<FakeLightningBackend> backend;
    std::unique_ptr<LightningAccounts> accounts;

    Fixture() { open(); }
    void open() {
        accounts.reset();
        backend = std::make_unique<FakeLightningBackend>(dir.str(), key_from("fake node"), 1000ms,
                                                         [this] { return now_ms; });
        accounts = std::make_unique<LightningAccounts>(*backend, open_sqlite_store(dir.str()),
                                                       [this] { return now_ms / 1000; });
    }
    void advance(std::chrono::milliseconds by) { now_ms += by.count(); }

    /// Gives `user` `sat` through an invoice the fake's simulated payer settles.
    void fund(const std::string& user, std::uint64_t sat) {
        accounts->create_invoice(user, sat * 1000, "top up", 3600);
        advance(1500ms);
        accounts->tick();
    }
    std::int64_t available(const std::string& user) { return accounts->balance(user).available_msat; }
};

// An invoice of another regtest node, paid through the fake's "network".
std::string foreign_invoice(std::uint64_t amount_msat, const std::string& description, std::int64_t now_s) {
    bolt11::Invoice invoice;
    invoice.network = bolt11::Network::regtest;
    invoice.amount_msat = amount_msat;
    invoice.timestamp = static_cast<std::uint64_t>(now_s);
    invoice.fields = {bolt11::PaymentHash{crypto::random_array<32>()}, bolt11::PaymentSecret{crypto::random_array<32>()},
                      bolt11::Description{description}};
    return bolt11::encode(invoice, key_from("someone else"));
}

AccountErrc error_of(const std::function<void()>& call) {
    try {
        call();
    } catch (const AccountError& e) {
        return e.code();
    }
    FAIL("no AccountError thrown");
    return AccountErrc::not_found;
}

}  // namespace

TEST_CASE("an invoice credits its user once, when the backend settles it", "[lightning-accounts]") {
    Fixture f;
    const LedgerInvoice invoice = f.accounts->create_invoice(alice, 21'000'000, "coffee", 600);
    CHECK(invoice.user == alice);
    CHECK(f.accounts->tick() == 0);  // the fake settles after 1 s
    CHECK(f.available(alice) == 0);
    f.advance(1500ms);
    CHECK(f.accounts->tick() == 1);
    CHECK(f.accounts->tick() == 0);
    CHECK(f.available(alice) == 21'000'000);
    CHECK(f.accounts->invoice(alice, invoice.payment_hash).settled_at.has_value());
    CHECK(error_of([&] { f.accounts->invoice(bob, invoice.payment_hash); }) == AccountErrc::not_found);
}

TEST_CASE("a payment is held, then charged its real fee", "[lightning-accounts]") {
    Fixture f;
    f.fund(alice, 10'000);
    const std::string bolt11 = foreign_invoice(5'000'000, "shop", f.now_ms / 1000);

    const LedgerPayment paid = f.accounts->pay(alice, bolt11, std::nullopt);
    CHECK(paid.state == LedgerPaymentState::succeeded);
    CHECK(paid.description == "shop");  // the invoice's, kept for the history
    CHECK(f.accounts->payment(alice, paid.payment_hash).description == "shop");
    CHECK(paid.fee_msat == 50'000);  // the fake charges 1%
    CHECK(paid.fee_reserve_msat == default_fee_reserve_msat(5'000'000));
    CHECK(f.available(alice) == 10'000'000 - 5'000'000 - 50'000);
    CHECK(f.accounts->balance(alice).pending_msat == 0);

    // The same invoice again: refused, nothing held.
    CHECK(error_of([&] { f.accounts->pay(alice, bolt11, std::nullopt); }) == AccountErrc::already_paid);
    CHECK(f.available(alice) == 10'000'000 - 5'000'000 - 50'000);
}

TEST_CASE("refused payments leave the balance exactly as it was", "[lightning-accounts]") {
    Fixture f;
    f.fund(alice, 1'000);
    const std::int64_t before = f.available(alice);
    const std::int64_t now_s = f.now_ms / 1000;

    CHECK(error_of([&] { f.accounts->pay(alice, foreign_invoice(999'000, "x", now_s), std::nullopt); }) ==
          AccountErrc::insufficient_balance);  // 999 sat + 10 sat reserve > 1000 sat
    CHECK(error_of([&] { f.accounts->pay(alice, "lnbcrt1garbage", std::nullopt); }) == AccountErrc::bad_invoice);
    CHECK(error_of([&] { f.accounts->pay(alice, foreign_invoice(1'000, "x", now_s - 7200), std::nullopt); }) ==
          AccountErrc::bad_invoice);  // expired (default expiry 3600 s)
    CHECK(error_of([&] { f.accounts->pay(bob, foreign_invoice(1'000, "x", now_s), std::nullopt); }) ==
          AccountErrc::insufficient_balance);
    CHECK(f.available(alice) == before);
    CHECK(f.available(bob) == 0);

    // A payment the network fails releases its hold.
    const LedgerPayment failed = f.accounts->pay(alice, foreign_invoice(100'000, fake_fail_description, now_s), std::nullopt);
    CHECK(failed.state == LedgerPaymentState::failed);
    CHECK_FALSE(failed.failure_reason.empty());
    CHECK(f.available(alice) == before);
}

TEST_CASE("users of the node pay each other inside the ledger", "[lightning-accounts]") {
    Fixture f;
    f.fund(alice, 5'000);
    const LedgerInvoice bobs = f.accounts->create_invoice(bob, 2'000'000, "split the bill", 600, true);
    CHECK(f.accounts->invoice(bob, bobs.payment_hash).sale);  // asked for by Bob's point of sale

    const LedgerPayment paid = f.accounts->pay(alice, bobs.bolt11, std::nullopt);
    CHECK(paid.state == LedgerPaymentState::succeeded);
    CHECK(paid.internal);
    CHECK(f.accounts->payment(alice, paid.payment_hash).description == "split the bill");
    CHECK(paid.fee_msat == 0);
    CHECK(f.available(alice) == 3'000'000);
    CHECK(f.available(bob) == 2'000'000);

    // The fake's simulated payer "settles" Bob's invoice later too: it is credited only once.
    f.advance(1500ms);
    f.accounts->tick();
    CHECK(f.available(bob) == 2'000'000);
    CHECK(error_of([&] { f.accounts->pay(alice, bobs.bolt11, std::nullopt); }) == AccountErrc::already_paid);
    CHECK_FALSE(f.accounts->create_invoice(bob, 1'000, "", 600).sale);

    const LedgerInvoice own = f.accounts->create_invoice(alice, 1'000, "", 600);
    CHECK(error_of([&] { f.accounts->pay(alice, own.bolt11, std::nullopt); }) == AccountErrc::own_invoice);
    CHECK(f.available(alice) == 3'000'000);
}

TEST_CASE("a payment in flight stays held across a restart until its outcome is known", "[lightning-accounts]") {
    Fixture f;
    f.fund(alice, 2'000);
    const LedgerPayment sent =
        f.accounts->pay(alice, foreign_invoice(1'000'000, fake_pending_description, f.now_ms / 1000), 5'000);
    CHECK(sent.state == LedgerPaymentState::pending);
    CHECK(f.available(alice) == 2'000'000 - 1'005'000);
    CHECK(f.accounts->balance(alice).pending_msat == 1'005'000);

    f.open();  // a restart: the hold is in the database
    f.advance(120s);
    f.accounts->tick();
    CHECK(f.accounts->payment(alice, sent.payment_hash).state == LedgerPaymentState::pending);
    CHECK(f.available(alice) == 2'000'000 - 1'005'000);
}

TEST_CASE("two connections cannot spend the same balance twice", "[lightning-accounts]") {
    Fixture f;
    f.fund(alice, 1'000);
    // Both try to spend the whole balance at once, each through its own database connection.
    std::atomic<int> started{0};
    auto spend = [&] {
        std::unique_ptr<NodeStore> store = open_sqlite_store(f.dir.str());
        LedgerPayment payment;
        payment.payment_hash = crypto::random_array<32>();
        payment.user = alice;
        payment.bolt11 = "lnbcrt-test";
        payment.amount_msat = 990'000;
        payment.fee_reserve_msat = 10'000;
        payment.created_at = 1;
        if (store->ledger().start_payment(payment) == PaymentStart::started) ++started;
    };
    for (int round = 0; round < 20; ++round) {
        std::thread a(spend), b(spend);
        a.join();
        b.join();
    }
    CHECK(started == 1);
    CHECK(f.available(alice) == 0);
}
