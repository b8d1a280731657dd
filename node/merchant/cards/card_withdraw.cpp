#include "node/merchant/cards/card_withdraw.hpp"

#include <algorithm>

#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/random.hpp"
#include "core/error.hpp"
#include "core/lightning/boltcard_sun.hpp"
#include "node/merchant/cards/card_error.hpp"
#include "node/merchant/cards/spending_day.hpp"
#include "node/server/log.hpp"

namespace flash::node::merchant::cards {
namespace {

/// Taps are kept this long after they expire, then forgotten.
constexpr std::int64_t tap_memory_s = 86'400;

ByteArray<32> k1_hash(std::string_view k1) { return crypto::sha256(as_bytes(k1)); }

}  // namespace

CardWithdraw::CardWithdraw(const CardIssuer& issuer, lightning::LightningAccounts& accounts,
                           std::unique_ptr<NodeStore> store, std::function<std::int64_t()> now_s)
    : issuer_(issuer), accounts_(accounts), store_(std::move(store)), now_s_(std::move(now_s)) {}

lnurl::WithdrawOffer CardWithdraw::read_tap(std::string_view p, std::string_view c,
                                                       const std::string& callback) {
    boltcard::CardTap tap;
    try {
        tap = boltcard::decrypt_tap(p, issuer_.encryption_key().view());
    } catch (const Error& e) {
        throw CardError(CardErrc::bad_tap, std::string("p is not a tap of this node's cards: ") + e.what());
    }
    const std::optional<CardRecord> card = store_->cards().card(issuer_.card_id(tap.uid));
    if (!card) throw CardError(CardErrc::unknown_card, "this card is not registered here");
    try {
        boltcard::check_tap_mac(tap, c, issuer_.keys(tap.uid, card->version).k2.view());
    } catch (const Error& e) {
        throw CardError(CardErrc::bad_tap, std::string("c does not authenticate the tap: ") + e.what());
    }
    if (card->state == CardState::wiped) throw CardError(CardErrc::card_wiped, "the card was wiped");
    if (card->state == CardState::disabled) throw CardError(CardErrc::card_disabled, "the card is disabled");
    if (tap.counter <= card->counter)
        throw CardError(CardErrc::replayed, "the tap's counter is not above the last one paid with (a replay)");

    const std::int64_t now = now_s_();
    const std::uint64_t spent = store_->cards().spent_since(card->id, utc_day_start(now));
    const std::uint64_t left_today = card->settings.max_day_msat > spent ? card->settings.max_day_msat - spent : 0;
    if (left_today < min_card_payment_msat) throw CardError(CardErrc::over_day_limit, "the card's daily limit is reached");

    const std::string k1 = codec::hex_encode(crypto::random_array<32>());
    store_->cards().add_tap({k1_hash(k1), card->id, card->version, tap.counter, now, now + tap_lifetime_s, std::nullopt},
                            now - tap_memory_s);

    lnurl::WithdrawOffer offer;
    offer.callback = callback;
    offer.k1 = k1;
    offer.default_description = card->settings.name.empty() ? "Flash Card" : "Flash Card " + card->settings.name;
    if (accounts_.balance(card->user).available_msat >= static_cast<std::int64_t>(min_card_payment_msat)) {
        offer.min_withdrawable_msat = min_card_payment_msat;
        offer.max_withdrawable_msat = std::max(min_card_payment_msat, std::min(card->settings.max_payment_msat, left_today));
    }
    return offer;
}

LedgerPayment CardWithdraw::pay(std::string_view k1, const std::string& invoice) {
    const ByteArray<32> hash = k1_hash(k1);
    const std::optional<CardTapRecord> tap = store_->cards().tap(hash);
    if (!tap) throw CardError(CardErrc::unknown_tap, "unknown k1");
    const std::optional<CardRecord> card = store_->cards().card(tap->card_id);
    if (!card) throw CardError(CardErrc::unknown_card, "unknown card");

    const std::int64_t now = now_s_();
    const CardSpend spend{hash, 0, 0, now, utc_day_start(now)};
    LedgerPayment payment = accounts_.pay(card->user, invoice, std::nullopt,
                                          [&spend](NodeStore& store, const LedgerPayment& held) {
                                              CardSpend claim = spend;
                                              claim.payment_id = held.id;
                                              claim.amount_msat = held.amount_msat;
                                              store.cards().spend(claim);
                                          });
    log::info("card payment", {{"card", card->id}, {"counter", tap->counter}, {"amount_msat", payment.amount_msat},
                               {"internal", payment.internal}});
    if (on_paid_) on_paid_();
    return payment;
}

}  // namespace flash::node::merchant::cards
