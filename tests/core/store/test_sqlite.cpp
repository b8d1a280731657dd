// The SQLite wrapper: binding and reading every type, the statement cache, transactions,
// migrations and errors, on real files in a temporary directory.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "core/store/sqlite.hpp"
#include "support/errors.hpp"
#include "support/temp_dir.hpp"

using namespace flash;
using namespace flash::store;

namespace {

std::int64_t count_rows(Database& db, const char* table) {
    Statement statement = db.prepare(std::string("SELECT COUNT(*) FROM ") + table);
    REQUIRE(statement.step());
    return statement.column_int64(0);
}

}  // namespace

TEST_CASE("sqlite: binds and reads integers, text, blobs and NULL", "[store][sqlite]") {
    const test::TempDir dir;
    Database db = Database::open(dir.file("types.sqlite"), OpenMode::read_write);
    db.exec("CREATE TABLE t (i INTEGER, s TEXT, b BLOB, n)");

    const Bytes blob{0x00, 0xff, 0x00, 0x7f};
    const std::string text("h\xc3\xa9llo\0world", 11);  // UTF-8 with an embedded NUL
    Statement insert = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
    insert.bind(1, std::int64_t{-9007199254740991}).bind(2, text).bind(3, blob).bind(4, std::nullopt);
    CHECK_FALSE(insert.step());
    CHECK(db.last_insert_rowid() == 1);
    CHECK(db.changes() == 1);

    // Empty text and empty blobs are values, not NULL.
    insert.reset();
    insert.bind(1, std::int64_t{0}).bind(2, std::string_view{}).bind(3, ByteView{});
    CHECK_FALSE(insert.step());
    CHECK(db.last_insert_rowid() == 2);

    Statement select = db.prepare("SELECT i, s, b, n FROM t ORDER BY rowid");
    REQUIRE(select.step());
    CHECK(select.column_int64(0) == -9007199254740991);
    CHECK(select.column_text(1) == text);
    const ByteView got = select.column_blob(2);
    CHECK(Bytes(got.begin(), got.end()) == blob);
    CHECK(select.column_is_null(3));
    CHECK_FALSE(select.column_is_null(0));
    CHECK(select.column_text(3).empty());
    CHECK(select.column_blob(3).empty());

    REQUIRE(select.step());
    CHECK_FALSE(select.column_is_null(1));
    CHECK(select.column_text(1).empty());
    CHECK_FALSE(select.column_is_null(2));
    CHECK(select.column_blob(2).empty());
    CHECK_FALSE(select.step());
}

TEST_CASE("sqlite: the statement cache hands out one reset statement per SQL text", "[store][sqlite]") {
    Database db = Database::open(":memory:", OpenMode::read_write);
    db.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1), (2), (3)");
    const std::string_view sql = "SELECT x FROM t WHERE x >= ? ORDER BY x";

    Statement& first = db.cached(sql);
    first.bind(1, std::int64_t{2});
    REQUIRE(first.step());
    CHECK(first.column_int64(0) == 2);  // abandoned on a row

    Statement& again = db.cached(sql);
    CHECK(&again == &first);
    again.bind(1, std::int64_t{1});  // binding would fail on a statement still running
    REQUIRE(again.step());
    CHECK(again.column_int64(0) == 1);

    Statement& unbound = db.cached(sql);
    CHECK_FALSE(unbound.step());  // the parameter is back to NULL, and x >= NULL is never true
}

TEST_CASE("sqlite: ScopedReset releases the read snapshot of an abandoned statement", "[store][sqlite]") {
    const test::TempDir dir;
    Database writer = Database::open(dir.file("wal.sqlite"), OpenMode::read_write);
    writer.exec("PRAGMA journal_mode=WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1), (2)");
    Database reader = Database::open(dir.file("wal.sqlite"), OpenMode::read_only);

    Statement& scan = reader.cached("SELECT x FROM t");
    {
        const ScopedReset reset(scan);
        REQUIRE(scan.step());  // stopped on the first row: the snapshot is held until the reset
        writer.exec("INSERT INTO t VALUES (3)");
        CHECK(count_rows(reader, "t") == 2);
    }
    CHECK(count_rows(reader, "t") == 3);
}

TEST_CASE("sqlite: failures throw Errc::storage with SQLite's message", "[store][sqlite]") {
    const test::TempDir dir;
    Database db = Database::open(dir.file("errors.sqlite"), OpenMode::read_write);
    db.exec("CREATE TABLE t (x INTEGER PRIMARY KEY, y TEXT NOT NULL)");

    REQUIRE_THROWS_CODE(db.exec("CREATE TABLE"), Errc::storage);
    REQUIRE_THROWS_CODE(db.prepare("SELEC 1"), Errc::storage);
    REQUIRE_THROWS_CODE(db.prepare("SELECT nope FROM t"), Errc::storage);
    REQUIRE_THROWS_CODE(db.prepare("SELECT 1; SELECT 2"), Errc::storage);
    REQUIRE_THROWS_CODE(db.prepare("  "), Errc::storage);
    REQUIRE_THROWS_CODE(db.cached("SELECT * FROM missing"), Errc::storage);

    try {
        db.exec("SELECT * FROM missing_table");
        FAIL("no exception");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("no such table: missing_table") != std::string::npos);
    }

    Statement insert = db.prepare("INSERT INTO t VALUES (?, ?)");
    REQUIRE_THROWS_CODE(insert.bind(3, std::int64_t{1}), Errc::storage);
    insert.bind(1, std::int64_t{1});
    REQUIRE_THROWS_CODE(insert.step(), Errc::storage);  // y is NOT NULL
    insert.reset();
    insert.bind(1, std::int64_t{1}).bind(2, "a");
    CHECK_FALSE(insert.step());
    insert.reset();
    insert.bind(1, std::int64_t{1}).bind(2, "b");
    REQUIRE_THROWS_CODE(insert.step(), Errc::storage);  // duplicate primary key

    REQUIRE_THROWS_CODE(Database::open((dir.path / "no" / "such" / "dir.sqlite").string(), OpenMode::read_write),
                        Errc::storage);
    REQUIRE_THROWS_CODE(Database::open(dir.file("missing.sqlite"), OpenMode::read_only), Errc::storage);

    Database reader = Database::open(dir.file("errors.sqlite"), OpenMode::read_only);
    CHECK(count_rows(reader, "t") == 1);
    REQUIRE_THROWS_CODE(reader.exec("INSERT INTO t VALUES (2, 'c')"), Errc::storage);

    std::ofstream(dir.file("garbage.sqlite"), std::ios::binary) << std::string(4096, 'x');
    Database not_a_db = Database::open(dir.file("garbage.sqlite"), OpenMode::read_write);
    REQUIRE_THROWS_CODE(not_a_db.user_version(), Errc::storage);
}

TEST_CASE("sqlite: a transaction commits, or rolls back when it is left early", "[store][sqlite]") {
    const test::TempDir dir;
    Database db = Database::open(dir.file("tx.sqlite"), OpenMode::read_write);
    db.exec("CREATE TABLE t (x INTEGER UNIQUE)");

    {
        Transaction transaction(db);
        CHECK(db.in_transaction());
        db.exec("INSERT INTO t VALUES (1)");
        transaction.commit();
    }
    CHECK_FALSE(db.in_transaction());
    CHECK(count_rows(db, "t") == 1);

    {
        Transaction transaction(db);
        db.exec("INSERT INTO t VALUES (2)");
    }  // no commit
    CHECK_FALSE(db.in_transaction());
    CHECK(count_rows(db, "t") == 1);

    CHECK_THROWS_AS(
        [&] {
            Transaction transaction(db);
            db.exec("INSERT INTO t VALUES (3)");
            throw std::runtime_error("something failed half-way");
        }(),
        std::runtime_error);
    CHECK(count_rows(db, "t") == 1);

    // A failed statement inside the transaction: the whole transaction is undone.
    REQUIRE_THROWS_CODE(
        [&] {
            Transaction transaction(db);
            db.exec("INSERT INTO t VALUES (4)");
            db.exec("INSERT INTO t VALUES (1)");  // UNIQUE violation
            transaction.commit();
        }(),
        Errc::storage);
    CHECK(count_rows(db, "t") == 1);

    {
        Transaction outer(db);
        REQUIRE_THROWS_CODE(Transaction(db), Errc::storage);  // no nesting
        CHECK(db.in_transaction());
    }
    CHECK_FALSE(db.in_transaction());

    {
        Transaction read(db, Transaction::Mode::deferred);
        CHECK(count_rows(db, "t") == 1);
        read.commit();
    }
}

TEST_CASE("sqlite: a writer's open transaction blocks a second writer until the busy timeout", "[store][sqlite]") {
    const test::TempDir dir;
    Database first = Database::open(dir.file("lock.sqlite"), OpenMode::read_write);
    first.exec("PRAGMA journal_mode=WAL; CREATE TABLE t (x)");
    Database second = Database::open(dir.file("lock.sqlite"), OpenMode::read_write);
    second.exec("PRAGMA busy_timeout=10");

    Transaction holding(first);
    first.exec("INSERT INTO t VALUES (1)");
    REQUIRE_THROWS_CODE(Transaction(second), Errc::storage);  // database is locked
    {
        Transaction reading(second, Transaction::Mode::deferred);  // readers are never blocked
        CHECK(count_rows(second, "t") == 0);
    }
    holding.commit();
    CHECK(count_rows(second, "t") == 1);
}

TEST_CASE("sqlite: data survives closing and reopening the file; a Database moves", "[store][sqlite]") {
    const test::TempDir dir;
    {
        Database db = Database::open(dir.file("keep.sqlite"), OpenMode::read_write);
        db.exec("CREATE TABLE t (x)");
        db.cached("INSERT INTO t VALUES (?)").bind(1, std::int64_t{42}).step();
        Database moved = std::move(db);
        Statement& insert = moved.cached("INSERT INTO t VALUES (?)");
        insert.bind(1, std::int64_t{43});
        CHECK_FALSE(insert.step());
    }
    Database db = Database::open(dir.file("keep.sqlite"), OpenMode::read_only);
    Statement select = db.prepare("SELECT SUM(x) FROM t");
    REQUIRE(select.step());
    CHECK(select.column_int64(0) == 85);
}

TEST_CASE("sqlite: migrate applies what is missing, once, each step atomically", "[store][sqlite]") {
    const test::TempDir dir;
    const std::string path = dir.file("schema.sqlite");
    const Migration v1{1, "CREATE TABLE a (x); INSERT INTO a VALUES (1);"};
    const Migration v2{2, "CREATE TABLE b (y)"};
    const Migration v3{3, "ALTER TABLE b ADD COLUMN z; INSERT INTO a VALUES (2);"};

    {
        Database db = Database::open(path, OpenMode::read_write);
        CHECK(db.user_version() == 0);
        const Migration two[] = {v1, v2};
        migrate(db, two);
        CHECK(db.user_version() == 2);
        migrate(db, two);  // already there: nothing runs twice
        CHECK(count_rows(db, "a") == 1);
    }
    {
        Database db = Database::open(path, OpenMode::read_write);
        const Migration three[] = {v1, v2, v3};
        migrate(db, three);
        CHECK(db.user_version() == 3);
        CHECK(count_rows(db, "a") == 2);
        db.exec("INSERT INTO b (y, z) VALUES (1, 2)");
    }
    {
        // An older program refuses the newer file, even read-only.
        Database db = Database::open(path, OpenMode::read_only);
        const Migration two[] = {v1, v2};
        REQUIRE_THROWS_CODE(migrate(db, two), Errc::storage);
        const Migration three[] = {v1, v2, v3};
        migrate(db, three);  // up to date: needs no write
    }
    {
        // A failing step leaves the database at the last complete version, without partial changes.
        Database db = Database::open(path, OpenMode::read_write);
        const Migration broken[] = {v1, v2, v3, {4, "INSERT INTO a VALUES (3); CREATE TABLE a (x);"}};
        REQUIRE_THROWS_CODE(migrate(db, broken), Errc::storage);
        CHECK(db.user_version() == 3);
        CHECK(count_rows(db, "a") == 2);
        CHECK_FALSE(db.in_transaction());
    }
    {
        Database db = Database::open(":memory:", OpenMode::read_write);
        const Migration unsorted[] = {v2, v1};
        REQUIRE_THROWS_CODE(migrate(db, unsorted), Errc::storage);
        const Migration zero[] = {{0, "CREATE TABLE z (x)"}};
        REQUIRE_THROWS_CODE(migrate(db, zero), Errc::storage);
        CHECK(db.user_version() == 0);
    }
}
