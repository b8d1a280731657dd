// The event store's query planner: the SQL and parameters it writes for each kind of filter, and
// the index SQLite actually uses for them (EXPLAIN QUERY PLAN on the real schema).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/store/sqlite.hpp"
#include "node/storage/event_query.hpp"
#include "node/storage/migrations.hpp"

using namespace flash;
using namespace flash::node;
using nostr::Filter;

namespace {

constexpr std::int64_t now = 1700000000;

Bytes bytes32(std::uint8_t fill) { return Bytes(32, fill); }
ByteArray<32> array32(std::uint8_t fill) {
    ByteArray<32> a;
    a.fill(fill);
    return a;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// SQLite's plan for `query` on an empty database with the store's schema, one line per step.
std::string explain(const SqlQuery& query) {
    store::Database db = store::Database::open(":memory:", store::OpenMode::read_write);
    store::migrate(db, node_migrations());
    store::Statement statement = db.prepare("EXPLAIN QUERY PLAN " + query.sql);
    int index = 0;
    for (const SqlValue& value : query.params) {
        ++index;
        std::visit([&](const auto& v) { statement.bind(index, v); }, value);
    }
    std::string plan;
    while (statement.step()) plan += std::string(statement.column_text(3)) + "\n";
    return plan;
}

}  // namespace

TEST_CASE("event query: a filter with an empty list has no plan", "[node][storage][query]") {
    Filter filter;
    filter.ids = std::vector<nostr::EventId>{};
    CHECK_FALSE(plan_select(filter, 10, now));
    filter = Filter{};
    filter.authors = std::vector<crypto::XOnlyKey>{};
    CHECK_FALSE(plan_select(filter, 10, now));
    filter = Filter{};
    filter.kinds = std::vector<std::uint16_t>{};
    CHECK_FALSE(plan_select(filter, 10, now));
    filter = Filter{};
    filter.tags['p'] = {};
    CHECK_FALSE(plan_select(filter, 10, now));

    const std::vector<Filter> filters{filter, filter};
    CHECK_FALSE(plan_count(filters, now));
    CHECK_FALSE(plan_count({}, now));
}

TEST_CASE("event query: the empty filter scans by time, newest first", "[node][storage][query]") {
    const auto plan = plan_select(Filter{}, 25, now);
    REQUIRE(plan);
    CHECK(plan->driver == QueryDriver::created_at);
    CHECK(plan->query.sql ==
          "SELECT e.raw FROM events e WHERE (e.expiration IS NULL OR e.expiration > ?) "
          "ORDER BY e.created_at DESC, e.id LIMIT ?");
    CHECK(plan->query.params == std::vector<SqlValue>{now, std::int64_t{25}});
    CHECK(contains(explain(plan->query), "events_created_at"));

    // A limit past what SQLite can hold is clamped.
    CHECK(plan_select(Filter{}, UINT64_MAX, now)->query.params.back() == SqlValue{INT64_MAX});
}

TEST_CASE("event query: ids drive through the unique index", "[node][storage][query]") {
    Filter filter;
    filter.ids = std::vector<nostr::EventId>{array32(1), array32(2)};
    filter.kinds = std::vector<std::uint16_t>{1};
    filter.since = 100;
    filter.until = 200;
    const auto plan = plan_select(filter, 10, now);
    REQUIRE(plan);
    CHECK(plan->driver == QueryDriver::ids);
    CHECK(plan->query.sql ==
          "SELECT e.raw FROM events e WHERE e.id IN (?, ?) AND +e.kind IN (?) AND +e.created_at >= ? "
          "AND +e.created_at <= ? AND (e.expiration IS NULL OR e.expiration > ?) "
          "ORDER BY e.created_at DESC, e.id LIMIT ?");
    CHECK(plan->query.params == std::vector<SqlValue>{bytes32(1), bytes32(2), std::int64_t{1}, std::int64_t{100},
                                                      std::int64_t{200}, now, std::int64_t{10}});
    CHECK(contains(explain(plan->query), "(id=?)"));
}

TEST_CASE("event query: authors drive through (pubkey, kind, created_at)", "[node][storage][query]") {
    Filter filter;
    filter.authors = std::vector<crypto::XOnlyKey>{array32(7)};
    filter.kinds = std::vector<std::uint16_t>{0, 3};
    filter.until = 50;
    filter.tags['t'] = {"nostr"};
    const auto plan = plan_select(filter, 10, now);
    REQUIRE(plan);
    CHECK(plan->driver == QueryDriver::authors);
    CHECK(plan->query.sql ==
          "SELECT e.raw FROM events e WHERE e.pubkey IN (?) AND e.kind IN (?, ?) AND EXISTS (SELECT 1 FROM tags t "
          "WHERE t.event_rowid = e.rowid AND t.name = ? AND t.value IN (?)) AND e.created_at <= ? "
          "AND (e.expiration IS NULL OR e.expiration > ?) ORDER BY e.created_at DESC, e.id LIMIT ?");
    CHECK(plan->query.params == std::vector<SqlValue>{bytes32(7), std::int64_t{0}, std::int64_t{3}, std::string("t"),
                                                      std::string("nostr"), std::int64_t{50}, now, std::int64_t{10}});
    const std::string explained = explain(plan->query);
    CHECK(contains(explained, "events_pubkey_kind (pubkey=? AND kind=?"));
    CHECK(contains(explained, "SEARCH t USING"));  // a lookup per row, never a scan of tags
}

TEST_CASE("event query: the first tag drives, the others check each row", "[node][storage][query]") {
    Filter filter;
    filter.kinds = std::vector<std::uint16_t>{7};
    filter.tags['p'] = {"alice"};
    filter.tags['e'] = {"x", "y"};
    filter.since = 10;
    const auto plan = plan_select(filter, 5, now);
    REQUIRE(plan);
    CHECK(plan->driver == QueryDriver::tags);
    CHECK(plan->query.sql ==
          "SELECT e.raw FROM events e WHERE +e.kind IN (?) "
          "AND e.rowid IN (SELECT t.event_rowid FROM tags t WHERE t.name = ? AND t.value IN (?, ?)) "
          "AND EXISTS (SELECT 1 FROM tags t WHERE t.event_rowid = e.rowid AND t.name = ? AND t.value IN (?)) "
          "AND +e.created_at >= ? AND (e.expiration IS NULL OR e.expiration > ?) "
          "ORDER BY e.created_at DESC, e.id LIMIT ?");
    CHECK(plan->query.params == std::vector<SqlValue>{std::int64_t{7}, std::string("e"), std::string("x"),
                                                      std::string("y"), std::string("p"), std::string("alice"),
                                                      std::int64_t{10}, now, std::int64_t{5}});
    const std::string explained = explain(plan->query);
    CHECK(contains(explained, "USING INTEGER PRIMARY KEY (rowid=?)"));
    CHECK(contains(explained, "SEARCH t USING PRIMARY KEY (name=? AND value=?)"));
    CHECK_FALSE(contains(explained, "events_kind"));
    CHECK_FALSE(contains(explained, "events_created_at"));
}

TEST_CASE("event query: kinds drive through (kind, created_at)", "[node][storage][query]") {
    Filter filter;
    filter.kinds = std::vector<std::uint16_t>{1};
    filter.since = 1000;
    const auto plan = plan_select(filter, 100, now);
    REQUIRE(plan);
    CHECK(plan->driver == QueryDriver::kinds);
    CHECK(contains(plan->query.sql, "WHERE e.kind IN (?) AND e.created_at >= ? AND"));
    CHECK(contains(explain(plan->query), "events_kind (kind=? AND created_at>?)"));
}

TEST_CASE("event query: count is one UNION over the filters that can match", "[node][storage][query]") {
    Filter kinds;
    kinds.kinds = std::vector<std::uint16_t>{1};
    kinds.limit = 3;  // ignored
    Filter nothing;
    nothing.ids = std::vector<nostr::EventId>{};
    Filter authors;
    authors.authors = std::vector<crypto::XOnlyKey>{array32(9)};
    const std::vector<Filter> filters{kinds, nothing, authors};
    const auto query = plan_count(filters, now);
    REQUIRE(query);
    CHECK(query->sql ==
          "SELECT COUNT(*) FROM (SELECT e.rowid FROM events e WHERE e.kind IN (?) "
          "AND (e.expiration IS NULL OR e.expiration > ?) UNION SELECT e.rowid FROM events e "
          "WHERE e.pubkey IN (?) AND (e.expiration IS NULL OR e.expiration > ?))");
    CHECK(query->params == std::vector<SqlValue>{std::int64_t{1}, now, bytes32(9), now});
    const std::string explained = explain(*query);
    CHECK(contains(explained, "events_kind"));
    CHECK(contains(explained, "events_pubkey_kind"));
}
