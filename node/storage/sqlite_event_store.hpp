// EventStore over SQLite (schema in migrations.cpp, queries planned by event_query.hpp).
//
// save() applies the NIP-01 replaceable/addressable rules, NIP-09 deletions and tombstones in one
// write transaction; query() reads every filter from one snapshot, decodes each row and checks
// it again with nostr::Filter::matches() before returning it.
#pragma once

#include "core/store/sqlite.hpp"
#include "node/storage/node_store.hpp"

namespace flash::node {

class SqliteEventStore final : public EventStore {
public:
    /// Works on `db`, which must outlive this object and already be configured (foreign_keys=ON,
    /// a busy timeout) and migrated to node_migrations(); open_sqlite_store() does both.
    explicit SqliteEventStore(store::Database& db) noexcept : db_(db) {}

    std::vector<SaveOutcome> save(std::span<const nostr::Event> events, std::int64_t now_s) override;
    std::vector<nostr::Event> query(const std::vector<nostr::Filter>& filters, std::size_t max_results,
                                    std::int64_t now_s) override;
    std::uint64_t count(const std::vector<nostr::Filter>& filters, std::int64_t now_s) override;
    std::size_t remove(std::span<const nostr::EventId> ids) override;
    std::size_t purge_expired(std::int64_t now_s) override;
    std::uint64_t size() override;

private:
    store::Database& db_;
};

}  // namespace flash::node
