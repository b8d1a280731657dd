// The Cashu wallet's tables in the user's SQLite database: known mints and their keysets, the
// proofs the wallet holds (or held), NUT-13 counters, the operations that move value, and the
// queue of tokens received offline (redeemed when the wallet is back online).
//
// Several mints and units live side by side. Amounts are u64 (NUT-01 allows 2^63): they are
// stored as the 64-bit pattern of an SQLite INTEGER and summed in C++, never in SQL.
//
// Ownership: the store borrows a Database that must outlive it. It opens no transactions of its
// own: callers group writes in a store::Transaction (the wallet writes each step in one).
// Errors: Error(storage) from SQLite; Error(bad_keyset)/Error(bad_token) for a row that no longer
// decodes (a damaged file).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/cashu/nut01.hpp"
#include "core/cashu/types.hpp"
#include "core/store/sqlite.hpp"

namespace flash::wallet {

/// Where a proof stands for this wallet.
enum class ProofStatus {
    unspent,  ///< spendable
    pending,  ///< an operation uses it, or it left in a token nobody has redeemed yet
    spent,    ///< the mint has seen it spent
};
std::string_view to_string(ProofStatus status) noexcept;

struct KeysetRecord {
    std::string mint;
    cashu::KeysetId id;  ///< full id (8 bytes V1, 33 bytes V2)
    std::string unit;
    bool active = false;
    std::uint64_t input_fee_ppk = 0;
    std::optional<std::uint64_t> final_expiry;
    cashu::Keys keys;  ///< empty until fetched
};

struct StoredProof {
    cashu::Proof proof;
    std::string mint;
    std::string unit;
    ProofStatus status = ProofStatus::unspent;
    std::string operation;  ///< the operation that made or uses it ("" for none)
    bool offline = false;   ///< set aside by prepare-offline: only send_offline spends it
};

/// An operation's row. `data` is what finishing or recovering it needs (its in-flight request,
/// its outputs' counters or secrets, its inputs' Ys), see cashu_wallet.cpp.
struct OperationRecord {
    std::string id;
    std::string mint;
    std::string kind;   ///< "add-mint", "mint", "melt", "send", "receive", "check-states", "restore"
    std::string state;  ///< "quoting", "unpaid", "paid", "pending", "done", "failed"
    std::string quote;  ///< the mint's quote id for mint and melt operations, else ""
    nlohmann::json data = nlohmann::json::object();
    std::int64_t sequence = 0;  ///< insertion order (history), set by the store
};

/// Where a token received offline stands.
enum class QueueState {
    queued,     ///< waiting for the wallet to be online
    redeeming,  ///< its receive operation (`operation`) is in flight
    redeemed,   ///< swapped into the wallet's own proofs
    failed,     ///< will not be redeemed: `error` says why (e.g. double-spent by the sender)
};
std::string_view to_string(QueueState state) noexcept;

/// A token received offline.
struct QueueEntry {
    std::string id;  ///< hex SHA-256 of its proofs' sorted Ys: the same proofs, the same entry
    std::string mint;
    std::string unit;
    cashu::Amount amount = 0;
    std::string token;  ///< as received (cashuA/cashuB text)
    nlohmann::json verdict = nlohmann::json::object();  ///< the offline verdict at receipt (to_json)
    std::uint64_t received_at = 0;                      ///< unix seconds
    QueueState state = QueueState::queued;
    std::string operation;  ///< the receive operation that redeems it, once begun
    nlohmann::json error;   ///< {"reason", "code", "detail"} when failed, else null
    std::int64_t sequence = 0;
};
class WalletStore {
public:
    /// Brings the schema up to date (store::migrate) on `db`, which must outlive the store.
    explicit WalletStore(store::Database& db);

    store::Database& database() noexcept { return db_; }

    // Mints: the URL (without trailing slash) and the last /v1/info answer as JSON text.
    void put_mint(std::string_view url, std::string_view info_json);
    bool has_mint(std::string_view url);
    std::vector<std::string> mints();

    // Keysets. put_keyset() replaces the row but keeps stored keys when `record.keys` is empty.
    void put_keyset(const KeysetRecord& record);
    std::vector<KeysetRecord> keysets(std::string_view mint);
    /// The keyset whose full id starts with `id` (a full id, or a short 8-byte V2 id from a token).
    std::optional<KeysetRecord> keyset(const cashu::KeysetId& id);

    // Proofs, keyed by Y = hash_to_curve(secret).
    /// Inserts a proof; false (and nothing written) when its Y is already stored.
    bool insert_proof(const StoredProof& proof);
    void set_proof_status(const crypto::PublicKey& Y, ProofStatus status, std::string_view operation);
    std::optional<StoredProof> proof(const crypto::PublicKey& Y);
    /// Proofs of `mint` (every mint when empty) in `unit` (every unit when empty) with `status`.
    std::vector<StoredProof> proofs(std::string_view mint, std::string_view unit, ProofStatus status);
    /// The proofs `operation` made or holds (sent proofs, inputs) that are in `status`.
    std::vector<StoredProof> operation_proofs(std::string_view operation, ProofStatus status);
    /// The unspent proofs ordinary sends and melts may use: not those set aside for offline.
    std::vector<StoredProof> spendable(std::string_view mint, std::string_view unit);

    /// NUT-13: reserves `count` consecutive counters of `keyset` and returns the first.
    std::uint64_t reserve_counters(const cashu::KeysetId& keyset, std::uint64_t count);
    /// Moves the keyset's next counter up to `next` (never down): after a restore.
    void raise_counter(const cashu::KeysetId& keyset, std::uint64_t next);

    // Operations.
    /// Inserts or replaces the row with `record.id` (its sequence is kept on replace).
    void put_operation(const OperationRecord& record);
    std::optional<OperationRecord> operation(std::string_view id);
    /// The mint or melt operation of the mint's `quote` id.
    std::optional<OperationRecord> operation_by_quote(std::string_view quote);
    /// Operations in insertion order; only those in `state` when it is given.
    std::vector<OperationRecord> operations(std::optional<std::string_view> state = std::nullopt);

    // The offline queue.
    /// Inserts `entry` with its proofs' `ys`. Nothing is written, and the id of the entry that
    /// already holds one of them is returned, when a Y is queued already (the same token again,
    /// or other tokens sharing proofs with it).
    std::optional<std::string> enqueue(const QueueEntry& entry, const std::vector<crypto::PublicKey>& ys);
    void put_queue_state(std::string_view id, QueueState state, std::string_view operation, const nlohmann::json& error);
    std::optional<QueueEntry> queue_entry(std::string_view id);
    /// Entries oldest first; only those in `state` when it is given.
    std::vector<QueueEntry> queue(std::optional<QueueState> state = std::nullopt);

private:
    store::Database& db_;
};

}  // namespace flash::wallet
