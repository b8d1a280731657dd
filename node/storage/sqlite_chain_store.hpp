// ChainStore over SQLite (schema version 3 in migrations.cpp). Writes that read first run in one
// BEGIN IMMEDIATE transaction, so two connections cannot credit the same deposit twice; the credit
// ledger's primary key (txid, vout) is the last line of defence.
#pragma once

#include "core/store/sqlite.hpp"
#include "node/storage/chain_store.hpp"

namespace flash::node {

class SqliteChainStore final : public ChainStore {
public:
    /// Works on `db`, which must outlive this object and already be configured and migrated to
    /// node_migrations(); open_sqlite_store() does both.
    explicit SqliteChainStore(store::Database& db) noexcept : db_(db) {}

    std::vector<DepositAddress> addresses(const std::string& account) override;
    std::optional<DepositAddress> address_by_script_hash(const std::string& script_hash) override;
    std::optional<DepositAddress> newest_address_of(const std::string& account, const std::string& user) override;
    void add_addresses(std::span<const DepositAddress> addresses) override;
    std::optional<DepositAddress> first_free_address(const std::string& account) override;
    AddressExtent address_extent(const std::string& account) override;
    bool assign_address(const std::string& account, std::uint32_t index, const std::string& user,
                        std::int64_t now_s) override;
    void mark_address_used(const std::string& script_hash) override;

    std::vector<Deposit> deposits_to(const std::string& script_hash) override;
    std::vector<Deposit> deposits_of(const std::string& user) override;
    std::vector<Deposit> unsettled_deposits(std::int64_t min_height) override;
    void save_deposit(const Deposit& deposit) override;
    void remove_deposit(const std::string& txid, std::uint32_t vout) override;
    bool credit_deposit(const std::string& txid, std::uint32_t vout, std::int64_t now_s) override;
    std::uint64_t credited_total(const std::string& user) override;

private:
    store::Database& db_;
};

}  // namespace flash::node
