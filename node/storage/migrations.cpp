// flash-node's SQLite schema, one migration per version.
#include "node/storage/migrations.hpp"

namespace flash::node {
namespace {

// Version 1: NOSTR events with their single-letter tags, and NIP-09 tombstones.
constexpr std::string_view v1_events = R"sql(
CREATE TABLE events (
    rowid      INTEGER PRIMARY KEY,
    id         BLOB    NOT NULL UNIQUE,  -- 32 bytes
    pubkey     BLOB    NOT NULL,         -- 32 bytes, x-only
    created_at INTEGER NOT NULL,
    kind       INTEGER NOT NULL,
    d_tag      TEXT,                     -- replaceable: '', addressable: the d tag ('' if none), else NULL
    expiration INTEGER,                  -- NIP-40 unix seconds, NULL if none
    raw        TEXT    NOT NULL          -- the event as JSON
);
CREATE INDEX events_created_at ON events (created_at);
CREATE INDEX events_pubkey_kind ON events (pubkey, kind, created_at);
CREATE INDEX events_kind ON events (kind, created_at);
-- One current version per replaceable (pubkey, kind) and addressable (pubkey, kind, d) coordinate.
CREATE UNIQUE INDEX events_coordinate ON events (pubkey, kind, d_tag) WHERE d_tag IS NOT NULL;
CREATE INDEX events_expiration ON events (expiration) WHERE expiration IS NOT NULL;

-- Tags whose name is one letter (the only ones NIP-01 filters can name): ["p", value, ...].
CREATE TABLE tags (
    name        TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    event_rowid INTEGER NOT NULL REFERENCES events (rowid) ON DELETE CASCADE,
    PRIMARY KEY (name, value, event_rowid)
) WITHOUT ROWID;
CREATE INDEX tags_event ON tags (event_rowid);

-- NIP-09 "e" deletions: the event `id` is deleted if (and only if) it is by `pubkey`, the
-- deletion's author. Kept after the event is gone so that it is refused if it comes again.
CREATE TABLE deleted_ids (
    id     BLOB NOT NULL,
    pubkey BLOB NOT NULL,
    PRIMARY KEY (id, pubkey)
) WITHOUT ROWID;

-- NIP-09 "a" deletions: versions of the coordinate with created_at <= until are deleted.
CREATE TABLE deleted_coordinates (
    kind   INTEGER NOT NULL,
    pubkey BLOB    NOT NULL,
    d_tag  TEXT    NOT NULL,
    until  INTEGER NOT NULL,
    PRIMARY KEY (kind, pubkey, d_tag)
) WITHOUT ROWID;
)sql";

constexpr store::Migration migrations[] = {
    {1, v1_events},
};

}  // namespace

std::span<const store::Migration> node_migrations() noexcept { return migrations; }

}  // namespace flash::node
