// The SQLite wrapper: every SQLite result code that is not a success becomes Error(storage).
#include "core/store/sqlite.hpp"

#include <sqlite3.h>

#include <climits>
#include <utility>

#include "core/error.hpp"

namespace flash::store {
namespace {

[[noreturn]] void storage_error(const std::string& detail) { throw Error(Errc::storage, detail); }

// "<what>: <SQLite's message> (<code>)" for the last failure on `db`.
[[noreturn]] void sqlite_error(sqlite3* db, const std::string& what) {
    storage_error(what + ": " + sqlite3_errmsg(db) + " (" + std::to_string(sqlite3_extended_errcode(db)) + ")");
}

int sql_length(std::string_view sql) {
    if (sql.size() > static_cast<std::size_t>(INT_MAX)) storage_error("SQL text too long");
    return static_cast<int>(sql.size());
}

// A non-null pointer for an empty text or blob: SQLite binds NULL when given a null pointer.
const char* non_null(const char* p) { return p != nullptr ? p : ""; }

bool only_space(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

// ---------------------------------------------------------------------------------- Statement

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        db_ = std::exchange(other.db_, nullptr);
        stmt_ = std::exchange(other.stmt_, nullptr);
    }
    return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }  // a no-op for nullptr

void Statement::fail(const char* what) const {
    sqlite_error(db_, std::string(what) + " [" + non_null(sqlite3_sql(stmt_)) + "]");
}

void Statement::check_bind(int rc, int index) const {
    if (rc != SQLITE_OK) fail(("bind parameter " + std::to_string(index)).c_str());
}

Statement& Statement::bind(int index, std::int64_t value) {
    check_bind(sqlite3_bind_int64(stmt_, index, value), index);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    check_bind(sqlite3_bind_text64(stmt_, index, non_null(text.data()), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
               index);
    return *this;
}

Statement& Statement::bind(int index, ByteView blob) {
    const char* data = non_null(reinterpret_cast<const char*>(blob.data()));
    check_bind(sqlite3_bind_blob64(stmt_, index, data, blob.size(), SQLITE_TRANSIENT), index);
    return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
    check_bind(sqlite3_bind_null(stmt_, index), index);
    return *this;
}

bool Statement::step() {
    switch (sqlite3_step(stmt_)) {
        case SQLITE_ROW: return true;
        case SQLITE_DONE: return false;
        default: fail("step");
    }
}

void Statement::reset() noexcept {
    sqlite3_reset(stmt_);  // returns the last step()'s error, already reported
    sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::column_int64(int column) const noexcept { return sqlite3_column_int64(stmt_, column); }

std::string_view Statement::column_text(int column) const noexcept {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    const int size = sqlite3_column_bytes(stmt_, column);  // after the conversion above
    if (text == nullptr) return {};
    return {text, static_cast<std::size_t>(size)};
}

ByteView Statement::column_blob(int column) const noexcept {
    const auto* blob = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
    const int size = sqlite3_column_bytes(stmt_, column);
    if (blob == nullptr) return {};
    return {blob, static_cast<std::size_t>(size)};
}

bool Statement::column_is_null(int column) const noexcept {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

// ----------------------------------------------------------------------------------- Database

Database Database::open(const std::string& path, OpenMode mode) {
    const int flags = (mode == OpenMode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        // SQLite usually allocates a handle even on failure; it carries the message.
        const std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close_v2(db);
        storage_error("open " + path + ": " + message);
    }
    sqlite3_extended_result_codes(db, 1);
    return Database(db);
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), cache_(std::move(other.cache_)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        close();
        db_ = std::exchange(other.db_, nullptr);
        cache_ = std::move(other.cache_);
    }
    return *this;
}

Database::~Database() { close(); }

void Database::close() noexcept {
    cache_.clear();  // finalize our statements first
    // _v2: if a caller still holds a Statement, the connection closes when that one is finalized.
    sqlite3_close_v2(db_);
    db_ = nullptr;
}

void Database::exec(std::string_view sql) {
    const std::string text(sql);  // sqlite3_exec wants a NUL-terminated string
    char* message = nullptr;
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string detail = message != nullptr ? message : sqlite3_errmsg(db_);
        sqlite3_free(message);
        storage_error("exec: " + detail);
    }
}

Statement Database::prepare(std::string_view sql) {
    const char* text = non_null(sql.data());
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(db_, text, sql_length(sql), &stmt, &tail) != SQLITE_OK)
        sqlite_error(db_, "prepare [" + std::string(sql) + "]");
    Statement statement(db_, stmt);  // owns stmt from here on
    if (stmt == nullptr) storage_error("prepare: no statement in [" + std::string(sql) + "]");
    if (!only_space(sql.substr(static_cast<std::size_t>(tail - text))))
        storage_error("prepare: more than one statement in [" + std::string(sql) + "]");
    return statement;
}

Statement& Database::cached(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) return cache_.emplace(std::string(sql), prepare(sql)).first->second;
    it->second.reset();
    return it->second;
}

std::int64_t Database::last_insert_rowid() const noexcept { return sqlite3_last_insert_rowid(db_); }

int Database::changes() const noexcept { return sqlite3_changes(db_); }

bool Database::in_transaction() const noexcept { return sqlite3_get_autocommit(db_) == 0; }

int Database::user_version() {
    Statement statement = prepare("PRAGMA user_version");
    if (!statement.step()) storage_error("PRAGMA user_version returned no row");
    return static_cast<int>(statement.column_int64(0));
}

void Database::set_user_version(int version) { exec("PRAGMA user_version = " + std::to_string(version)); }

// -------------------------------------------------------------------------------- Transaction

Transaction::Transaction(Database& db, Mode mode) : db_(db) {
    db_.exec(mode == Mode::immediate ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
    // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL).
    if (committed_ || !db_.in_transaction()) return;
    try {
        db_.exec("ROLLBACK");
    } catch (const Error&) {
        // Nothing more can be done; the connection rolls back when it closes.
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    committed_ = true;
}

// --------------------------------------------------------------------------------- migrations

void migrate(Database& db, std::span<const Migration> migrations) {
    int previous = 0;
    for (const Migration& m : migrations) {
        if (m.version <= previous) storage_error("migrations are not sorted by increasing version > 0");
        previous = m.version;
    }
    const int current = db.user_version();
    if (current > previous)
        storage_error("database schema version " + std::to_string(current) + " is newer than this program's " +
                      std::to_string(previous));
    for (const Migration& m : migrations) {
        if (m.version <= current) continue;  // no write lock when there is nothing to do
        Transaction transaction(db);
        // Read again under the write lock: another connection may have migrated meanwhile.
        if (db.user_version() >= m.version) continue;
        db.exec(m.sql);
        db.set_user_version(m.version);
        transaction.commit();
    }
}

}  // namespace flash::store
