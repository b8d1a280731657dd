#include "node/storage/sqlite_reward_store.hpp"

#include "core/error.hpp"
#include "node/storage/sqlite_ledger_rows.hpp"
#include "node/storage/sqlite_rows.hpp"

namespace flash::node {
namespace {

using namespace sqlite_rows;

// Column orders read by rule_from / candidate_from / entry_from.
constexpr const char* rule_columns =
    "merchant_id, per_tap_msat, percent_bp, cap_card_day_msat, cap_merchant_day_msat, active, active_after_payment, "
    "updated_at, payout";
constexpr const char* entry_columns =
    "id, card_payment_id, merchant_id, card_id, holder_id, purchase_msat, amount_msat, state, reason, transfer_ref, "
    "created_at, mint_quote, ecash";

RewardRule rule_from(const Statement& s) {
    RewardRule r;
    r.merchant = std::string(s.column_text(0));
    r.per_tap_msat = static_cast<std::uint64_t>(s.column_int64(1));
    r.percent_bp = static_cast<std::uint32_t>(s.column_int64(2));
    r.cap_card_day_msat = static_cast<std::uint64_t>(s.column_int64(3));
    r.cap_merchant_day_msat = static_cast<std::uint64_t>(s.column_int64(4));
    r.active = s.column_int64(5) != 0;
    r.active_after_payment = s.column_int64(6);
    r.updated_at = s.column_int64(7);
    r.payout = s.column_text(8) == "ecash" ? RewardPayout::ecash : RewardPayout::lightning;
    return r;
}

RewardCandidate candidate_from(const Statement& s) {
    RewardCandidate c;
    c.card_payment_id = s.column_int64(0);
    c.card_id = std::string(s.column_text(1));
    c.holder = std::string(s.column_text(2));
    c.merchant = std::string(s.column_text(3));
    c.purchase_msat = static_cast<std::uint64_t>(s.column_int64(4));
    c.paid_at = s.column_int64(5);
    return c;
}

const char* ecash_name(RewardEcash state) {
    switch (state) {
        case RewardEcash::owed: return "owed";
        case RewardEcash::paid: return "paid";
        case RewardEcash::minted: return "minted";
    }
    throw Error(Errc::bad_argument, "unknown eCash reward state");
}

RewardEcash ecash_from(std::string_view name) {
    if (name == "owed") return RewardEcash::owed;
    if (name == "paid") return RewardEcash::paid;
    if (name == "minted") return RewardEcash::minted;
    throw Error(Errc::storage, "stored eCash reward state " + std::string(name) + " is unknown");
}

RewardEntry entry_from(const Statement& s) {
    RewardEntry e;
    e.id = s.column_int64(0);
    e.card_payment_id = s.column_int64(1);
    e.merchant = std::string(s.column_text(2));
    e.card_id = std::string(s.column_text(3));
    e.holder = std::string(s.column_text(4));
    e.purchase_msat = static_cast<std::uint64_t>(s.column_int64(5));
    e.amount_msat = static_cast<std::uint64_t>(s.column_int64(6));
    e.state = s.column_text(7) == "credited" ? RewardState::credited : RewardState::refused;
    e.reason = std::string(s.column_text(8));
    if (!s.column_is_null(9)) e.transfer_ref = hash_from(s.column_blob(9));
    e.created_at = s.column_int64(10);
    if (!s.column_is_null(11)) e.mint_quote = std::string(s.column_text(11));
    if (!s.column_is_null(12)) e.ecash = ecash_from(s.column_text(12));
    return e;
}

}  // namespace

RewardRule SqliteRewardStore::set_rule(const RewardRule& rule) {
    Transaction tx(db_);
    const std::optional<RewardRule> before = this->rule(rule.merchant);
    RewardRule stored = rule;
    // Turning a rule on never reaches back to the payments made while it was off.
    if (before && before->active) {
        stored.active_after_payment = before->active_after_payment;
    } else {
        stored.active_after_payment = single_int(db_.cached("SELECT COALESCE(MAX(id), 0) FROM card_payments"));
    }
    Statement& s = db_.cached(
        "INSERT OR REPLACE INTO reward_rules (merchant_id, per_tap_msat, percent_bp, cap_card_day_msat, "
        "cap_merchant_day_msat, active, active_after_payment, updated_at, payout) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ScopedReset reset(s);
    s.bind(1, stored.merchant)
        .bind(2, sql_amount(stored.per_tap_msat))
        .bind(3, static_cast<std::int64_t>(stored.percent_bp))
        .bind(4, sql_amount(stored.cap_card_day_msat))
        .bind(5, sql_amount(stored.cap_merchant_day_msat))
        .bind(6, static_cast<std::int64_t>(stored.active))
        .bind(7, stored.active_after_payment)
        .bind(8, stored.updated_at)
        .bind(9, stored.payout == RewardPayout::ecash ? "ecash" : "lightning");
    s.step();
    tx.commit();
    return stored;
}

std::optional<RewardRule> SqliteRewardStore::rule(const std::string& merchant) {
    Statement& s = db_.cached(select_sql(rule_columns, "FROM reward_rules WHERE merchant_id = ?"));
    s.bind(1, merchant);
    return first(s, rule_from);
}

std::vector<RewardCandidate> SqliteRewardStore::unrewarded(std::size_t limit) {
    Statement& s = db_.cached(
        "SELECT c.id, c.card_id, p.user_id, i.user_id, p.amount_msat, c.created_at "
        "FROM card_payments c JOIN ln_payments p ON p.id = c.payment_id "
        "JOIN ln_invoices i ON i.payment_hash = p.payment_hash "
        "JOIN reward_rules r ON r.merchant_id = i.user_id "
        "LEFT JOIN rewards w ON w.card_payment_id = c.id "
        "WHERE p.state = 'succeeded' AND p.internal = 1 AND r.active = 1 AND c.id > r.active_after_payment "
        "AND w.id IS NULL ORDER BY c.id LIMIT ?");
    s.bind(1, static_cast<std::int64_t>(limit));
    return collect(s, candidate_from);
}

RewardTotals SqliteRewardStore::totals(const std::string& merchant, const std::string& card_id, std::int64_t day_start) {
    Statement& s = db_.cached(
        "SELECT COALESCE(SUM(CASE WHEN card_id = ? THEN amount_msat ELSE 0 END), 0), COALESCE(SUM(amount_msat), 0) "
        "FROM rewards WHERE merchant_id = ? AND created_at >= ? AND state = 'credited'");
    ScopedReset reset(s);
    s.bind(1, card_id).bind(2, merchant).bind(3, day_start);
    s.step();
    return {static_cast<std::uint64_t>(s.column_int64(0)), static_cast<std::uint64_t>(s.column_int64(1))};
}

bool SqliteRewardStore::record(RewardEntry& entry) {
    Statement& known = db_.cached("SELECT COUNT(*) FROM rewards WHERE card_payment_id = ?");
    known.bind(1, entry.card_payment_id);
    if (single_int(known) > 0) return false;
    Statement& s = db_.cached(
        "INSERT INTO rewards (card_payment_id, merchant_id, card_id, holder_id, purchase_msat, amount_msat, "
        "state, reason, transfer_ref, created_at, mint_quote, ecash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ScopedReset reset(s);
    s.bind(1, entry.card_payment_id)
        .bind(2, entry.merchant)
        .bind(3, entry.card_id)
        .bind(4, entry.holder)
        .bind(5, sql_amount(entry.purchase_msat))
        .bind(6, sql_amount(entry.amount_msat))
        .bind(7, entry.state == RewardState::credited ? "credited" : "refused")
        .bind(8, entry.reason)
        .bind(10, entry.created_at);
    if (entry.transfer_ref) s.bind(9, *entry.transfer_ref); else s.bind(9, std::nullopt);
    if (entry.mint_quote) s.bind(11, *entry.mint_quote).bind(12, ecash_name(entry.ecash));
    else s.bind(11, std::nullopt).bind(12, std::nullopt);
    s.step();
    entry.id = db_.last_insert_rowid();
    return true;
}

std::vector<RewardEntry> SqliteRewardStore::ledger_of(const std::string& merchant, std::size_t limit) {
    Statement& s = db_.cached(select_sql(entry_columns, "FROM rewards WHERE merchant_id = ? ORDER BY id DESC LIMIT ?"));
    s.bind(1, merchant).bind(2, static_cast<std::int64_t>(limit));
    return collect(s, entry_from);
}

std::vector<RewardEntry> SqliteRewardStore::ecash_rewards(RewardEcash state, const std::string& holder,
                                                         std::size_t limit) {
    Statement& s = db_.cached(select_sql(entry_columns, "FROM rewards WHERE ecash = ? AND (? = '' OR holder_id = ?) "
                                                        "ORDER BY id LIMIT ?"));
    s.bind(1, ecash_name(state)).bind(2, holder).bind(3, holder).bind(4, static_cast<std::int64_t>(limit));
    return collect(s, entry_from);
}

void SqliteRewardStore::set_ecash(std::int64_t id, RewardEcash state) {
    Statement& s = db_.cached("UPDATE rewards SET ecash = ? WHERE id = ? AND ecash IS NOT NULL");
    ScopedReset reset(s);
    s.bind(1, ecash_name(state)).bind(2, id);
    s.step();
}

}  // namespace flash::node
