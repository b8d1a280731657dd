// The SQLite event store against real files: saving, every filter field, limits and order, the
// replaceable and addressable rules, NIP-09 deletions and tombstones, NIP-40 expiration, reopening.
#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/codec/hex.hpp"
#include "core/store/sqlite.hpp"
#include "node/storage/node_store.hpp"
#include "node/storage/sqlite_node_store.hpp"
#include "storage_fixtures.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::node;
using codec::hex_encode;
using nostr::Event;
using nostr::EventId;
using nostr::Filter;
using test::Author;
using test::TempDir;

namespace {

constexpr std::int64_t now = 1700000000;
constexpr std::size_t no_cap = 1000;

// A store in its own temporary directory.
struct Fixture {
    TempDir dir;
    std::unique_ptr<NodeStore> node = open_sqlite_store(dir.str());
    EventStore& store = node->events();

    std::vector<SaveOutcome> save(const std::vector<Event>& events, std::int64_t at = now) {
        return store.save(events, at);
    }
    SaveStatus save_one(const Event& event) { return save({event}).at(0).status; }
    std::vector<Event> query(const std::vector<Filter>& filters, std::size_t max = no_cap) {
        return store.query(filters, max, now);
    }
    std::vector<Event> query(const Filter& filter) { return query(std::vector<Filter>{filter}); }
};

std::vector<EventId> ids_of(const std::vector<Event>& events) {
    std::vector<EventId> ids;
    for (const Event& e : events) ids.push_back(e.id);
    return ids;
}

// The events in the store's order: newest first, then the lowest id.
std::vector<EventId> ordered(std::vector<Event> events) {
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
        return a.created_at != b.created_at ? a.created_at > b.created_at : a.id < b.id;
    });
    return ids_of(events);
}

Filter by_ids(std::vector<EventId> ids) {
    Filter f;
    f.ids = std::move(ids);
    return f;
}

Filter by_kinds(std::vector<std::uint16_t> kinds) {
    Filter f;
    f.kinds = std::move(kinds);
    return f;
}

Filter by_authors(std::vector<crypto::XOnlyKey> authors) {
    Filter f;
    f.authors = std::move(authors);
    return f;
}

Filter everything() { return Filter{}; }

std::string coordinate(std::uint16_t kind, const Author& author, const std::string& d) {
    return std::to_string(kind) + ":" + hex_encode(author.pubkey) + ":" + d;
}

}  // namespace

TEST_CASE("event store: save, query, count and size; duplicates in the store and in a batch",
          "[node][storage][events]") {
    Fixture f;
    const Author alice;
    const Event note = alice.event(1, now - 10, {{"t", "hello"}}, "hi");
    const Event other = alice.event(1, now - 5);

    const auto outcomes = f.save({note, other, note});
    REQUIRE(outcomes.size() == 3);
    CHECK(outcomes[0].status == SaveStatus::stored);
    CHECK(outcomes[1].status == SaveStatus::stored);
    CHECK(outcomes[2].status == SaveStatus::duplicate);  // twice in one batch
    CHECK(outcomes[0].removed.empty());
    CHECK(f.save_one(note) == SaveStatus::duplicate);  // already stored
    CHECK(f.save({}).empty());

    const auto all = f.query(everything());
    REQUIRE(all.size() == 2);
    CHECK(all[0] == other);  // newest first, every field intact
    CHECK(all[1] == note);
    CHECK(f.store.count({everything()}, now) == 2);
    CHECK(f.store.size() == 2);
}

TEST_CASE("event store: every filter field", "[node][storage][events]") {
    Fixture f;
    const Author alice, bob;
    const Event a1 = alice.event(1, 100, {{"p", hex_encode(bob.pubkey)}, {"t", "nostr", "extra"}});
    const Event a7 = alice.event(7, 200, {{"e", hex_encode(a1.id)}, {"T", "Upper"}, {"title", "long names"}});
    const Event b1 = bob.event(1, 300, {{"t", "bitcoin"}, {"t", "nostr"}, {"t"}, {"e", ""}});
    const Event b4 = bob.event(4, 400, {{"p", hex_encode(alice.pubkey)}});
    REQUIRE(f.save({a1, a7, b1, b4}).size() == 4);
    const auto check = [&](const Filter& filter, const std::vector<Event>& expected) {
        INFO(nostr::to_json(filter).dump());
        CHECK(ids_of(f.query(filter)) == ordered(expected));
        CHECK(f.store.count({filter}, now) == expected.size());
    };

    check(everything(), {a1, a7, b1, b4});
    check(by_ids({a7.id, b4.id, EventId{}}), {a7, b4});
    check(by_ids({}), {});
    check(by_authors({alice.pubkey}), {a1, a7});
    check(by_authors({alice.pubkey, bob.pubkey}), {a1, a7, b1, b4});
    check(by_authors({}), {});
    check(by_kinds({1}), {a1, b1});
    check(by_kinds({4, 7}), {a7, b4});
    check(by_kinds({}), {});
    check(by_kinds({2}), {});

    Filter tags;
    tags.tags['t'] = {"nostr"};
    check(tags, {a1, b1});
    tags.tags['t'] = {"bitcoin", "nope"};
    check(tags, {b1});
    tags.tags['t'] = {};
    check(tags, {});
    tags.tags['t'] = {"nostr"};
    tags.tags['p'] = {hex_encode(bob.pubkey)};  // both letters must match
    check(tags, {a1});
    Filter upper;
    upper.tags['T'] = {"Upper"};  // tag letters are case-sensitive
    check(upper, {a7});
    upper.tags['T'] = {"upper"};
    check(upper, {});
    Filter empty_value;
    empty_value.tags['e'] = {""};
    check(empty_value, {b1});
    Filter refs;
    refs.tags['e'] = {hex_encode(a1.id)};
    refs.kinds = std::vector<std::uint16_t>{7};
    refs.authors = std::vector<crypto::XOnlyKey>{alice.pubkey};
    check(refs, {a7});

    Filter window;
    window.since = 200;  // inclusive
    window.until = 300;  // inclusive
    check(window, {a7, b1});
    window.since = 301;
    check(window, {});
    window = Filter{};
    window.until = 100;
    check(window, {a1});

    Filter combined = by_kinds({1, 4});
    combined.authors = std::vector<crypto::XOnlyKey>{bob.pubkey};
    combined.since = 350;
    check(combined, {b4});
}

TEST_CASE("event store: limits apply per filter; results are merged, unique, ordered and capped",
          "[node][storage][events]") {
    Fixture f;
    const Author alice, bob;
    std::vector<Event> notes, reactions;
    for (int i = 0; i < 5; ++i) notes.push_back(alice.event(1, 1000 + i));
    for (int i = 0; i < 5; ++i) reactions.push_back(bob.event(7, 1000 + i));  // same times as the notes
    f.save(notes);
    f.save(reactions);

    Filter newest_notes = by_kinds({1});
    newest_notes.limit = 2;
    Filter newest_reactions = by_kinds({7});
    newest_reactions.limit = 3;
    const auto merged = f.query({newest_notes, newest_reactions});
    CHECK(ids_of(merged) == ordered({notes[4], notes[3], reactions[4], reactions[3], reactions[2]}));

    // Equal created_at: the lower id first.
    REQUIRE(merged[0].created_at == merged[1].created_at);
    CHECK(merged[0].id < merged[1].id);

    // An event matched by several filters comes once.
    Filter alice_all = by_authors({alice.pubkey});
    const auto overlapping = f.query({alice_all, by_kinds({1}), by_ids({notes[0].id})});
    CHECK(ids_of(overlapping) == ordered(notes));
    CHECK(f.store.count({alice_all, by_kinds({1}), by_ids({notes[0].id})}, now) == 5);

    // max_results caps the total, keeping the newest.
    std::vector<Event> all = notes;
    all.insert(all.end(), reactions.begin(), reactions.end());
    const auto expected = ordered(all);
    CHECK(ids_of(f.query({everything()}, 4)) == std::vector<EventId>(expected.begin(), expected.begin() + 4));
    CHECK(f.query({everything()}, 0).empty());
    CHECK(f.query({everything()}, SIZE_MAX).size() == 10);

    Filter zero = everything();
    zero.limit = 0;
    CHECK(f.query(zero).empty());
    CHECK(f.store.count({zero}, now) == 10);  // count ignores limits
    CHECK(f.query(std::vector<Filter>{}).empty());
    CHECK(f.store.count({}, now) == 0);
}

TEST_CASE("event store: replaceable kinds keep the newest per (pubkey, kind)", "[node][storage][events]") {
    Fixture f;
    const Author alice, bob;
    const Event v1 = alice.event(0, 100, {}, "v1");
    const Event v2 = alice.event(0, 200, {}, "v2");
    const Event bob_v = bob.event(0, 50, {}, "bob");
    const Event contacts = alice.event(3, 100);
    const Event relays = alice.event(10002, 100);

    REQUIRE(f.save_one(v1) == SaveStatus::stored);
    const auto newer = f.save({v2}).at(0);
    CHECK(newer.status == SaveStatus::stored);
    CHECK(newer.removed == std::vector<EventId>{v1.id});
    CHECK(f.save_one(v1) == SaveStatus::superseded);  // an older version comes back
    CHECK(f.save_one(bob_v) == SaveStatus::stored);   // another author's own slot
    CHECK(f.save_one(contacts) == SaveStatus::stored);
    CHECK(f.save_one(relays) == SaveStatus::stored);
    CHECK(ids_of(f.query(by_kinds({0}))) == ordered({v2, bob_v}));
    CHECK(f.store.size() == 4);

    // A d tag means nothing for replaceable kinds.
    const Event v3 = alice.event(0, 300, {{"d", "other"}}, "v3");
    CHECK(f.save({v3}).at(0).removed == std::vector<EventId>{v2.id});

    // Equal created_at: the lowest id wins, whichever arrives first.
    Event x = alice.event(10000, 500, {}, "x");
    Event y = alice.event(10000, 500, {}, "y");
    if (y.id < x.id) std::swap(x, y);  // x has the lower id
    CHECK(f.save_one(x) == SaveStatus::stored);
    CHECK(f.save_one(y) == SaveStatus::superseded);
    Fixture g;
    CHECK(g.save_one(y) == SaveStatus::stored);
    const auto tie = g.save({x}).at(0);
    CHECK(tie.status == SaveStatus::stored);
    CHECK(tie.removed == std::vector<EventId>{y.id});
    CHECK(ids_of(g.query(everything())) == std::vector<EventId>{x.id});

    // Within one batch the rules apply in order.
    Fixture h;
    const auto batch = h.save({v1, v2, v1});
    CHECK(batch[0].status == SaveStatus::stored);
    CHECK(batch[1].removed == std::vector<EventId>{v1.id});
    CHECK(batch[2].status == SaveStatus::superseded);
}

TEST_CASE("event store: addressable kinds keep the newest per (pubkey, kind, d)", "[node][storage][events]") {
    Fixture f;
    const Author alice;
    const Event a_old = alice.event(30023, 100, {{"d", "a"}});
    const Event a_new = alice.event(30023, 200, {{"d", "a"}, {"title", "new"}});
    const Event b = alice.event(30023, 150, {{"d", "b"}});
    const Event no_d = alice.event(30023, 100);
    const Event empty_d = alice.event(30023, 120, {{"d", ""}});
    const Event other_kind = alice.event(30024, 100, {{"d", "a"}});

    REQUIRE(f.save_one(a_old) == SaveStatus::stored);
    CHECK(f.save_one(b) == SaveStatus::stored);
    CHECK(f.save_one(other_kind) == SaveStatus::stored);
    CHECK(f.save({a_new}).at(0).removed == std::vector<EventId>{a_old.id});
    CHECK(f.save_one(a_old) == SaveStatus::superseded);
    CHECK(f.save_one(no_d) == SaveStatus::stored);
    const auto replaced = f.save({empty_d}).at(0);  // no d tag is the same as d = ""
    CHECK(replaced.status == SaveStatus::stored);
    CHECK(replaced.removed == std::vector<EventId>{no_d.id});

    Filter d_a;
    d_a.tags['d'] = {"a"};
    CHECK(ids_of(f.query(d_a)) == ordered({a_new, other_kind}));
    CHECK(f.store.size() == 4);
}

TEST_CASE("event store: NIP-09 deletion by e tags, only of the author's own events", "[node][storage][events]") {
    Fixture f;
    const Author alice, mallory;
    const Event note = alice.event(1, 100);
    const Event profile = alice.event(0, 100);
    const Event bystander = mallory.event(1, 100);
    const Event unseen = alice.event(1, 110);  // deleted before it arrives
    f.save({note, profile, bystander});

    const Event deletion = alice.event(5, 200,
                                       {{"e", hex_encode(note.id)},
                                        {"e", hex_encode(profile.id)},
                                        {"e", hex_encode(bystander.id)},  // not alice's: stays
                                        {"e", hex_encode(unseen.id)},
                                        {"e", "not hex"},
                                        {"e", hex_encode(note.id).substr(0, 63) + "G"},
                                        {"e"}});
    const auto outcome = f.save({deletion}).at(0);
    CHECK(outcome.status == SaveStatus::stored);
    std::vector<EventId> removed = outcome.removed;
    std::sort(removed.begin(), removed.end());
    std::vector<EventId> expected{note.id, profile.id};
    std::sort(expected.begin(), expected.end());
    CHECK(removed == expected);
    CHECK(ids_of(f.query(everything())) == ordered({deletion, bystander}));

    // Tombstones: what was deleted stays deleted, including what had not arrived yet.
    CHECK(f.save_one(note) == SaveStatus::deleted);
    CHECK(f.save_one(profile) == SaveStatus::deleted);
    CHECK(f.save_one(unseen) == SaveStatus::deleted);
    CHECK(f.save_one(deletion) == SaveStatus::duplicate);

    // Mallory cannot delete alice's events, now or later.
    const Event later = alice.event(1, 300);
    const Event attack = mallory.event(5, 400, {{"e", hex_encode(later.id)}, {"e", hex_encode(deletion.id)}});
    CHECK(f.save({attack}).at(0).removed.empty());
    CHECK(f.save_one(later) == SaveStatus::stored);
    CHECK(f.query(by_ids({deletion.id})).size() == 1);

    // Deleting a deletion has no effect, and a deletion is never refused.
    const Event undo = alice.event(5, 500, {{"e", hex_encode(deletion.id)}});
    CHECK(f.save({undo}).at(0).removed.empty());
    CHECK(f.query(by_kinds({5})).size() == 3);
    Fixture g;
    g.save({undo});
    CHECK(g.save_one(deletion) == SaveStatus::stored);
}

TEST_CASE("event store: NIP-09 deletion by a tags up to the deletion's time", "[node][storage][events]") {
    Fixture f;
    const Author alice, mallory;
    const Event article_v1 = alice.event(30023, 100, {{"d", "post"}});
    const Event other_d = alice.event(30023, 100, {{"d", "keep"}});
    const Event status = alice.event(10002, 100);
    const Event mallory_post = mallory.event(30023, 100, {{"d", "post"}});
    f.save({article_v1, other_d, status, mallory_post});

    const Event deletion = alice.event(5, 150,
                                       {{"a", coordinate(30023, alice, "post")},
                                        {"a", coordinate(10002, alice, "")},
                                        {"a", coordinate(30023, mallory, "post")},  // not hers: ignored
                                        {"a", coordinate(1, alice, "")},            // not a coordinate kind
                                        {"a", coordinate(10002, alice, "x")},       // replaceable with a d
                                        {"a", "30023:" + hex_encode(alice.pubkey)},
                                        {"a", "x:" + hex_encode(alice.pubkey) + ":post"},
                                        {"a", "99999:" + hex_encode(alice.pubkey) + ":post"},
                                        {"a", "30023:" + hex_encode(alice.pubkey).substr(2) + ":post"}});
    const auto outcome = f.save({deletion}).at(0);
    std::vector<EventId> removed = outcome.removed;
    std::sort(removed.begin(), removed.end());
    std::vector<EventId> expected{article_v1.id, status.id};
    std::sort(expected.begin(), expected.end());
    CHECK(removed == expected);
    CHECK(ids_of(f.query(everything())) == ordered({deletion, other_d, mallory_post}));

    // Versions up to the deletion's created_at are refused; newer ones are welcome.
    CHECK(f.save_one(article_v1) == SaveStatus::deleted);
    CHECK(f.save_one(alice.event(30023, 150, {{"d", "post"}})) == SaveStatus::deleted);
    CHECK(f.save_one(alice.event(10002, 120)) == SaveStatus::deleted);
    const Event article_v2 = alice.event(30023, 151, {{"d", "post"}});
    CHECK(f.save_one(article_v2) == SaveStatus::stored);
    CHECK(f.save_one(mallory.event(30023, 120, {{"d", "post"}})) == SaveStatus::stored);

    // A later deletion moves the bound forward; an earlier one never moves it back.
    const Event later = alice.event(5, 300, {{"a", coordinate(30023, alice, "post")}});
    CHECK(f.save({later}).at(0).removed == std::vector<EventId>{article_v2.id});
    f.save({alice.event(5, 120, {{"a", coordinate(30023, alice, "post")}})});
    CHECK(f.save_one(alice.event(30023, 250, {{"d", "post"}})) == SaveStatus::deleted);
    CHECK(f.save_one(alice.event(30023, 301, {{"d", "post"}})) == SaveStatus::stored);
}

TEST_CASE("event store: a deletion later in the same batch removes an event stored earlier in it",
          "[node][storage][events]") {
    Fixture f;
    const Author alice;
    const Event note = alice.event(1, 100);
    const Event deletion = alice.event(5, 200, {{"e", hex_encode(note.id)}});
    const auto outcomes = f.save({note, deletion, note});
    CHECK(outcomes[0].status == SaveStatus::stored);
    CHECK(outcomes[1].removed == std::vector<EventId>{note.id});
    CHECK(outcomes[2].status == SaveStatus::deleted);
    CHECK(f.store.size() == 1);
}

TEST_CASE("event store: NIP-40 expired events are hidden, then purged", "[node][storage][events]") {
    Fixture f;
    const Author alice;
    const Event soon = alice.event(1, 100, {{"expiration", std::to_string(now + 10)}});
    const Event later = alice.event(1, 100, {{"expiration", std::to_string(now + 1000)}});
    const Event malformed = alice.event(1, 100, {{"expiration", "soon"}});
    const Event negative = alice.event(1, 100, {{"expiration", "-5"}});
    const Event forever = alice.event(1, 100);
    f.save({soon, later, malformed, negative, forever}, now);

    const auto at = [&](std::int64_t t) { return ids_of(f.store.query({everything()}, no_cap, t)); };
    CHECK(at(now).size() == 5);
    CHECK(at(now + 9).size() == 5);
    CHECK(at(now + 10) == ordered({later, malformed, negative, forever}));  // expired at the second itself
    CHECK(f.store.count({everything()}, now + 10) == 4);
    CHECK(f.store.count({by_ids({soon.id})}, now + 10) == 0);
    CHECK(f.store.size() == 5);  // still on disk

    CHECK(f.store.purge_expired(now + 5) == 0);
    CHECK(f.store.purge_expired(now + 10) == 1);
    CHECK(f.store.size() == 4);
    CHECK(f.store.purge_expired(now + 2000) == 1);
    CHECK(f.store.purge_expired(now + 2000) == 0);
    CHECK(at(now + 2000) == ordered({malformed, negative, forever}));
}

TEST_CASE("event store: an expired current version never supersedes", "[node][storage][events]") {
    Fixture f;
    const Author alice;
    const Event expiring = alice.event(0, 200, {{"expiration", std::to_string(now + 10)}});
    const Event older = alice.event(0, 100);
    REQUIRE(f.save_one(expiring) == SaveStatus::stored);
    CHECK(f.save({older}, now).at(0).status == SaveStatus::superseded);
    const auto replaced = f.save({older}, now + 10).at(0);
    CHECK(replaced.status == SaveStatus::stored);
    CHECK(replaced.removed == std::vector<EventId>{expiring.id});
    CHECK(ids_of(f.store.query({everything()}, no_cap, now + 10)) == std::vector<EventId>{older.id});
}

TEST_CASE("event store: remove() deletes by id, whoever wrote them", "[node][storage][events]") {
    Fixture f;
    const Author alice, bob;
    const Event a = alice.event(9, 100, {{"h", "group"}});
    const Event b = bob.event(9, 100, {{"h", "group"}});
    f.save({a, b});
    const std::vector<EventId> ids{a.id, b.id, EventId{}};
    CHECK(f.store.remove(ids) == 2);
    CHECK(f.store.remove(ids) == 0);
    CHECK(f.store.remove({}) == 0);
    CHECK(f.store.size() == 0);
    Filter by_group;
    by_group.tags['h'] = {"group"};
    CHECK(f.query(by_group).empty());  // their tags went with them
    CHECK(f.save_one(a) == SaveStatus::stored);  // no tombstone: a moderator's removal is not NIP-09
}

TEST_CASE("event store: data survives reopening; two connections share the file", "[node][storage][events]") {
    const TempDir dir;
    const Author alice;
    const Event note = alice.event(1, 100, {{"t", "kept"}});
    const Event profile = alice.event(0, 100);
    {
        auto node = open_sqlite_store(dir.str());
        node->events().save(std::vector<Event>{note, profile}, now);
    }
    REQUIRE(std::filesystem::exists(dir.path / sqlite_store_file));

    auto writer = open_sqlite_store(dir.str());
    auto reader = open_sqlite_store(dir.str());
    Filter kept;
    kept.tags['t'] = {"kept"};
    CHECK(ids_of(reader->events().query({kept}, no_cap, now)) == std::vector<EventId>{note.id});

    const Event profile_v2 = alice.event(0, 200);
    CHECK(writer->events().save(std::vector<Event>{profile_v2}, now).at(0).removed == std::vector<EventId>{profile.id});
    CHECK(ids_of(reader->events().query({by_kinds({0})}, no_cap, now)) == std::vector<EventId>{profile_v2.id});
    CHECK(reader->events().size() == 2);

    // The tables are really in WAL mode, with foreign keys on.
    store::Database raw = store::Database::open((dir.path / sqlite_store_file).string(), store::OpenMode::read_only);
    store::Statement mode = raw.prepare("PRAGMA journal_mode");
    REQUIRE(mode.step());
    CHECK(mode.column_text(0) == "wal");
}

TEST_CASE("event store: storage failures are Errc::storage", "[node][storage][events]") {
    const TempDir dir;
    // The data directory is a file.
    const auto file = dir.path / "file";
    std::ofstream(file) << "x";
    REQUIRE_THROWS_CODE(open_sqlite_store(file.string()), Errc::storage);

    // A schema from a newer program.
    const std::string data = (dir.path / "data").string();
    open_sqlite_store(data);
    {
        store::Database db = store::Database::open((dir.path / "data" / sqlite_store_file).string(),
                                                   store::OpenMode::read_write);
        db.set_user_version(99);
    }
    REQUIRE_THROWS_CODE(open_sqlite_store(data), Errc::storage);
}

TEST_CASE("event store: rows are checked again after decoding", "[node][storage][events]") {
    Fixture f;
    const Author alice;
    const Event note = alice.event(1, 100);
    const Event impostor = alice.event(2, 100);
    f.save({note});
    const auto path = (f.dir.path / sqlite_store_file).string();
    {
        // Tamper with the row behind the store's back: the JSON no longer matches its columns.
        store::Database db = store::Database::open(path, store::OpenMode::read_write);
        store::Statement update = db.prepare("UPDATE events SET raw = ?");
        update.bind(1, nostr::to_json_string(impostor));
        update.step();
    }
    CHECK(f.query(by_kinds({1})).empty());
    CHECK(f.query(by_kinds({2})).empty());
    {
        store::Database db = store::Database::open(path, store::OpenMode::read_write);
        db.exec("UPDATE events SET raw = 'not json'");
    }
    REQUIRE_THROWS_CODE(f.query(by_kinds({1})), Errc::storage);
    // The failed read left no transaction open: the store still works.
    CHECK(f.save_one(alice.event(1, 200)) == SaveStatus::stored);
}
