// The SQLite chain store: addresses, deposits and the credit ledger.
#include "node/storage/sqlite_chain_store.hpp"

#include "core/error.hpp"
#include "node/storage/sqlite_chain_rows.hpp"
#include "node/storage/sqlite_rows.hpp"

namespace flash::node {

using namespace sqlite_rows;

namespace {

// The statements below select these columns in this order (address_from reads them):
//   addresses: account, chain, idx, address, script, script_hash, user_id, used, assigned_at

constexpr const char* address_columns =
    "SELECT account, chain, idx, address, script, script_hash, user_id, used, assigned_at FROM chain_addresses ";
constexpr const char* deposit_columns =
    "SELECT txid, vout, script_hash, user_id, amount, height, first_seen, credited_at, orphaned, spent_by "
    "FROM chain_deposits ";

DepositAddress address_from(const Statement& s) {
    DepositAddress a;
    a.account = std::string(s.column_text(0));
    a.chain = static_cast<std::uint32_t>(s.column_int64(1));
    a.index = static_cast<std::uint32_t>(s.column_int64(2));
    a.address = std::string(s.column_text(3));
    const ByteView script = s.column_blob(4);
    a.script.assign(script.begin(), script.end());
    a.script_hash = std::string(s.column_text(5));
    a.user = std::string(s.column_text(6));
    a.used = s.column_int64(7) != 0;
    a.assigned_at = s.column_is_null(8) ? 0 : s.column_int64(8);
    return a;
}

Statement& select(store::Database& db, const char* columns, const char* rest) {
    return db.cached(std::string(columns) + rest);
}

}  // namespace

Deposit sqlite_rows::deposit_from(const Statement& s) {
    Deposit d;
    d.txid = std::string(s.column_text(0));
    d.vout = static_cast<std::uint32_t>(s.column_int64(1));
    d.script_hash = std::string(s.column_text(2));
    d.user = std::string(s.column_text(3));
    d.amount_sat = static_cast<std::uint64_t>(s.column_int64(4));
    d.height = s.column_int64(5);
    d.first_seen = s.column_int64(6);
    if (!s.column_is_null(7)) d.credited_at = s.column_int64(7);
    d.orphaned = s.column_int64(8) != 0;
    d.spent_by = optional_text(s, 9);
    return d;
}

// --- addresses ---

std::vector<DepositAddress> SqliteChainStore::addresses(const std::string& account) {
    Statement& s = select(db_, address_columns, "WHERE account = ? ORDER BY chain, idx");
    s.bind(1, account);
    return collect(s, address_from);
}

std::optional<DepositAddress> SqliteChainStore::address_by_script_hash(const std::string& script_hash) {
    Statement& s = select(db_, address_columns, "WHERE script_hash = ?");
    s.bind(1, script_hash);
    return first(s, address_from);
}

std::optional<DepositAddress> SqliteChainStore::newest_assigned_address(const std::string& account,
                                                                        std::uint32_t chain) {
    Statement& s = select(db_, address_columns,
                          "WHERE account = ? AND chain = ? AND assigned_at IS NOT NULL ORDER BY idx DESC LIMIT 1");
    s.bind(1, account).bind(2, static_cast<std::int64_t>(chain));
    return first(s, address_from);
}

std::optional<DepositAddress> SqliteChainStore::first_free_address(const std::string& account, std::uint32_t chain) {
    Statement& s = select(db_, address_columns,
                          "WHERE account = ? AND chain = ? AND assigned_at IS NULL AND used = 0 ORDER BY idx LIMIT 1");
    s.bind(1, account).bind(2, static_cast<std::int64_t>(chain));
    return first(s, address_from);
}

AddressExtent SqliteChainStore::address_extent(const std::string& account, std::uint32_t chain) {
    Statement& s = db_.cached(
        "SELECT MAX(idx), MAX(CASE WHEN assigned_at IS NOT NULL OR used = 1 THEN idx END), "
        "MAX(CASE WHEN used = 1 THEN idx END) FROM chain_addresses WHERE account = ? AND chain = ?");
    ScopedReset reset(s);
    s.bind(1, account).bind(2, static_cast<std::int64_t>(chain));
    s.step();  // an aggregate always has one row
    const auto column = [&](int c) { return s.column_is_null(c) ? std::int64_t{-1} : s.column_int64(c); };
    return {column(0), column(1), column(2)};
}

void SqliteChainStore::add_addresses(std::span<const DepositAddress> addresses) {
    Transaction transaction(db_);
    Statement& s = db_.cached(
        "INSERT INTO chain_addresses (account, chain, idx, address, script, script_hash, user_id, used, assigned_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const DepositAddress& a : addresses) {
        ScopedReset reset(s);
        s.bind(1, a.account)
            .bind(2, static_cast<std::int64_t>(a.chain))
            .bind(3, static_cast<std::int64_t>(a.index))
            .bind(4, a.address)
            .bind(5, a.script)
            .bind(6, a.script_hash)
            .bind(7, a.user)
            .bind(8, std::int64_t{a.used ? 1 : 0});
        if (a.assigned_at != 0) s.bind(9, a.assigned_at);
        s.step();
    }
    transaction.commit();
}

bool SqliteChainStore::assign_address(const std::string& account, std::uint32_t chain, std::uint32_t index,
                                      std::int64_t now_s) {
    Statement& s = db_.cached(
        "UPDATE chain_addresses SET assigned_at = ? "
        "WHERE account = ? AND chain = ? AND idx = ? AND assigned_at IS NULL AND used = 0");
    ScopedReset reset(s);
    s.bind(1, now_s).bind(2, account).bind(3, static_cast<std::int64_t>(chain)).bind(4, static_cast<std::int64_t>(index));
    s.step();
    return db_.changes() == 1;
}

void SqliteChainStore::mark_address_used(const std::string& script_hash) {
    Statement& s = db_.cached("UPDATE chain_addresses SET used = 1 WHERE script_hash = ? AND used = 0");
    ScopedReset reset(s);
    s.bind(1, script_hash);
    s.step();
}

// --- deposits ---

std::vector<Deposit> SqliteChainStore::deposits_to(const std::string& script_hash) {
    Statement& s = select(db_, deposit_columns, "WHERE script_hash = ? ORDER BY first_seen, txid, vout");
    s.bind(1, script_hash);
    return collect(s, deposit_from);
}

std::vector<Deposit> SqliteChainStore::deposits_of(const std::string& user) {
    Statement& s = select(db_, deposit_columns, "WHERE user_id = ? ORDER BY first_seen DESC, txid, vout");
    s.bind(1, user);
    return collect(s, deposit_from);
}

std::vector<Deposit> SqliteChainStore::unsettled_deposits(std::int64_t min_height) {
    Statement& s = select(db_, deposit_columns,
                          "WHERE orphaned = 0 AND (height = 0 OR height >= ? OR credited_at IS NULL) "
                          "ORDER BY first_seen, txid, vout");
    s.bind(1, min_height);
    return collect(s, deposit_from);
}

void SqliteChainStore::save_deposit(const Deposit& d) {
    if (d.height < 0) throw Error(Errc::bad_argument, "deposit height below 0");
    Statement& s = db_.cached(
        "INSERT INTO chain_deposits (txid, vout, script_hash, user_id, amount, height, first_seen, orphaned, spent_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (txid, vout) DO UPDATE SET height = excluded.height, orphaned = excluded.orphaned, "
        "spent_by = excluded.spent_by");
    ScopedReset reset(s);
    s.bind(1, d.txid)
        .bind(2, static_cast<std::int64_t>(d.vout))
        .bind(3, d.script_hash)
        .bind(4, d.user)
        .bind(5, sql_amount(d.amount_sat))
        .bind(6, d.height)
        .bind(7, d.first_seen)
        .bind(8, std::int64_t{d.orphaned ? 1 : 0});
    if (d.spent_by) s.bind(9, *d.spent_by);
    s.step();
}

void SqliteChainStore::remove_deposit(const std::string& txid, std::uint32_t vout) {
    Statement& s = db_.cached("DELETE FROM chain_deposits WHERE txid = ? AND vout = ? AND credited_at IS NULL");
    ScopedReset reset(s);
    s.bind(1, txid).bind(2, static_cast<std::int64_t>(vout));
    s.step();
    if (db_.changes() == 1) return;
    Statement& exists = db_.cached("SELECT 1 FROM chain_deposits WHERE txid = ? AND vout = ?");
    ScopedReset reset_exists(exists);
    exists.bind(1, txid).bind(2, static_cast<std::int64_t>(vout));
    if (exists.step()) throw Error(Errc::bad_argument, "a credited deposit is never removed");
}

bool SqliteChainStore::credit_deposit(const std::string& txid, std::uint32_t vout, std::int64_t now_s) {
    Transaction transaction(db_);
    {
        Statement& s = db_.cached("SELECT credited_at FROM chain_deposits WHERE txid = ? AND vout = ?");
        ScopedReset reset(s);
        s.bind(1, txid).bind(2, static_cast<std::int64_t>(vout));
        if (!s.step()) throw Error(Errc::bad_argument, "no deposit " + txid + ":" + std::to_string(vout));
        if (!s.column_is_null(0)) return false;
    }
    {
        // OR IGNORE: a credit left by an earlier life of this deposit (removed, then seen again)
        // stands, and is not given twice.
        Statement& s = db_.cached(
            "INSERT OR IGNORE INTO chain_credits (txid, vout, user_id, amount, credited_at) "
            "SELECT txid, vout, user_id, amount, ? FROM chain_deposits WHERE txid = ? AND vout = ?");
        ScopedReset reset(s);
        s.bind(1, now_s).bind(2, txid).bind(3, static_cast<std::int64_t>(vout));
        s.step();
    }
    const bool credited_now = db_.changes() == 1;
    {
        Statement& s = db_.cached("UPDATE chain_deposits SET credited_at = ? WHERE txid = ? AND vout = ?");
        ScopedReset reset(s);
        s.bind(1, now_s).bind(2, txid).bind(3, static_cast<std::int64_t>(vout));
        s.step();
    }
    transaction.commit();
    return credited_now;
}

std::uint64_t SqliteChainStore::credited_total(const std::string& user) {
    // Amounts are at most 21e14 each, so the sum of any realistic ledger fits 63 bits; TOTAL() is
    // a float and would round, SUM() raises an overflow error instead of wrapping.
    Statement& s = db_.cached("SELECT SUM(amount) FROM chain_credits WHERE user_id = ?");
    ScopedReset reset(s);
    s.bind(1, user);
    s.step();
    return static_cast<std::uint64_t>(s.column_int64(0));
}

}  // namespace flash::node
