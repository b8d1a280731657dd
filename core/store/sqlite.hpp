// A thin RAII layer over the SQLite C API: connections, prepared statements, transactions and
// versioned schema migrations. Shared by flash-node's storage and the wallet (natively and in wasm).
//
// Errors: every failure (open, prepare, bind, step, exec) throws Error(Errc::storage) whose message
// carries SQLite's own text. Nothing here uses threads: one connection belongs to one thread at a
// time (several connections may share one file; SQLite's locks then arbitrate).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/bytes.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace flash::store {

/// A compiled SQL statement. Move-only; finalized when destroyed. Obtained from
/// Database::prepare() or Database::cached(); it must not outlive its Database.
///
/// Use: bind parameters (1-based, as SQLite numbers `?`), step() until it returns false, read
/// columns (0-based) while it returns true. A statement stopped on a row keeps its connection's
/// read transaction open, which hides later commits from that connection and stalls WAL
/// checkpoints: step to the end, or reset() it (ScopedReset does so on every exit path).
class Statement {
public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    /// Binds parameter `index` (1-based). Text and blobs are copied, so the argument may die
    /// right after the call. Throws Error(storage) for an index out of range.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, ByteView blob);
    Statement& bind(int index, std::nullopt_t);

    /// Runs the statement to its next row: true when a row is ready, false when it is done.
    /// Throws Error(storage) on failure (constraint violation, busy, I/O); reset() it afterwards.
    bool step();

    /// Rewinds the statement so that it can run again and sets every parameter back to NULL.
    void reset() noexcept;

    /// Columns of the current row (0-based). A NULL reads as 0, "" or an empty view. Views stay
    /// valid until the next step(), reset() or destruction of the statement.
    std::int64_t column_int64(int column) const noexcept;
    std::string_view column_text(int column) const noexcept;
    ByteView column_blob(int column) const noexcept;
    bool column_is_null(int column) const noexcept;

private:
    friend class Database;
    Statement(sqlite3* db, sqlite3_stmt* stmt) noexcept : db_(db), stmt_(stmt) {}
    [[noreturn]] void fail(const char* what) const;
    void check_bind(int rc, int index) const;

    sqlite3* db_ = nullptr;        ///< not owned
    sqlite3_stmt* stmt_ = nullptr; ///< owned
};

/// Resets a statement when the scope ends, whichever way it ends.
class ScopedReset {
public:
    explicit ScopedReset(Statement& statement) noexcept : statement_(statement) {}
    ScopedReset(const ScopedReset&) = delete;
    ScopedReset& operator=(const ScopedReset&) = delete;
    ~ScopedReset() { statement_.reset(); }

private:
    Statement& statement_;
};

enum class OpenMode {
    read_write,  ///< read and write, creating the file if it does not exist
    read_only,   ///< read only; the file must exist
};

/// One connection to a database file. Move-only; closed when destroyed.
class Database {
public:
    /// Opens `path` (":memory:" for a private in-memory database). Throws Error(storage) if the
    /// file cannot be opened (missing directory, permissions, read_only and no file); a file that
    /// is not a database is reported on first use.
    static Database open(const std::string& path, OpenMode mode);

    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    /// Runs one or more `;`-separated statements that return no rows of interest (schema, PRAGMA).
    void exec(std::string_view sql);

    /// Compiles exactly one statement; Error(storage) on a syntax error, an unknown table or
    /// column, or text after the first statement.
    Statement prepare(std::string_view sql);

    /// The statement for `sql` from this connection's cache, compiled on first use; it is handed
    /// out reset with every parameter NULL. The reference stays valid as long as the Database (the
    /// cache never evicts, so use it for a fixed set of SQL texts, not for generated ones).
    /// The same statement must not be in use twice at once (no recursion over one SQL text).
    Statement& cached(std::string_view sql);

    /// The rowid of the most recent successful INSERT on this connection.
    std::int64_t last_insert_rowid() const noexcept;
    /// Rows changed by the most recent INSERT, UPDATE or DELETE (not counting cascades).
    int changes() const noexcept;
    /// True while a transaction is open on this connection.
    bool in_transaction() const noexcept;

    /// PRAGMA user_version: the schema version migrate() maintains (0 for a new file).
    int user_version();
    void set_user_version(int version);

private:
    explicit Database(sqlite3* db) noexcept : db_(db) {}
    void close() noexcept;

    sqlite3* db_ = nullptr;
    std::map<std::string, Statement, std::less<>> cache_;
};

/// An open transaction, rolled back on destruction unless commit() succeeded.
class Transaction {
public:
    enum class Mode {
        immediate,  ///< BEGIN IMMEDIATE: takes the write lock now (for writers: no deadlock later)
        deferred,   ///< BEGIN: a consistent read snapshot that never blocks the writer
    };

    /// Begins on `db`, which must outlive the transaction. Throws Error(storage) if a transaction
    /// is already open or the write lock stays busy past the connection's busy timeout.
    explicit Transaction(Database& db, Mode mode = Mode::immediate);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    /// Commits; Error(storage) if that fails (the destructor then rolls back).
    void commit();

private:
    Database& db_;
    bool committed_ = false;
};

/// One step of a schema: `sql` takes the schema from version - 1 (or the previous migration's
/// version) to `version`.
struct Migration {
    int version;
    std::string_view sql;
};

/// Brings `db` to the newest of `migrations` (sorted by strictly increasing version > 0): runs
/// every migration above PRAGMA user_version, each in its own transaction together with the new
/// user_version, so a failure leaves the database at the last complete version. Throws
/// Error(storage) when a migration fails, when `migrations` is not sorted, or when the database's
/// version is newer than the newest migration (a newer program wrote it).
void migrate(Database& db, std::span<const Migration> migrations);

}  // namespace flash::store
