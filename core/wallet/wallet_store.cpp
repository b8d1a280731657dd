#include "core/wallet/wallet_store.hpp"

#include <array>

#include "core/cashu/nut00.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"

namespace flash::wallet {
namespace {

constexpr std::string_view schema_v1 = R"sql(
CREATE TABLE wallet_mints (
    url  TEXT PRIMARY KEY,
    info TEXT NOT NULL
);
CREATE TABLE wallet_keysets (
    id            TEXT PRIMARY KEY,            -- full id, lower-case hex
    mint          TEXT NOT NULL REFERENCES wallet_mints(url),
    unit          TEXT NOT NULL,
    active        INTEGER NOT NULL,
    input_fee_ppk INTEGER NOT NULL,
    final_expiry  INTEGER,
    keys          TEXT NOT NULL                -- NUT-01 keys object, '{}' until fetched
);
CREATE INDEX wallet_keysets_by_mint ON wallet_keysets(mint);
CREATE TABLE wallet_proofs (
    y         TEXT PRIMARY KEY,                -- hash_to_curve(secret), hex
    mint      TEXT NOT NULL,
    keyset    TEXT NOT NULL,
    unit      TEXT NOT NULL,
    amount    INTEGER NOT NULL,                -- u64 bit pattern
    secret    TEXT NOT NULL,
    c         TEXT NOT NULL,
    dleq_e    TEXT,
    dleq_s    TEXT,
    dleq_r    TEXT,
    witness   TEXT,
    state     TEXT NOT NULL CHECK (state IN ('unspent', 'pending', 'spent')),
    operation TEXT NOT NULL DEFAULT ''
);
CREATE INDEX wallet_proofs_by_mint ON wallet_proofs(mint, unit, state);
CREATE TABLE wallet_counters (
    keyset TEXT PRIMARY KEY,
    next   INTEGER NOT NULL
);
CREATE TABLE wallet_operations (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    id       TEXT NOT NULL UNIQUE,
    mint     TEXT NOT NULL,
    kind     TEXT NOT NULL,
    state    TEXT NOT NULL,
    quote    TEXT NOT NULL DEFAULT '',
    data     TEXT NOT NULL
);
CREATE INDEX wallet_operations_by_state ON wallet_operations(state);
CREATE INDEX wallet_operations_by_quote ON wallet_operations(quote);
)sql";

// Offline payments: proofs set aside for offline sending, and the queue of tokens received
// offline (each proof's Y once, so the same proofs are never queued twice).
constexpr std::string_view schema_v2 = R"sql(
ALTER TABLE wallet_proofs ADD COLUMN offline INTEGER NOT NULL DEFAULT 0;
CREATE TABLE wallet_offline_queue (
    sequence    INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,          -- hex SHA-256 of the sorted proof Ys
    mint        TEXT NOT NULL,
    unit        TEXT NOT NULL,
    amount      INTEGER NOT NULL,              -- u64 bit pattern
    token       TEXT NOT NULL,
    verdict     TEXT NOT NULL,                 -- JSON, the offline verdict at receipt
    received_at INTEGER NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('queued', 'redeeming', 'redeemed', 'failed')),
    operation   TEXT NOT NULL DEFAULT '',
    error       TEXT                           -- JSON {reason, code, detail} when failed
);
CREATE INDEX wallet_offline_queue_by_state ON wallet_offline_queue(state);
CREATE TABLE wallet_offline_ys (
    y     TEXT PRIMARY KEY,
    entry TEXT NOT NULL REFERENCES wallet_offline_queue(id)
);
)sql";

constexpr std::array<store::Migration, 2> migrations{{{1, schema_v1}, {2, schema_v2}}};

std::int64_t as_column(std::uint64_t value) { return static_cast<std::int64_t>(value); }
std::uint64_t from_column(std::int64_t value) { return static_cast<std::uint64_t>(value); }

ProofStatus parse_status(std::string_view text) {
    if (text == "unspent") return ProofStatus::unspent;
    if (text == "pending") return ProofStatus::pending;
    if (text == "spent") return ProofStatus::spent;
    throw Error(Errc::storage, "wallet_proofs: unknown state " + std::string(text));
}

nlohmann::json parse_stored_json(std::string_view text, const char* what) {
    nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
    if (value.is_discarded()) throw Error(Errc::storage, std::string(what) + " is not JSON");
    return value;
}

constexpr std::string_view keyset_columns =
    "SELECT mint, id, unit, active, input_fee_ppk, final_expiry, keys FROM wallet_keysets ";

KeysetRecord read_keyset(const store::Statement& row) {
    KeysetRecord record;
    record.mint = row.column_text(0);
    record.id = codec::hex_decode(row.column_text(1));
    record.unit = row.column_text(2);
    record.active = row.column_int64(3) != 0;
    record.input_fee_ppk = from_column(row.column_int64(4));
    if (!row.column_is_null(5)) record.final_expiry = from_column(row.column_int64(5));
    const nlohmann::json keys = parse_stored_json(row.column_text(6), "keyset keys");
    if (!keys.empty()) record.keys = cashu::keys_from_json(keys);
    return record;
}

constexpr std::string_view proof_columns =
    "SELECT mint, keyset, unit, amount, secret, c, dleq_e, dleq_s, dleq_r, witness, state, operation, offline "
    "FROM wallet_proofs ";

StoredProof read_proof(const store::Statement& row) {
    StoredProof stored;
    stored.mint = row.column_text(0);
    stored.proof.id = codec::hex_decode(row.column_text(1));
    stored.unit = row.column_text(2);
    stored.proof.amount = from_column(row.column_int64(3));
    stored.proof.secret = row.column_text(4);
    stored.proof.C = codec::hex_decode_array<33>(row.column_text(5));
    if (!row.column_is_null(6)) {
        cashu::Dleq dleq;
        dleq.e = codec::hex_decode_array<32>(row.column_text(6));
        dleq.s = codec::hex_decode_array<32>(row.column_text(7));
        if (!row.column_is_null(8)) dleq.r = codec::hex_decode_array<32>(row.column_text(8));
        stored.proof.dleq = dleq;
    }
    if (!row.column_is_null(9)) stored.proof.witness = std::string(row.column_text(9));
    stored.status = parse_status(row.column_text(10));
    stored.operation = row.column_text(11);
    stored.offline = row.column_int64(12) != 0;
    return stored;
}

constexpr std::string_view operation_columns =
    "SELECT id, mint, kind, state, quote, data, sequence FROM wallet_operations ";

OperationRecord read_operation(const store::Statement& row) {
    OperationRecord record;
    record.id = row.column_text(0);
    record.mint = row.column_text(1);
    record.kind = row.column_text(2);
    record.state = row.column_text(3);
    record.quote = row.column_text(4);
    record.data = parse_stored_json(row.column_text(5), "operation data");
    record.sequence = row.column_int64(6);
    return record;
}

constexpr std::string_view queue_columns =
    "SELECT id, mint, unit, amount, token, verdict, received_at, state, operation, error, sequence "
    "FROM wallet_offline_queue ";

QueueState parse_queue_state(std::string_view text) {
    for (const QueueState state : {QueueState::queued, QueueState::redeeming, QueueState::redeemed, QueueState::failed})
        if (to_string(state) == text) return state;
    throw Error(Errc::storage, "wallet_offline_queue: unknown state " + std::string(text));
}

QueueEntry read_queue_entry(const store::Statement& row) {
    QueueEntry entry;
    entry.id = row.column_text(0);
    entry.mint = row.column_text(1);
    entry.unit = row.column_text(2);
    entry.amount = from_column(row.column_int64(3));
    entry.token = row.column_text(4);
    entry.verdict = parse_stored_json(row.column_text(5), "queued verdict");
    entry.received_at = from_column(row.column_int64(6));
    entry.state = parse_queue_state(row.column_text(7));
    entry.operation = row.column_text(8);
    if (!row.column_is_null(9)) entry.error = parse_stored_json(row.column_text(9), "queue error");
    entry.sequence = row.column_int64(10);
    return entry;
}

}  // namespace

std::string_view to_string(QueueState state) noexcept {
    switch (state) {
        case QueueState::queued: return "queued";
        case QueueState::redeeming: return "redeeming";
        case QueueState::redeemed: return "redeemed";
        case QueueState::failed: return "failed";
    }
    return "queued";
}

std::string_view to_string(ProofStatus status) noexcept {
    switch (status) {
        case ProofStatus::unspent: return "unspent";
        case ProofStatus::pending: return "pending";
        case ProofStatus::spent: return "spent";
    }
    return "unspent";
}

WalletStore::WalletStore(store::Database& db) : db_(db) { store::migrate(db_, migrations); }

void WalletStore::put_mint(std::string_view url, std::string_view info_json) {
    auto& insert = db_.cached(
        "INSERT INTO wallet_mints(url, info) VALUES(?, ?) ON CONFLICT(url) DO UPDATE SET info = excluded.info");
    store::ScopedReset reset(insert);
    insert.bind(1, url).bind(2, info_json);
    insert.step();
}

bool WalletStore::has_mint(std::string_view url) {
    auto& select = db_.cached("SELECT 1 FROM wallet_mints WHERE url = ?");
    store::ScopedReset reset(select);
    select.bind(1, url);
    return select.step();
}

std::vector<std::string> WalletStore::mints() {
    auto& select = db_.cached("SELECT url FROM wallet_mints ORDER BY url");
    store::ScopedReset reset(select);
    std::vector<std::string> urls;
    while (select.step()) urls.emplace_back(select.column_text(0));
    return urls;
}

void WalletStore::put_keyset(const KeysetRecord& record) {
    auto& upsert = db_.cached(
        "INSERT INTO wallet_keysets(id, mint, unit, active, input_fee_ppk, final_expiry, keys) "
        "VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET mint = excluded.mint, unit = excluded.unit, "
        "active = excluded.active, input_fee_ppk = excluded.input_fee_ppk, final_expiry = excluded.final_expiry, "
        "keys = CASE WHEN excluded.keys = '{}' THEN keys ELSE excluded.keys END");
    store::ScopedReset reset(upsert);
    const std::string keys = record.keys.empty() ? "{}" : cashu::keys_to_json(record.keys).dump();
    upsert.bind(1, codec::hex_encode(record.id)).bind(2, record.mint).bind(3, record.unit);
    upsert.bind(4, std::int64_t{record.active}).bind(5, as_column(record.input_fee_ppk));
    if (record.final_expiry) upsert.bind(6, as_column(*record.final_expiry));
    upsert.bind(7, keys);
    upsert.step();
}

std::vector<KeysetRecord> WalletStore::keysets(std::string_view mint) {
    auto& select = db_.cached(std::string(keyset_columns) + "WHERE mint = ? ORDER BY rowid");
    store::ScopedReset reset(select);
    select.bind(1, mint);
    std::vector<KeysetRecord> records;
    while (select.step()) records.push_back(read_keyset(select));
    return records;
}

std::optional<KeysetRecord> WalletStore::keyset(const cashu::KeysetId& id) {
    auto& select = db_.cached(std::string(keyset_columns) + "WHERE substr(id, 1, length(?1)) = ?1");
    store::ScopedReset reset(select);
    select.bind(1, codec::hex_encode(id));
    if (!select.step()) return std::nullopt;
    return read_keyset(select);
}

bool WalletStore::insert_proof(const StoredProof& stored) {
    auto& insert = db_.cached(
        "INSERT INTO wallet_proofs(y, mint, keyset, unit, amount, secret, c, dleq_e, dleq_s, dleq_r, witness, "
        "state, operation, offline) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(y) DO NOTHING");
    store::ScopedReset reset(insert);
    const cashu::Proof& proof = stored.proof;
    insert.bind(1, codec::hex_encode(cashu::hash_to_curve(as_bytes(proof.secret))));
    insert.bind(2, stored.mint).bind(3, codec::hex_encode(proof.id)).bind(4, stored.unit);
    insert.bind(5, as_column(proof.amount)).bind(6, proof.secret).bind(7, codec::hex_encode(proof.C));
    if (proof.dleq) {
        insert.bind(8, codec::hex_encode(proof.dleq->e)).bind(9, codec::hex_encode(proof.dleq->s));
        if (proof.dleq->r) insert.bind(10, codec::hex_encode(*proof.dleq->r));
    }
    if (proof.witness) insert.bind(11, *proof.witness);
    insert.bind(12, to_string(stored.status)).bind(13, stored.operation).bind(14, std::int64_t{stored.offline});
    insert.step();
    return db_.changes() == 1;
}

void WalletStore::set_proof_status(const crypto::PublicKey& Y, ProofStatus status, std::string_view operation) {
    auto& update = db_.cached("UPDATE wallet_proofs SET state = ?, operation = ? WHERE y = ?");
    store::ScopedReset reset(update);
    update.bind(1, to_string(status)).bind(2, operation).bind(3, codec::hex_encode(Y));
    update.step();
}

std::optional<StoredProof> WalletStore::proof(const crypto::PublicKey& Y) {
    auto& select = db_.cached(std::string(proof_columns) + "WHERE y = ?");
    store::ScopedReset reset(select);
    select.bind(1, codec::hex_encode(Y));
    if (!select.step()) return std::nullopt;
    return read_proof(select);
}

std::vector<StoredProof> WalletStore::proofs(std::string_view mint, std::string_view unit, ProofStatus status) {
    auto& select = db_.cached(std::string(proof_columns) +
                              "WHERE (?1 = '' OR mint = ?1) AND (?2 = '' OR unit = ?2) AND state = ?3 ORDER BY rowid");
    store::ScopedReset reset(select);
    select.bind(1, mint).bind(2, unit).bind(3, to_string(status));
    std::vector<StoredProof> found;
    while (select.step()) found.push_back(read_proof(select));
    return found;
}

std::vector<StoredProof> WalletStore::operation_proofs(std::string_view operation, ProofStatus status) {
    auto& select = db_.cached(std::string(proof_columns) + "WHERE operation = ?1 AND state = ?2 ORDER BY rowid");
    store::ScopedReset reset(select);
    select.bind(1, operation).bind(2, to_string(status));
    std::vector<StoredProof> found;
    while (select.step()) found.push_back(read_proof(select));
    return found;
}

std::vector<StoredProof> WalletStore::spendable(std::string_view mint, std::string_view unit) {
    std::vector<StoredProof> found = proofs(mint, unit, ProofStatus::unspent);
    std::erase_if(found, [](const StoredProof& stored) { return stored.offline; });
    return found;
}

std::uint64_t WalletStore::reserve_counters(const cashu::KeysetId& keyset, std::uint64_t count) {
    auto& upsert = db_.cached(
        "INSERT INTO wallet_counters(keyset, next) VALUES(?1, ?2) "
        "ON CONFLICT(keyset) DO UPDATE SET next = next + ?2 RETURNING next");
    store::ScopedReset reset(upsert);
    upsert.bind(1, codec::hex_encode(keyset)).bind(2, as_column(count));
    if (!upsert.step()) throw Error(Errc::storage, "counter reservation returned no row");
    return from_column(upsert.column_int64(0)) - count;
}

void WalletStore::raise_counter(const cashu::KeysetId& keyset, std::uint64_t next) {
    auto& upsert = db_.cached(
        "INSERT INTO wallet_counters(keyset, next) VALUES(?1, ?2) "
        "ON CONFLICT(keyset) DO UPDATE SET next = max(next, ?2)");
    store::ScopedReset reset(upsert);
    upsert.bind(1, codec::hex_encode(keyset)).bind(2, as_column(next));
    upsert.step();
}

void WalletStore::put_operation(const OperationRecord& record) {
    auto& upsert = db_.cached(
        "INSERT INTO wallet_operations(id, mint, kind, state, quote, data) VALUES(?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET mint = excluded.mint, kind = excluded.kind, state = excluded.state, "
        "quote = excluded.quote, data = excluded.data");
    store::ScopedReset reset(upsert);
    upsert.bind(1, record.id).bind(2, record.mint).bind(3, record.kind).bind(4, record.state);
    upsert.bind(5, record.quote).bind(6, record.data.dump());
    upsert.step();
}

std::optional<OperationRecord> WalletStore::operation(std::string_view id) {
    auto& select = db_.cached(std::string(operation_columns) + "WHERE id = ?");
    store::ScopedReset reset(select);
    select.bind(1, id);
    if (!select.step()) return std::nullopt;
    return read_operation(select);
}

std::optional<OperationRecord> WalletStore::operation_by_quote(std::string_view quote) {
    auto& select = db_.cached(std::string(operation_columns) + "WHERE quote = ? AND quote <> '' ORDER BY sequence DESC");
    store::ScopedReset reset(select);
    select.bind(1, quote);
    if (!select.step()) return std::nullopt;
    return read_operation(select);
}

std::vector<OperationRecord> WalletStore::operations(std::optional<std::string_view> state) {
    auto& select = db_.cached(std::string(operation_columns) + "WHERE ?1 IS NULL OR state = ?1 ORDER BY sequence");
    store::ScopedReset reset(select);
    if (state) select.bind(1, *state);
    std::vector<OperationRecord> records;
    while (select.step()) records.push_back(read_operation(select));
    return records;
}

// ---- the offline queue ----

std::optional<std::string> WalletStore::enqueue(const QueueEntry& entry, const std::vector<crypto::PublicKey>& ys) {
    auto& holder = db_.cached("SELECT entry FROM wallet_offline_ys WHERE y = ?");
    for (const auto& Y : ys) {
        store::ScopedReset reset(holder);
        holder.bind(1, codec::hex_encode(Y));
        if (holder.step()) return std::string(holder.column_text(0));
    }
    auto& insert = db_.cached(
        "INSERT INTO wallet_offline_queue(id, mint, unit, amount, token, verdict, received_at, state, operation, error) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    {
        store::ScopedReset reset(insert);
        insert.bind(1, entry.id).bind(2, entry.mint).bind(3, entry.unit).bind(4, as_column(entry.amount));
        insert.bind(5, entry.token).bind(6, entry.verdict.dump()).bind(7, as_column(entry.received_at));
        insert.bind(8, to_string(entry.state)).bind(9, entry.operation);
        if (!entry.error.is_null()) insert.bind(10, entry.error.dump());
        insert.step();
    }
    auto& insert_y = db_.cached("INSERT INTO wallet_offline_ys(y, entry) VALUES(?, ?)");
    for (const auto& Y : ys) {
        store::ScopedReset reset(insert_y);
        insert_y.bind(1, codec::hex_encode(Y)).bind(2, entry.id);
        insert_y.step();
    }
    return std::nullopt;
}

void WalletStore::put_queue_state(std::string_view id, QueueState state, std::string_view operation, const nlohmann::json& error) {
    auto& update = db_.cached("UPDATE wallet_offline_queue SET state = ?, operation = ?, error = ? WHERE id = ?");
    store::ScopedReset reset(update);
    update.bind(1, to_string(state)).bind(2, operation);
    if (!error.is_null()) update.bind(3, error.dump());
    update.bind(4, id);
    update.step();
}

std::optional<QueueEntry> WalletStore::queue_entry(std::string_view id) {
    auto& select = db_.cached(std::string(queue_columns) + "WHERE id = ?");
    store::ScopedReset reset(select);
    select.bind(1, id);
    if (!select.step()) return std::nullopt;
    return read_queue_entry(select);
}

std::vector<QueueEntry> WalletStore::queue(std::optional<QueueState> state) {
    auto& select = db_.cached(std::string(queue_columns) + "WHERE ?1 IS NULL OR state = ?1 ORDER BY sequence");
    store::ScopedReset reset(select);
    if (state) select.bind(1, to_string(*state));
    std::vector<QueueEntry> entries;
    while (select.step()) entries.push_back(read_queue_entry(select));
    return entries;
}

}  // namespace flash::wallet
