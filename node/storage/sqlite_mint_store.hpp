// MintStore over SQLite (schema version 2 in migrations.cpp).
//
// Every call that writes runs in one BEGIN IMMEDIATE transaction (with grouping on, a SAVEPOINT
// within the group's BEGIN IMMEDIATE transaction): it takes the file's write lock before it reads
// anything, so its checks (spent? reserved? signed?) and its writes see the same
// state even when another connection writes the same file; a second connection waits for the lock
// (the connection's busy timeout) instead of failing. The spent set's primary key on Y stays the
// last line of defence. Reads that look at more than one table run in one deferred transaction
// (a snapshot).
#pragma once

#include "core/store/sqlite.hpp"
#include "node/storage/mint_store.hpp"

namespace flash::node {

class SqliteMintStore final : public MintStore {
public:
    /// Works on `db`, which must outlive this object and already be configured (foreign_keys=ON,
    /// a busy timeout) and migrated to node_migrations(); open_sqlite_store() does both.
    explicit SqliteMintStore(store::Database& db) noexcept : db_(db) {}

    std::optional<Bytes> encrypted_seed() override;
    void save_encrypted_seed(ByteView encrypted) override;

    std::vector<KeysetRecord> keysets() override;
    void add_keyset(const KeysetRecord& keyset) override;

    void commit_swap(std::span<const SpentProof> inputs, std::span<const IssuedSignature> outputs) override;

    void add_mint_quote(const MintQuoteRecord& quote) override;
    std::optional<MintQuoteRecord> mint_quote(const std::string& id) override;
    std::optional<MintQuoteRecord> mark_mint_quote_paid(const std::string& id) override;
    void issue_mint_quote(const std::string& id, std::span<const IssuedSignature> outputs) override;

    void add_melt_quote(const MeltQuoteRecord& quote) override;
    std::optional<MeltQuoteRecord> melt_quote(const std::string& id) override;
    void begin_melt(const std::string& id, std::span<const SpentProof> inputs,
                    std::span<const crypto::PublicKey> blank_outputs,
                    std::span<const cashu::KeysetId> blank_output_keysets, cashu::Amount input_fee) override;
    void finish_melt_paid(const std::string& id, const ByteArray<32>& preimage, cashu::Amount fee_paid,
                          std::span<const IssuedSignature> change) override;
    void finish_melt_failed(const std::string& id) override;
    std::vector<PendingMelt> pending_melts() override;

    std::vector<cashu::ProofStateEntry> proof_states(std::span<const crypto::PublicKey> Ys) override;
    std::vector<std::optional<cashu::BlindSignature>> signatures(std::span<const crypto::PublicKey> B_s) override;

    std::vector<MintTotals> totals() override;

    void set_grouping(bool on) override;
    std::shared_ptr<const GroupCommit> pending_commit() override;
    void commit_group() override;

private:
    class Write;
    class Snapshot;

    store::Database& db_;
    bool grouping_ = false;
    std::shared_ptr<GroupCommit> group_;  ///< the open group's, null when none is open
};

}  // namespace flash::node
