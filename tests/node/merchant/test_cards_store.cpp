// The card store under the ledger: a card's spend (k1 once, counter up, state, version, limits)
// is checked and recorded inside its payment's transaction, so that a refusal leaves the ledger as
// it was and two connections racing for one counter cannot both hold a payment.
#include <catch2/catch.hpp>
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/codec/hex.hpp"
#include "core/crypto/random.hpp"
#include "ledger_fixture.hpp"
#include "node/merchant/cards/card_error.hpp"
#include "node/merchant/cards/spending_day.hpp"

using namespace flash;
using namespace flash::node;
using flash::node::merchant::cards::CardErrc;
using flash::node::merchant::cards::CardError;

namespace {

constexpr std::int64_t now = 1'700'000'000;

/// The holder's card, registered, and 100,000 sat of the holder's.
struct Fixture : test::LedgerFixture {
    CardRecord card;

    Fixture() {
        card.id = codec::hex_encode(crypto::random_array<16>());
        card.user = holder;
        card.uid = crypto::random_array<7>();
        card.settings = {"", 3'000'000, 5'000'000};
        card.created_at = card.updated_at = now;
        card = store->cards().register_card(card);
        test::fund(store->ledger(), holder, 100'000'000, now);
    }

    /// A tap read at `counter`: its k1's hash.
    ByteArray<32> tap(std::uint32_t counter, std::uint32_t version = 1, std::int64_t expires_at = now + 600) {
        const ByteArray<32> k1_hash = crypto::random_array<32>();
        store->cards().add_tap({k1_hash, card.id, version, counter, now, expires_at, std::nullopt}, now - 86'400);
        return k1_hash;
    }
    /// An open invoice of the merchant's.
    LedgerInvoice invoice(std::uint64_t amount_msat) {
        return test::add_invoice(store->ledger(), merchant, amount_msat, now);
    }
    /// The holder pays `invoice` with the tap `k1_hash`, over `on` (a connection).
    PaymentStart pay(NodeStore& on, const ByteArray<32>& k1_hash, const LedgerInvoice& invoice) {
        LedgerPayment payment;
        payment.payment_hash = invoice.payment_hash;
        payment.user = holder;
        payment.bolt11 = invoice.bolt11;
        payment.amount_msat = invoice.amount_msat;
        payment.created_at = now;
        return on.ledger().pay_internally(payment, now, [&](const LedgerPayment& held) {
            on.cards().spend({k1_hash, held.id, held.amount_msat, now, merchant::cards::utc_day_start(now)});
        });
    }
};

CardErrc refusal(const std::function<void()>& call) {
    try {
        call();
    } catch (const CardError& e) {
        return e.code();
    }
    FAIL("no CardError thrown");
    return CardErrc::not_found;
}

}  // namespace

TEST_CASE("a card spend is checked and recorded inside its payment's transaction", "[cards]") {
    Fixture f;
    const ByteArray<32> third = f.tap(3);
    REQUIRE(f.pay(*f.store, third, f.invoice(1'000'000)) == PaymentStart::started);
    CHECK(f.store->cards().card(f.card.id)->counter == 3);
    CHECK(f.store->cards().tap(third)->used_at == now);
    CHECK(f.store->cards().spent_since(f.card.id, merchant::cards::utc_day_start(now)) == 1'000'000);
    REQUIRE(f.store->cards().payments_of(f.card.id, 10).size() == 1);
    CHECK(f.store->cards().payments_of(f.card.id, 10)[0].counter == 3);
    CHECK(f.store->cards().payments_of(f.card.id, 10)[0].payment.internal);

    const std::int64_t before = f.available(f.holder);
    const auto refused = [&](const ByteArray<32>& k1_hash, std::uint64_t amount_msat) {
        const LedgerInvoice invoice = f.invoice(amount_msat);
        const CardErrc code = refusal([&] { f.pay(*f.store, k1_hash, invoice); });
        // Rolled back: no payment held, the invoice still open, the counter where it was.
        CHECK(f.available(f.holder) == before);
        CHECK_FALSE(f.store->ledger().invoice(invoice.payment_hash)->settled_at);
        CHECK(f.store->cards().card(f.card.id)->counter == 3);
        return code;
    };
    CHECK(refused(third, 1'000) == CardErrc::tap_used);
    CHECK(refused(f.tap(3), 1'000) == CardErrc::replayed);
    CHECK(refused(f.tap(2), 1'000) == CardErrc::replayed);
    CHECK(refused(crypto::random_array<32>(), 1'000) == CardErrc::unknown_tap);
    CHECK(refused(f.tap(4, 1, now - 1), 1'000) == CardErrc::tap_expired);
    CHECK(refused(f.tap(4, 2), 1'000) == CardErrc::reprogrammed);
    CHECK(refused(f.tap(4), 3'000'001) == CardErrc::over_payment_limit);
    const ByteArray<32> fourth = f.tap(4);
    REQUIRE(f.pay(*f.store, fourth, f.invoice(3'000'000)) == PaymentStart::started);
    CHECK(f.available(f.holder) == before - 3'000'000);
    const std::int64_t after = f.available(f.holder);
    CHECK(refusal([&] { f.pay(*f.store, f.tap(5), f.invoice(1'000'001)); }) == CardErrc::over_day_limit);
    CHECK(f.available(f.holder) == after);

    f.store->cards().update_card(f.holder, f.card.id, f.card.settings, CardState::disabled, now);
    CHECK(refusal([&] { f.pay(*f.store, f.tap(6), f.invoice(1'000)); }) == CardErrc::card_disabled);
    f.store->cards().update_card(f.holder, f.card.id, f.card.settings, CardState::wiped, now);
    CHECK(refusal([&] { f.pay(*f.store, f.tap(6), f.invoice(1'000)); }) == CardErrc::card_wiped);
    CHECK(refusal([&] { f.store->cards().update_card(f.holder, f.card.id, f.card.settings, CardState::active, now); }) ==
          CardErrc::card_wiped);
    // Outside a payment's transaction a spend is a programming error, not a refusal.
    CHECK_THROWS_AS(f.store->cards().spend({f.tap(7), 1, 1, now, now}), Error);
}

TEST_CASE("a card registered again gets a new version and counts from 0; another user's is taken", "[cards]") {
    Fixture f;
    REQUIRE(f.pay(*f.store, f.tap(9), f.invoice(1'000)) == PaymentStart::started);
    CardRecord again = f.card;
    again.settings.name = "again";
    const CardRecord second = f.store->cards().register_card(again);
    CHECK(second.version == 2);
    CHECK(second.counter == 0);
    CHECK(second.settings.name == "again");
    CHECK(second.created_at == f.card.created_at);

    CardRecord stolen = f.card;
    stolen.user = f.merchant;
    CHECK(refusal([&] { f.store->cards().register_card(stolen); }) == CardErrc::card_taken);
    f.store->cards().update_card(f.holder, f.card.id, f.card.settings, CardState::wiped, now);
    const CardRecord handed_on = f.store->cards().register_card(stolen);
    CHECK(handed_on.user == f.merchant);
    CHECK(handed_on.version == 3);
    CHECK(handed_on.state == CardState::active);
    CHECK(f.store->cards().cards_of(f.holder).empty());
}

TEST_CASE("a card keeps only its newest unused taps", "[cards]") {
    Fixture f;
    std::vector<ByteArray<32>> read;
    for (int i = 0; i < CardStore::max_unused_taps + 4; ++i) read.push_back(f.tap(1));  // one URL read over and over
    for (std::size_t i = 0; i < read.size(); ++i) {
        INFO(i);
        CHECK(f.store->cards().tap(read[i]).has_value() == (i >= 4));
    }
    // A used tap is history, not counted: paying with one leaves room for another.
    REQUIRE(f.pay(*f.store, read.back(), f.invoice(1'000)) == PaymentStart::started);
    const ByteArray<32> next = f.tap(2);
    CHECK(f.store->cards().tap(read[4]).has_value());
    CHECK(f.store->cards().tap(next).has_value());
    CHECK(f.store->cards().tap(read.back())->used_at == now);
}

TEST_CASE("two connections racing for one counter: exactly one holds its payment", "[cards]") {
    Fixture f;
    for (std::uint32_t counter = 1; counter <= 20; ++counter) {
        const ByteArray<32> first = f.tap(counter), second = f.tap(counter);
        const LedgerInvoice a = f.invoice(1'000), b = f.invoice(1'000);
        std::atomic<int> started{0}, replayed{0}, other{0};
        const auto attempt = [&](const ByteArray<32>& k1_hash, const LedgerInvoice& invoice) {
            std::unique_ptr<NodeStore> own = open_sqlite_store(f.dir.str());
            try {
                if (f.pay(*own, k1_hash, invoice) == PaymentStart::started) ++started;
            } catch (const CardError& e) {
                ++(e.code() == CardErrc::replayed ? replayed : other);
            } catch (...) {
                ++other;
            }
        };
        std::thread x([&] { attempt(first, a); });
        std::thread y([&] { attempt(second, b); });
        x.join();
        y.join();
        CHECK(started == 1);
        CHECK(replayed == 1);
        CHECK(other == 0);
    }
    CHECK(f.available(f.merchant) == 20 * 1'000);
    CHECK(f.available(f.holder) == 100'000'000 - 20 * 1'000);
}
