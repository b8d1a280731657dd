// The SQLite chain store: withdrawals and the coins they reserve.
#include "core/error.hpp"
#include "node/storage/sqlite_chain_rows.hpp"
#include "node/storage/sqlite_chain_store.hpp"
#include "node/storage/sqlite_rows.hpp"

namespace flash::node {

using namespace sqlite_rows;

namespace {

// withdrawal_from() reads: id, user_id, destination, amount, fee, change_amount, vsize, fee_rate,
// psbt, change_script_hash, state, txid, height, created_at, expires_at.
#define FLASH_WITHDRAWAL_COLUMNS                                                                                    \
    "SELECT id, user_id, destination, amount, fee, change_amount, vsize, fee_rate, psbt, change_script_hash, state, " \
    "txid, height, created_at, expires_at FROM chain_withdrawals "

WithdrawalState state_from(std::string_view name) {
    for (const WithdrawalState state : {WithdrawalState::built, WithdrawalState::broadcast, WithdrawalState::confirmed,
                                        WithdrawalState::expired})
        if (withdrawal_state_name(state) == name) return state;
    throw Error(Errc::storage, "unknown withdrawal state '" + std::string(name) + "' in the database");
}

WithdrawalRecord withdrawal_from(const Statement& s) {
    WithdrawalRecord w;
    w.id = std::string(s.column_text(0));
    w.user = std::string(s.column_text(1));
    w.destination = std::string(s.column_text(2));
    w.amount_sat = static_cast<std::uint64_t>(s.column_int64(3));
    w.fee_sat = static_cast<std::uint64_t>(s.column_int64(4));
    w.change_sat = static_cast<std::uint64_t>(s.column_int64(5));
    w.vsize = static_cast<std::uint64_t>(s.column_int64(6));
    w.fee_rate_sat_per_kvb = static_cast<std::uint64_t>(s.column_int64(7));
    const ByteView psbt = s.column_blob(8);
    w.psbt.assign(psbt.begin(), psbt.end());
    w.change_script_hash = optional_text(s, 9);
    w.state = state_from(s.column_text(10));
    w.txid = optional_text(s, 11);
    w.height = s.column_int64(12);
    w.created_at = s.column_int64(13);
    w.expires_at = s.column_int64(14);
    return w;
}

CoinRef coin_from(const Statement& s) {
    return {std::string(s.column_text(0)), static_cast<std::uint32_t>(s.column_int64(1))};
}

void run(Statement& s) {
    ScopedReset reset(s);
    s.step();
}

}  // namespace

std::string_view withdrawal_state_name(WithdrawalState state) noexcept {
    switch (state) {
        case WithdrawalState::built: return "built";
        case WithdrawalState::broadcast: return "broadcast";
        case WithdrawalState::confirmed: return "confirmed";
        case WithdrawalState::expired: return "expired";
    }
    return "built";
}

std::vector<Deposit> SqliteChainStore::spendable_coins(const std::string& user, std::int64_t max_height) {
    Statement& s = db_.cached(
        "SELECT txid, vout, script_hash, user_id, amount, height, first_seen, credited_at, orphaned, spent_by "
        "FROM chain_deposits WHERE user_id = ? AND spent_by IS NULL AND orphaned = 0 AND height > 0 AND height <= ? "
        "AND NOT EXISTS (SELECT 1 FROM chain_reservations r "
        "                WHERE r.txid = chain_deposits.txid AND r.vout = chain_deposits.vout AND r.live = 1) "
        "ORDER BY height, txid, vout");
    s.bind(1, user).bind(2, max_height);
    return collect(s, deposit_from);
}

std::size_t SqliteChainStore::expire_due(std::int64_t now_s) {
    Statement& release = db_.cached(
        "UPDATE chain_reservations SET live = 0 WHERE live = 1 AND withdrawal IN "
        "(SELECT id FROM chain_withdrawals WHERE state = 'built' AND expires_at <= ?)");
    release.bind(1, now_s);
    run(release);
    // Its change address never reached the chain (else it would be used): the next one may take it.
    Statement& free_change = db_.cached(
        "UPDATE chain_addresses SET assigned_at = NULL WHERE used = 0 AND script_hash IN "
        "(SELECT change_script_hash FROM chain_withdrawals WHERE state = 'built' AND expires_at <= ?)");
    free_change.bind(1, now_s);
    run(free_change);
    Statement& expire =
        db_.cached("UPDATE chain_withdrawals SET state = 'expired' WHERE state = 'built' AND expires_at <= ?");
    expire.bind(1, now_s);
    run(expire);
    return static_cast<std::size_t>(db_.changes());
}

std::size_t SqliteChainStore::expire_withdrawals(std::int64_t now_s) {
    Transaction transaction(db_);
    const std::size_t expired = expire_due(now_s);
    transaction.commit();
    return expired;
}

bool SqliteChainStore::cancel_withdrawal(const std::string& id, const std::string& user, std::int64_t now_s) {
    Transaction transaction(db_);
    Statement& due = db_.cached(
        "UPDATE chain_withdrawals SET expires_at = MIN(expires_at, ?) WHERE id = ? AND user_id = ? AND state = 'built'");
    due.bind(1, now_s).bind(2, id).bind(3, user);
    run(due);
    if (db_.changes() != 1) return false;  // rolls back
    expire_due(now_s);
    transaction.commit();
    return true;
}

bool SqliteChainStore::add_withdrawal(const WithdrawalRecord& w) {
    if (w.state != WithdrawalState::built || w.txid || w.inputs.empty())
        throw Error(Errc::bad_argument, "a new withdrawal is built, without txid, and spends something");
    Transaction transaction(db_);
    expire_due(w.created_at);
    if (w.change_script_hash) {
        Statement& take = db_.cached(
            "UPDATE chain_addresses SET assigned_at = ? WHERE script_hash = ? AND user_id = ? AND chain = 1 "
            "AND assigned_at IS NULL AND used = 0");
        take.bind(1, w.created_at).bind(2, *w.change_script_hash).bind(3, w.user);
        run(take);
        if (db_.changes() != 1) return false;  // rolls back
    }
    Statement& spendable = db_.cached(
        "SELECT 1 FROM chain_deposits d WHERE d.txid = ? AND d.vout = ? AND d.user_id = ? AND d.spent_by IS NULL "
        "AND d.orphaned = 0 AND d.height > 0 AND NOT EXISTS (SELECT 1 FROM chain_reservations r "
        "WHERE r.txid = d.txid AND r.vout = d.vout AND r.live = 1)");
    for (const CoinRef& coin : w.inputs) {
        ScopedReset reset(spendable);
        spendable.bind(1, coin.txid).bind(2, static_cast<std::int64_t>(coin.vout)).bind(3, w.user);
        if (!spendable.step()) return false;
    }
    Statement& insert = db_.cached(
        "INSERT INTO chain_withdrawals (id, user_id, destination, amount, fee, change_amount, vsize, fee_rate, psbt, "
        "change_script_hash, state, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'built', ?, ?)");
    insert.bind(1, w.id)
        .bind(2, w.user)
        .bind(3, w.destination)
        .bind(4, sql_amount(w.amount_sat))
        .bind(5, sql_amount(w.fee_sat))
        .bind(6, sql_amount(w.change_sat))
        .bind(7, sql_amount(w.vsize))
        .bind(8, sql_amount(w.fee_rate_sat_per_kvb))
        .bind(9, w.psbt)
        .bind(11, w.created_at)
        .bind(12, w.expires_at);
    if (w.change_script_hash) insert.bind(10, *w.change_script_hash);
    run(insert);
    Statement& reserve = db_.cached(
        "INSERT INTO chain_reservations (withdrawal, position, txid, vout, live) VALUES (?, ?, ?, ?, 1)");
    for (std::size_t position = 0; position < w.inputs.size(); ++position) {
        reserve.bind(1, w.id)
            .bind(2, static_cast<std::int64_t>(position))
            .bind(3, w.inputs[position].txid)
            .bind(4, static_cast<std::int64_t>(w.inputs[position].vout));
        run(reserve);
    }
    transaction.commit();
    return true;
}

WithdrawalRecord SqliteChainStore::with_inputs(WithdrawalRecord withdrawal) {
    Statement& s = db_.cached("SELECT txid, vout FROM chain_reservations WHERE withdrawal = ? ORDER BY position");
    s.bind(1, withdrawal.id);
    withdrawal.inputs = collect(s, coin_from);
    return withdrawal;
}

std::optional<WithdrawalRecord> SqliteChainStore::withdrawal(const std::string& id) {
    Statement& s = db_.cached(FLASH_WITHDRAWAL_COLUMNS "WHERE id = ?");
    s.bind(1, id);
    std::optional<WithdrawalRecord> found = first(s, withdrawal_from);
    if (!found) return std::nullopt;
    return with_inputs(std::move(*found));
}

std::vector<WithdrawalRecord> SqliteChainStore::withdrawals_of(const std::string& user) {
    Statement& s = db_.cached(FLASH_WITHDRAWAL_COLUMNS "WHERE user_id = ? ORDER BY created_at DESC, id");
    s.bind(1, user);
    std::vector<WithdrawalRecord> out;
    for (WithdrawalRecord& w : collect(s, withdrawal_from)) out.push_back(with_inputs(std::move(w)));
    return out;
}

bool SqliteChainStore::mark_withdrawal_broadcast(const std::string& id, const std::string& txid) {
    Transaction transaction(db_);
    Statement& state = db_.cached(
        "UPDATE chain_withdrawals SET state = 'broadcast', txid = ? WHERE id = ? AND state IN ('built', 'expired')");
    state.bind(1, txid).bind(2, id);
    run(state);
    if (db_.changes() != 1) return false;
    Statement& spend = db_.cached(
        "UPDATE chain_deposits SET spent_by = ? WHERE (txid, vout) IN "
        "(SELECT txid, vout FROM chain_reservations WHERE withdrawal = ?)");
    spend.bind(1, txid).bind(2, id);
    run(spend);
    Statement& release = db_.cached("UPDATE chain_reservations SET live = 0 WHERE withdrawal = ?");
    release.bind(1, id);
    run(release);
    transaction.commit();
    return true;
}

bool SqliteChainStore::set_withdrawal_height(const std::string& txid, std::int64_t height) {
    if (height < 0) throw Error(Errc::bad_argument, "withdrawal height below 0");
    Statement& s = db_.cached(
        "UPDATE chain_withdrawals SET height = ?1, state = CASE WHEN ?1 > 0 THEN 'confirmed' ELSE 'broadcast' END "
        "WHERE txid = ?2 AND state IN ('broadcast', 'confirmed') AND height != ?1");
    s.bind(1, height).bind(2, txid);
    run(s);
    return db_.changes() > 0;
}

std::optional<std::string> SqliteChainStore::withdrawal_spending(const std::string& txid, std::uint32_t vout) {
    Statement& s = db_.cached(
        "SELECT w.txid FROM chain_reservations r JOIN chain_withdrawals w ON w.id = r.withdrawal "
        "WHERE r.txid = ? AND r.vout = ? AND w.state IN ('broadcast', 'confirmed') LIMIT 1");
    ScopedReset reset(s);
    s.bind(1, txid).bind(2, static_cast<std::int64_t>(vout));
    if (!s.step()) return std::nullopt;
    return std::string(s.column_text(0));
}

std::vector<std::string> SqliteChainStore::unsettled_withdrawal_scripts(std::int64_t min_height) {
    Statement& s = db_.cached(R"sql(
SELECT d.script_hash FROM chain_withdrawals w
JOIN chain_reservations r ON r.withdrawal = w.id
JOIN chain_deposits d ON d.txid = r.txid AND d.vout = r.vout
WHERE w.state = 'broadcast' OR (w.state = 'confirmed' AND w.height >= ?1)
UNION
SELECT change_script_hash FROM chain_withdrawals
WHERE change_script_hash IS NOT NULL AND (state = 'broadcast' OR (state = 'confirmed' AND height >= ?1)))sql");
    ScopedReset reset(s);
    s.bind(1, min_height);
    std::vector<std::string> out;
    while (s.step()) out.emplace_back(s.column_text(0));
    return out;
}

}  // namespace flash::node

#undef FLASH_WITHDRAWAL_COLUMNS
