#include "node/storage/sqlite_card_store.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "node/merchant/cards/card_error.hpp"
#include "node/storage/sqlite_ledger_rows.hpp"
#include "node/storage/sqlite_rows.hpp"

namespace flash::node {
namespace {

using merchant::cards::CardErrc;
using merchant::cards::CardError;
using namespace sqlite_rows;

// Column orders read by card_from / tap_from.
constexpr const char* card_columns =
    "id, user_id, uid, version, counter, state, name, max_payment_msat, max_day_msat, created_at, updated_at";
constexpr const char* tap_columns = "k1_hash, card_id, version, counter, created_at, expires_at, used_at";

const char* state_name(CardState state) {
    switch (state) {
        case CardState::active: return "active";
        case CardState::disabled: return "disabled";
        case CardState::wiped: return "wiped";
    }
    return "disabled";
}

CardState state_from(std::string_view text) {
    if (text == "active") return CardState::active;
    if (text == "wiped") return CardState::wiped;
    return CardState::disabled;
}

std::uint32_t small_uint(std::int64_t value) {
    if (value < 0 || value > 0xFFFFFFFFll) throw Error(Errc::storage, "a stored card number is out of range");
    return static_cast<std::uint32_t>(value);
}

CardRecord card_from(const Statement& s) {
    CardRecord c;
    c.id = std::string(s.column_text(0));
    c.user = std::string(s.column_text(1));
    const ByteView uid = s.column_blob(2);
    if (uid.size() != c.uid.size()) throw Error(Errc::storage, "a stored card UID is not 7 bytes");
    std::copy(uid.begin(), uid.end(), c.uid.begin());
    c.version = small_uint(s.column_int64(3));
    c.counter = small_uint(s.column_int64(4));
    c.state = state_from(s.column_text(5));
    c.settings.name = std::string(s.column_text(6));
    c.settings.max_payment_msat = static_cast<std::uint64_t>(s.column_int64(7));
    c.settings.max_day_msat = static_cast<std::uint64_t>(s.column_int64(8));
    c.created_at = s.column_int64(9);
    c.updated_at = s.column_int64(10);
    return c;
}

CardTapRecord tap_from(const Statement& s) {
    CardTapRecord t;
    t.k1_hash = hash_from(s.column_blob(0));
    t.card_id = std::string(s.column_text(1));
    t.version = small_uint(s.column_int64(2));
    t.counter = small_uint(s.column_int64(3));
    t.created_at = s.column_int64(4);
    t.expires_at = s.column_int64(5);
    if (!s.column_is_null(6)) t.used_at = s.column_int64(6);
    return t;
}

CardPaymentRecord card_payment_from(const Statement& s) {
    CardPaymentRecord r;
    r.payment = ledger_payment_from(s);
    constexpr int first = ledger_payment_column_count;
    r.id = s.column_int64(first);
    r.card_id = std::string(s.column_text(first + 1));
    r.counter = small_uint(s.column_int64(first + 2));
    r.reward_msat = static_cast<std::uint64_t>(s.column_int64(first + 3));
    return r;
}

}  // namespace

void SqliteCardStore::write_card(const CardRecord& card, bool insert) {
    Statement& s = db_.cached(
        insert ? "INSERT INTO cards (user_id, uid, version, counter, state, name, max_payment_msat, max_day_msat, "
                 "created_at, updated_at, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
               : "UPDATE cards SET user_id = ?, uid = ?, version = ?, counter = ?, state = ?, name = ?, "
                 "max_payment_msat = ?, max_day_msat = ?, created_at = ?, updated_at = ? WHERE id = ?");
    ScopedReset reset(s);
    s.bind(1, card.user)
        .bind(2, card.uid)
        .bind(3, static_cast<std::int64_t>(card.version))
        .bind(4, static_cast<std::int64_t>(card.counter))
        .bind(5, state_name(card.state))
        .bind(6, card.settings.name)
        .bind(7, sql_amount(card.settings.max_payment_msat))
        .bind(8, sql_amount(card.settings.max_day_msat))
        .bind(9, card.created_at)
        .bind(10, card.updated_at)
        .bind(11, card.id);
    s.step();
}

CardRecord SqliteCardStore::register_card(const CardRecord& proposed) {
    Transaction tx(db_);
    const std::optional<CardRecord> known = card(proposed.id);
    if (known && known->user != proposed.user && known->state != CardState::wiped)
        throw CardError(CardErrc::card_taken, "another user holds this card; it must be wiped first");
    CardRecord stored = proposed;
    stored.counter = 0;  // a card given new keys counts its taps from 0 again
    stored.state = CardState::active;
    stored.version = known ? known->version + 1 : 1;
    if (known) stored.created_at = known->created_at;
    write_card(stored, !known);
    tx.commit();
    return stored;
}

std::optional<CardRecord> SqliteCardStore::card(const std::string& id) {
    Statement& s = db_.cached(select_sql(card_columns, "FROM cards WHERE id = ?"));
    s.bind(1, id);
    return first(s, card_from);
}

std::vector<CardRecord> SqliteCardStore::cards_of(const std::string& user) {
    Statement& s = db_.cached(select_sql(card_columns, "FROM cards WHERE user_id = ? ORDER BY created_at, id"));
    s.bind(1, user);
    return collect(s, card_from);
}

CardRecord SqliteCardStore::update_card(const std::string& user, const std::string& id, const CardSettings& settings,
                                        CardState state, std::int64_t now_s) {
    Transaction tx(db_);
    std::optional<CardRecord> stored = card(id);
    if (!stored || stored->user != user) throw CardError(CardErrc::not_found, "no such card");
    if (stored->state == CardState::wiped) {
        if (state != CardState::wiped)
            throw CardError(CardErrc::card_wiped, "the card was wiped: register it again for new keys");
        return *stored;
    }
    stored->settings = settings;
    stored->state = state;
    stored->updated_at = now_s;
    write_card(*stored, false);
    tx.commit();
    return *stored;
}

void SqliteCardStore::add_tap(const CardTapRecord& tap, std::int64_t forget_before) {
    Transaction tx(db_);
    Statement& forget = db_.cached("DELETE FROM card_taps WHERE expires_at < ?");
    {
        ScopedReset reset(forget);
        forget.bind(1, forget_before);
        forget.step();
    }
    Statement& s = db_.cached(
        "INSERT INTO card_taps (k1_hash, card_id, version, counter, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)");
    ScopedReset reset(s);
    s.bind(1, tap.k1_hash)
        .bind(2, tap.card_id)
        .bind(3, static_cast<std::int64_t>(tap.version))
        .bind(4, static_cast<std::int64_t>(tap.counter))
        .bind(5, tap.created_at)
        .bind(6, tap.expires_at);
    s.step();
    Statement& trim = db_.cached(
        "DELETE FROM card_taps WHERE card_id = ? AND used_at IS NULL AND id NOT IN (SELECT id FROM card_taps "
        "WHERE card_id = ? AND used_at IS NULL ORDER BY id DESC LIMIT ?)");
    ScopedReset trim_reset(trim);
    trim.bind(1, tap.card_id).bind(2, tap.card_id).bind(3, std::int64_t{max_unused_taps});
    trim.step();
    tx.commit();
}

std::optional<CardTapRecord> SqliteCardStore::tap(const ByteArray<32>& k1_hash) {
    Statement& s = db_.cached(select_sql(tap_columns, "FROM card_taps WHERE k1_hash = ?"));
    s.bind(1, k1_hash);
    return first(s, tap_from);
}

std::uint64_t SqliteCardStore::spent_since(const std::string& card_id, std::int64_t day_start) {
    Statement& s = db_.cached(
        "SELECT COALESCE(SUM(p.amount_msat), 0) FROM card_payments c JOIN ln_payments p ON p.id = c.payment_id "
        "WHERE c.card_id = ? AND c.created_at >= ? AND p.state != 'failed'");
    ScopedReset reset(s);
    s.bind(1, card_id).bind(2, day_start);
    s.step();
    return static_cast<std::uint64_t>(s.column_int64(0));
}

void SqliteCardStore::spend(const CardSpend& spend) {
    if (!db_.in_transaction()) throw Error(Errc::bad_argument, "a card spend belongs in its payment's transaction");
    const std::optional<CardTapRecord> read = tap(spend.k1_hash);
    if (!read) throw CardError(CardErrc::unknown_tap, "unknown k1");
    if (read->used_at) throw CardError(CardErrc::tap_used, "this k1 has paid already");
    if (read->expires_at < spend.now_s) throw CardError(CardErrc::tap_expired, "this k1 has expired: tap the card again");
    const std::optional<CardRecord> held = card(read->card_id);
    if (!held) throw CardError(CardErrc::unknown_card, "unknown card");
    if (held->state == CardState::wiped) throw CardError(CardErrc::card_wiped, "the card was wiped");
    if (held->state == CardState::disabled) throw CardError(CardErrc::card_disabled, "the card is disabled");
    if (held->version != read->version) throw CardError(CardErrc::reprogrammed, "the card got new keys since this tap");
    if (read->counter <= held->counter)
        throw CardError(CardErrc::replayed, "the tap's counter is not above the last one paid with (a replay)");
    if (spend.amount_msat > held->settings.max_payment_msat)
        throw CardError(CardErrc::over_payment_limit, "the amount is above the card's limit per payment");
    const std::uint64_t spent = spent_since(held->id, spend.day_start);
    if (spent > held->settings.max_day_msat || spend.amount_msat > held->settings.max_day_msat - spent)
        throw CardError(CardErrc::over_day_limit, "the amount would pass the card's daily limit");

    Statement& use = db_.cached("UPDATE card_taps SET used_at = ? WHERE k1_hash = ? AND used_at IS NULL");
    {
        ScopedReset reset(use);
        use.bind(1, spend.now_s).bind(2, spend.k1_hash);
        use.step();
    }
    Statement& move = db_.cached("UPDATE cards SET counter = ?, updated_at = ? WHERE id = ? AND counter < ?");
    {
        ScopedReset reset(move);
        move.bind(1, static_cast<std::int64_t>(read->counter))
            .bind(2, spend.now_s)
            .bind(3, held->id)
            .bind(4, static_cast<std::int64_t>(read->counter));
        move.step();
    }
    Statement& record =
        db_.cached("INSERT INTO card_payments (card_id, payment_id, counter, created_at) VALUES (?, ?, ?, ?)");
    ScopedReset reset(record);
    record.bind(1, held->id)
        .bind(2, spend.payment_id)
        .bind(3, static_cast<std::int64_t>(read->counter))
        .bind(4, spend.now_s);
    record.step();
}

std::vector<CardPaymentRecord> SqliteCardStore::payments_of(const std::string& card_id, std::size_t limit) {
    // The derived table keeps ln_payments' own column names, so that the ledger's reader applies.
    Statement& s = db_.cached(select_sql(
        ledger_payment_columns,
        ", card_payment_id, card_id, card_counter, reward_msat FROM ("
        "SELECT p.*, c.id AS card_payment_id, c.card_id AS card_id, c.counter AS card_counter, "
        "COALESCE(r.amount_msat, 0) AS reward_msat FROM card_payments c JOIN ln_payments p ON p.id = c.payment_id "
        "LEFT JOIN rewards r ON r.card_payment_id = c.id AND r.state = 'credited' WHERE c.card_id = ?) "
        "ORDER BY card_payment_id DESC LIMIT ?"));
    s.bind(1, card_id).bind(2, static_cast<std::int64_t>(limit));
    return collect(s, card_payment_from);
}

}  // namespace flash::node
