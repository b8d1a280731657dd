// The SQLite chain store: the users' registered account keys.
#include "core/error.hpp"
#include "node/storage/sqlite_chain_store.hpp"
#include "node/storage/sqlite_rows.hpp"

namespace flash::node {

using namespace sqlite_rows;

namespace {

// Reads the columns user_id, account_key, fingerprint, path, registered_at.
ChainAccount account_from(const Statement& s) {
    return {std::string(s.column_text(0)), std::string(s.column_text(1)), std::string(s.column_text(2)),
            std::string(s.column_text(3)), s.column_int64(4)};
}

}  // namespace

std::optional<ChainAccount> SqliteChainStore::account_of(const std::string& user) {
    Statement& s = db_.cached(
        "SELECT user_id, account_key, fingerprint, path, registered_at FROM chain_accounts WHERE user_id = ?");
    s.bind(1, user);
    return first(s, account_from);
}

std::optional<ChainAccount> SqliteChainStore::account_by_key(const std::string& account_key) {
    Statement& s = db_.cached(
        "SELECT user_id, account_key, fingerprint, path, registered_at FROM chain_accounts WHERE account_key = ?");
    s.bind(1, account_key);
    return first(s, account_from);
}

std::vector<ChainAccount> SqliteChainStore::accounts() {
    Statement& s = db_.cached(
        "SELECT user_id, account_key, fingerprint, path, registered_at FROM chain_accounts "
        "ORDER BY registered_at, user_id");
    return collect(s, account_from);
}

void SqliteChainStore::add_account(const ChainAccount& a) {
    Transaction transaction(db_);
    Statement& taken = db_.cached("SELECT 1 FROM chain_accounts WHERE user_id = ? OR account_key = ?");
    {
        ScopedReset reset(taken);
        taken.bind(1, a.user).bind(2, a.account_key);
        if (taken.step()) throw Error(Errc::bad_argument, "the user or the account key is registered already");
    }
    Statement& s = db_.cached(
        "INSERT INTO chain_accounts (user_id, account_key, fingerprint, path, registered_at) VALUES (?, ?, ?, ?, ?)");
    ScopedReset reset(s);
    s.bind(1, a.user).bind(2, a.account_key).bind(3, a.fingerprint).bind(4, a.path).bind(5, a.registered_at);
    s.step();
    transaction.commit();
}

}  // namespace flash::node
