// The SQLite event store: the save pipeline (duplicate, tombstones, replacement, insert, NIP-09)
// and the read side (planned queries, merged and checked again in C++).
#include "node/storage/sqlite_event_store.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "node/storage/event_query.hpp"

namespace flash::node {
namespace {

using nostr::Event;
using nostr::EventId;
using store::Database;
using store::ScopedReset;
using store::Statement;

constexpr std::uint16_t deletion_kind = 5;  // NIP-09

// Stored events were checked against the relay's limits when they arrived; reading them back must
// not refuse them under tighter defaults.
constexpr nostr::EventLimits stored_event_limits{
    std::numeric_limits<std::size_t>::max(), std::numeric_limits<std::size_t>::max(),
    std::numeric_limits<std::size_t>::max(), std::numeric_limits<std::size_t>::max()};

// ------------------------------------------------------------------------------ tag parsing

// 64 lower-case hex digits, as NOSTR writes ids and keys; nullopt for anything else.
std::optional<ByteArray<32>> parse_hex32(std::string_view text) {
    if (text.size() != 64 || text.find_first_not_of("0123456789abcdef") != std::string_view::npos)
        return std::nullopt;
    return codec::hex_decode_array<32>(text);
}

// A decimal number without sign or spaces; nullopt if malformed or out of range.
template <typename T>
std::optional<T> parse_decimal(std::string_view text) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    T value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// The d_tag column: "" for replaceable kinds, the "d" tag ("" if none) for addressable kinds,
// nullopt for the kinds that are not replaced.
std::optional<std::string> coordinate_d(const Event& event) {
    switch (nostr::classify(event.kind)) {
        case nostr::KindClass::replaceable: return std::string();
        case nostr::KindClass::addressable: {
            const std::string* d = nostr::first_tag_value(event.tags, "d");
            return d ? *d : std::string();
        }
        default: return std::nullopt;
    }
}

// An "a" tag value: "<kind>:<pubkey hex>:<d>" naming a replaceable (empty d) or addressable event.
struct Coordinate {
    std::uint16_t kind;
    crypto::XOnlyKey pubkey;
    std::string d;
};

std::optional<Coordinate> parse_coordinate(std::string_view text) {
    const std::size_t first = text.find(':');
    if (first == std::string_view::npos) return std::nullopt;
    const std::size_t second = text.find(':', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    const auto kind = parse_decimal<std::uint16_t>(text.substr(0, first));
    const auto pubkey = parse_hex32(text.substr(first + 1, second - first - 1));
    if (!kind || !pubkey) return std::nullopt;
    Coordinate coordinate{*kind, *pubkey, std::string(text.substr(second + 1))};
    switch (nostr::classify(coordinate.kind)) {
        case nostr::KindClass::replaceable:
            if (!coordinate.d.empty()) return std::nullopt;
            return coordinate;
        case nostr::KindClass::addressable: return coordinate;
        default: return std::nullopt;
    }
}

// --------------------------------------------------------------------------- statement helpers

// Runs a statement expected to return at most one row; true if it returned one.
bool has_row(Statement& statement) {
    const ScopedReset reset(statement);
    return statement.step();
}

EventId event_id_from(ByteView blob) {
    EventId id{};
    if (blob.size() != id.size()) throw Error(Errc::storage, "stored event id has a bad length");
    std::copy(blob.begin(), blob.end(), id.begin());
    return id;
}

// Runs a `... RETURNING id` statement, appending the ids it returns to `ids`.
void collect_ids(Statement& statement, std::vector<EventId>& ids) {
    const ScopedReset reset(statement);
    while (statement.step()) ids.push_back(event_id_from(statement.column_blob(0)));
}

void bind_all(Statement& statement, const std::vector<SqlValue>& params) {
    int index = 0;
    for (const SqlValue& value : params) {
        ++index;
        std::visit([&](const auto& v) { statement.bind(index, v); }, value);
    }
}

Event decode(std::string_view raw) {
    try {
        return nostr::parse_event(raw, stored_event_limits);
    } catch (const Error& e) {
        throw Error(Errc::storage, std::string("stored event does not parse: ") + e.what());
    }
}

// ---------------------------------------------------------------------------------- saving

bool is_stored(Database& db, const EventId& id) {
    Statement& statement = db.cached("SELECT 1 FROM events WHERE id = ?");
    statement.bind(1, id);
    return has_row(statement);
}

// A tombstone covers `event`: an "e" deletion by its author, or an "a" deletion of its coordinate
// at or after its created_at.
bool is_deleted(Database& db, const Event& event, const std::optional<std::string>& d) {
    if (event.kind == deletion_kind) return false;  // NIP-09: deleting a deletion has no effect
    Statement& by_id = db.cached("SELECT 1 FROM deleted_ids WHERE id = ? AND pubkey = ?");
    by_id.bind(1, event.id).bind(2, event.pubkey);
    if (has_row(by_id)) return true;
    if (!d) return false;
    Statement& by_coordinate = db.cached(
        "SELECT 1 FROM deleted_coordinates WHERE kind = ? AND pubkey = ? AND d_tag = ? AND until >= ?");
    by_coordinate.bind(1, std::int64_t{event.kind}).bind(2, event.pubkey).bind(3, *d).bind(4, event.created_at);
    return has_row(by_coordinate);
}

struct StoredVersion {
    std::int64_t rowid;
    EventId id;
    std::int64_t created_at;
    std::optional<std::int64_t> expiration;
};

std::optional<StoredVersion> current_version(Database& db, const Event& event, const std::string& d) {
    Statement& statement =
        db.cached("SELECT rowid, id, created_at, expiration FROM events WHERE pubkey = ? AND kind = ? AND d_tag = ?");
    statement.bind(1, event.pubkey).bind(2, std::int64_t{event.kind}).bind(3, d);
    const ScopedReset reset(statement);
    if (!statement.step()) return std::nullopt;
    StoredVersion version{statement.column_int64(0), event_id_from(statement.column_blob(1)),
                          statement.column_int64(2), std::nullopt};
    if (!statement.column_is_null(3)) version.expiration = statement.column_int64(3);
    return version;
}

// NIP-01: the newer version wins; at equal times, the lower id.
bool replaces(const Event& event, const StoredVersion& current) {
    return event.created_at > current.created_at || (event.created_at == current.created_at && event.id < current.id);
}

void delete_row(Database& db, std::int64_t rowid) {
    Statement& statement = db.cached("DELETE FROM events WHERE rowid = ?");  // its tags cascade
    statement.bind(1, rowid);
    statement.step();
}

void insert(Database& db, const Event& event, const std::optional<std::string>& d) {
    Statement& row = db.cached(
        "INSERT INTO events (id, pubkey, created_at, kind, d_tag, expiration, raw) VALUES (?, ?, ?, ?, ?, ?, ?)");
    row.bind(1, event.id).bind(2, event.pubkey).bind(3, event.created_at).bind(4, std::int64_t{event.kind});
    if (d) row.bind(5, *d);
    if (const auto expiration = nostr::expiration(event)) row.bind(6, *expiration);
    row.bind(7, nostr::to_json_string(event));
    row.step();
    const std::int64_t rowid = db.last_insert_rowid();

    Statement& tag = db.cached("INSERT OR IGNORE INTO tags (name, value, event_rowid) VALUES (?, ?, ?)");
    for (const nostr::Tag& t : event.tags) {
        if (t.size() < 2 || t[0].size() != 1) continue;
        tag.reset();
        tag.bind(1, t[0]).bind(2, t[1]).bind(3, rowid);
        tag.step();
    }
}

// NIP-09: applies the kind-5 `deletion` to its author's stored events and remembers it for events
// still to come; the ids removed are appended to `removed`. Malformed tags are ignored.
void apply_deletion(Database& db, const Event& deletion, std::vector<EventId>& removed) {
    for (const nostr::Tag& tag : deletion.tags) {
        if (tag.size() < 2) continue;
        if (tag[0] == "e") {
            const auto id = parse_hex32(tag[1]);
            if (!id) continue;
            Statement& tombstone = db.cached("INSERT OR IGNORE INTO deleted_ids (id, pubkey) VALUES (?, ?)");
            tombstone.bind(1, *id).bind(2, deletion.pubkey);
            tombstone.step();
            Statement& remove =
                db.cached("DELETE FROM events WHERE id = ? AND pubkey = ? AND kind <> 5 RETURNING id");
            remove.bind(1, *id).bind(2, deletion.pubkey);
            collect_ids(remove, removed);
        } else if (tag[0] == "a") {
            const auto coordinate = parse_coordinate(tag[1]);
            if (!coordinate || coordinate->pubkey != deletion.pubkey) continue;
            Statement& tombstone = db.cached(
                "INSERT INTO deleted_coordinates (kind, pubkey, d_tag, until) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (kind, pubkey, d_tag) DO UPDATE SET until = max(until, excluded.until)");
            tombstone.bind(1, std::int64_t{coordinate->kind}).bind(2, coordinate->pubkey).bind(3, coordinate->d);
            tombstone.bind(4, deletion.created_at);
            tombstone.step();
            Statement& remove = db.cached(
                "DELETE FROM events WHERE pubkey = ? AND kind = ? AND d_tag = ? AND created_at <= ? RETURNING id");
            remove.bind(1, coordinate->pubkey).bind(2, std::int64_t{coordinate->kind}).bind(3, coordinate->d);
            remove.bind(4, deletion.created_at);
            collect_ids(remove, removed);
        }
    }
}

SaveOutcome save_one(Database& db, const Event& event, std::int64_t now_s) {
    if (is_stored(db, event.id)) return {SaveStatus::duplicate, {}};
    const std::optional<std::string> d = coordinate_d(event);
    if (is_deleted(db, event, d)) return {SaveStatus::deleted, {}};
    SaveOutcome outcome;
    if (d) {
        if (const auto current = current_version(db, event, *d)) {
            // An expired version is gone for readers already: it never wins.
            const bool expired = current->expiration && *current->expiration <= now_s;
            if (!expired && !replaces(event, *current)) return {SaveStatus::superseded, {}};
            delete_row(db, current->rowid);
            outcome.removed.push_back(current->id);
        }
    }
    insert(db, event, d);
    if (event.kind == deletion_kind) apply_deletion(db, event, outcome.removed);
    return outcome;
}

// NIP-01 order: newest first, then the lowest id.
bool newer_first(const Event& a, const Event& b) {
    return a.created_at != b.created_at ? a.created_at > b.created_at : a.id < b.id;
}

}  // namespace

std::vector<SaveOutcome> SqliteEventStore::save(std::span<const Event> events, std::int64_t now_s) {
    std::vector<SaveOutcome> outcomes;
    if (events.empty()) return outcomes;
    outcomes.reserve(events.size());
    store::Transaction transaction(db_);
    for (const Event& event : events) outcomes.push_back(save_one(db_, event, now_s));
    transaction.commit();
    return outcomes;
}

std::vector<Event> SqliteEventStore::query(const std::vector<nostr::Filter>& filters, std::size_t max_results,
                                           std::int64_t now_s) {
    std::vector<Event> events;
    if (max_results == 0) return events;
    std::set<EventId> seen;
    store::Transaction snapshot(db_, store::Transaction::Mode::deferred);  // one view for every filter
    for (const nostr::Filter& filter : filters) {
        const std::uint64_t limit = std::min<std::uint64_t>(filter.limit.value_or(max_results), max_results);
        if (limit == 0) continue;
        const auto plan = plan_select(filter, limit, now_s);
        if (!plan) continue;
        Statement statement = db_.prepare(plan->query.sql);
        bind_all(statement, plan->query.params);
        while (statement.step()) {
            Event event = decode(statement.column_text(0));
            // Defence in depth: the SQL already asked all of this.
            const auto expiration = nostr::expiration(event);
            if (!filter.matches(event) || (expiration && *expiration <= now_s)) continue;
            if (seen.insert(event.id).second) events.push_back(std::move(event));
        }
    }
    snapshot.commit();
    std::sort(events.begin(), events.end(), newer_first);
    if (events.size() > max_results) events.resize(max_results);
    return events;
}

std::uint64_t SqliteEventStore::count(const std::vector<nostr::Filter>& filters, std::int64_t now_s) {
    const auto plan = plan_count(filters, now_s);
    if (!plan) return 0;
    Statement statement = db_.prepare(plan->sql);
    bind_all(statement, plan->params);
    if (!statement.step()) throw Error(Errc::storage, "COUNT returned no row");
    return static_cast<std::uint64_t>(statement.column_int64(0));
}

std::size_t SqliteEventStore::remove(std::span<const EventId> ids) {
    if (ids.empty()) return 0;
    std::size_t removed = 0;
    store::Transaction transaction(db_);
    for (const EventId& id : ids) {
        Statement& statement = db_.cached("DELETE FROM events WHERE id = ?");  // no tombstone: not NIP-09
        statement.bind(1, id);
        statement.step();
        removed += static_cast<std::size_t>(db_.changes());
    }
    transaction.commit();
    return removed;
}

std::size_t SqliteEventStore::purge_expired(std::int64_t now_s) {
    store::Transaction transaction(db_);
    Statement& statement = db_.cached("DELETE FROM events WHERE expiration <= ?");
    statement.bind(1, now_s);
    statement.step();
    const auto purged = static_cast<std::size_t>(db_.changes());
    transaction.commit();
    return purged;
}

std::uint64_t SqliteEventStore::size() {
    Statement& statement = db_.cached("SELECT COUNT(*) FROM events");
    const ScopedReset reset(statement);
    if (!statement.step()) throw Error(Errc::storage, "COUNT returned no row");
    return static_cast<std::uint64_t>(statement.column_int64(0));
}

}  // namespace flash::node
