// NodeStore: everything flash-node keeps on disk, behind one interface per service so that a
// second implementation (Postgres) can replace SQLite without touching the services.
//
// Threading: an implementation object is used from one thread at a time; the server gives the
// writer thread and the I/O thread their own instances over the same data directory.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/nostr/event.hpp"
#include "core/nostr/filter.hpp"
#include "node/storage/card_store.hpp"
#include "node/storage/chain_store.hpp"
#include "node/storage/ledger_store.hpp"
#include "node/storage/lightning_address_store.hpp"
#include "node/storage/merchant_store.hpp"
#include "node/storage/mint_store.hpp"
#include "node/storage/reward_store.hpp"

namespace flash::node {

/// What happened to one event handed to EventStore::save().
enum class SaveStatus {
    stored,      ///< new and kept (and, for replaceable/addressable kinds, now the current version)
    duplicate,   ///< an event with this id is already stored
    superseded,  ///< replaceable/addressable: a newer version (or an equal time with a lower id) exists
    deleted,     ///< a NIP-09 deletion by its author already covers it
};

struct SaveOutcome {
    SaveStatus status = SaveStatus::stored;
    /// Events this one removed: older versions it replaced, or targets of a kind-5 deletion.
    std::vector<nostr::EventId> removed;
};

/// NOSTR events with the NIP-01 storage rules: replaceable kinds (0, 3, 10000-19999) keep one event
/// per (pubkey, kind), addressable kinds (30000-39999) one per (pubkey, kind, d tag); the newest
/// wins and a tie keeps the lowest id. NIP-09: a kind-5 event deletes the same author's events it
/// names with "e" tags and, with "a" tags ("kind:pubkey:d"), the addressable versions up to its
/// created_at; a deleted event that arrives again is refused. NIP-40: events whose "expiration" tag
/// is in the past are never returned. Ephemeral kinds (20000-29999) are never passed in.
///
/// Errors: flash::Error(Errc::storage) when the database fails (disk full, corrupt file); nothing
/// is half-written then, because every call is one transaction.
class EventStore {
public:
    virtual ~EventStore() = default;

    /// Stores `events` in one transaction (the caller has verified their signatures); `now_s` is
    /// the clock for NIP-40. Returns one outcome per event, in order. The changes are durable when
    /// it returns.
    virtual std::vector<SaveOutcome> save(std::span<const nostr::Event> events, std::int64_t now_s) = 0;

    /// Events matching any of `filters` (NIP-01 rules; each filter's `limit` keeps its newest
    /// `limit` events), newest first (created_at descending, then id ascending), each at most once,
    /// at most `max_results` in total, none expired at `now_s`.
    virtual std::vector<nostr::Event> query(const std::vector<nostr::Filter>& filters, std::size_t max_results,
                                            std::int64_t now_s) = 0;

    /// NIP-45: how many stored, unexpired events match any of `filters` (limits ignored).
    virtual std::uint64_t count(const std::vector<nostr::Filter>& filters, std::int64_t now_s) = 0;

    /// Removes the events with these ids, whoever wrote them (NIP-29 moderation by a group admin),
    /// in one transaction; unknown ids are ignored, and no tombstone is kept. Returns how many.
    virtual std::size_t remove(std::span<const nostr::EventId> ids) = 0;

    /// Removes events whose expiration is at or before `now_s`; returns how many.
    virtual std::size_t purge_expired(std::int64_t now_s) = 0;

    /// Number of stored events (for /metrics).
    virtual std::uint64_t size() = 0;
};

/// The node's storage as a whole.
class NodeStore {
public:
    virtual ~NodeStore() = default;
    virtual EventStore& events() = 0;
    virtual MintStore& mint() = 0;
    virtual ChainStore& chain() = 0;
    virtual LedgerStore& ledger() = 0;
    virtual MerchantStore& merchant() = 0;
    /// Flash Cards and merchants' rewards. A store without them (a test's wrapper of another
    /// part) throws Error(storage).
    virtual CardStore& cards() { throw Error(Errc::storage, "this store keeps no cards"); }
    virtual RewardStore& rewards() { throw Error(Errc::storage, "this store keeps no rewards"); }
    /// Lightning addresses (LUD-16); a store without them throws Error(storage).
    virtual LightningAddressStore& lightning_addresses() {
        throw Error(Errc::storage, "this store keeps no lightning addresses");
    }
};

/// The database files' names inside the data directory.
inline constexpr const char* sqlite_store_file = "flash-node.sqlite";
inline constexpr const char* sqlite_mint_file = "mint.sqlite";

/// Opens (creating and migrating as needed) the SQLite store in `data_dir` (file flash-node.sqlite,
/// WAL mode, synchronous=FULL so that a returned save() survives power loss). Each call gives an
/// independent connection. Throws Error(Errc::storage) if the directory or file cannot be used, or
/// if the file's schema is newer than this program knows.
/// `file` names another SQLite file in `data_dir` with the same schema: the mint keeps its own,
/// so that its group commits (which hold the write lock across requests) never block the others.
std::unique_ptr<NodeStore> open_sqlite_store(const std::string& data_dir, const std::string& file = sqlite_store_file);

}  // namespace flash::node
