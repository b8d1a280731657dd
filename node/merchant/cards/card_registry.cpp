#include "node/merchant/cards/card_registry.hpp"

#include "core/codec/hex.hpp"
#include "core/codec/utf8.hpp"
#include "core/error.hpp"
#include "node/merchant/cards/card_error.hpp"
#include "node/merchant/cards/spending_day.hpp"
#include "node/server/log.hpp"

namespace flash::node::merchant::cards {
namespace {

ByteArray<boltcard::uid_size> parse_uid(std::string_view hex) {
    try {
        return codec::hex_decode_array<boltcard::uid_size>(hex);
    } catch (const Error&) {
        throw CardError(CardErrc::bad_uid, "a card UID is 7 bytes: 14 hex digits");
    }
}

/// `base` with `change` applied; Error(bad_argument) for values out of range.
CardSettings apply(CardSettings base, const CardChange& change) {
    if (change.name) {
        if (change.name->size() > max_card_name || !codec::is_utf8(*change.name))
            throw Error(Errc::bad_argument, "a card name is at most 64 bytes of UTF-8");
        base.name = *change.name;
    }
    if (change.max_payment_msat) base.max_payment_msat = *change.max_payment_msat;
    if (change.max_day_msat) base.max_day_msat = *change.max_day_msat;
    if (base.max_payment_msat == 0 || base.max_day_msat == 0)
        throw Error(Errc::bad_argument, "a card's limits are at least 1 sat");
    return base;
}

}  // namespace

CardRegistry::CardRegistry(const CardIssuer& issuer, std::unique_ptr<NodeStore> store,
                           std::function<std::int64_t()> now_s)
    : issuer_(issuer), store_(std::move(store)), now_s_(std::move(now_s)) {}

ProgrammedCard CardRegistry::register_card(const std::string& user, std::string_view uid_hex,
                                           const CardChange& settings) {
    CardRecord card;
    card.uid = parse_uid(uid_hex);
    card.id = issuer_.card_id(card.uid);
    card.user = user;
    card.settings = apply(CardSettings{"", default_max_payment_msat, default_max_day_msat}, settings);
    card.created_at = card.updated_at = now_s_();
    const CardRecord stored = store_->cards().register_card(card);
    log::info("card registered", {{"card", stored.id}, {"version", stored.version}});
    return {stored, issuer_.keys(stored.uid, stored.version)};
}

std::vector<CardOverview> CardRegistry::cards(const std::string& user) {
    const std::int64_t day = utc_day_start(now_s_());
    std::vector<CardOverview> out;
    for (CardRecord& card : store_->cards().cards_of(user)) {
        CardOverview overview{std::move(card), 0, {}};
        overview.spent_today_msat = store_->cards().spent_since(overview.card.id, day);
        overview.payments = store_->cards().payments_of(overview.card.id, history_limit);
        out.push_back(std::move(overview));
    }
    return out;
}

CardRecord CardRegistry::change(const std::string& user, const std::string& id, const CardChange& change) {
    const std::optional<CardRecord> card = store_->cards().card(id);
    if (!card || card->user != user) throw CardError(CardErrc::not_found, "no such card");
    if (card->state == CardState::wiped)
        throw CardError(CardErrc::card_wiped, "the card was wiped: register it again for new keys");
    CardState state = card->state;
    if (change.enabled) state = *change.enabled ? CardState::active : CardState::disabled;
    return store_->cards().update_card(user, id, apply(card->settings, change), state, now_s_());
}

ProgrammedCard CardRegistry::wipe(const std::string& user, const std::string& id) {
    const std::optional<CardRecord> card = store_->cards().card(id);
    if (!card || card->user != user) throw CardError(CardErrc::not_found, "no such card");
    const CardRecord wiped = store_->cards().update_card(user, id, card->settings, CardState::wiped, now_s_());
    log::info("card wiped", {{"card", id}});
    return {wiped, issuer_.keys(wiped.uid, wiped.version)};
}

SimulatedTap CardRegistry::simulate_tap(const std::string& user, const std::string& id) {
    const std::optional<CardRecord> card = store_->cards().card(id);
    if (!card || card->user != user) throw CardError(CardErrc::not_found, "no such card");
    if (card->state == CardState::wiped)
        throw CardError(CardErrc::card_wiped, "the card was wiped: register it again for new keys");
    if (card->counter >= boltcard::max_counter)
        throw Error(Errc::bad_argument, "the card's counter is at its end: register the card again");
    const boltcard::CardKeys keys = issuer_.keys(card->uid, card->version);
    const std::uint32_t counter = card->counter + 1;
    return {card->id, counter, boltcard::encode_tap({card->uid, counter}, keys.k1.view(), keys.k2.view())};
}

}  // namespace flash::node::merchant::cards
