// Opening the node's SQLite store: the data directory, the connection's settings, the schema.
#include "node/storage/sqlite_node_store.hpp"

#include <filesystem>
#include <system_error>

#include "core/error.hpp"
#include "node/storage/migrations.hpp"

namespace flash::node {
namespace {

// Per-connection settings. WAL lets the reader run while the writer writes; synchronous=FULL makes
// a commit durable when it returns; the busy timeout covers the moments one connection waits for
// the other (a writer's commit, a checkpoint).
void configure(store::Database& db) {
    db.exec("PRAGMA busy_timeout = 5000");
    store::Statement wal = db.prepare("PRAGMA journal_mode = WAL");
    if (!wal.step() || wal.column_text(0) != "wal")
        throw Error(Errc::storage, "the database cannot use WAL mode (journal_mode is " +
                                       std::string(wal.column_text(0)) + ")");
    db.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
}

}  // namespace

std::unique_ptr<NodeStore> open_sqlite_store(const std::string& data_dir, const std::string& file) {
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) throw Error(Errc::storage, "cannot create data directory " + data_dir + ": " + ec.message());
    store::Database db =
        store::Database::open((std::filesystem::path(data_dir) / file).string(), store::OpenMode::read_write);
    configure(db);
    store::migrate(db, node_migrations());
    return std::make_unique<SqliteNodeStore>(std::move(db));
}

}  // namespace flash::node
