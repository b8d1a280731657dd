// ChainStore over SQLite (schema version 4 in migrations.cpp). Writes that read first run in one
// BEGIN IMMEDIATE transaction, so two connections cannot credit the same deposit twice or reserve
// the same coin twice; the credit ledger's primary key (txid, vout) and the unique index over live
// reservations are the last line of defence.
//
// sqlite_chain_accounts.cpp: accounts; sqlite_chain_store.cpp: addresses, deposits;
// sqlite_chain_withdrawals.cpp: withdrawals and reservations.
#pragma once

#include "core/store/sqlite.hpp"
#include "node/storage/chain_store.hpp"

namespace flash::node {

class SqliteChainStore final : public ChainStore {
public:
    /// Works on `db`, which must outlive this object and already be configured and migrated to
    /// node_migrations(); open_sqlite_store() does both.
    explicit SqliteChainStore(store::Database& db) noexcept : db_(db) {}

    std::optional<ChainAccount> account_of(const std::string& user) override;
    std::optional<ChainAccount> account_by_key(const std::string& account_key) override;
    std::vector<ChainAccount> accounts() override;
    void add_account(const ChainAccount& account) override;

    std::vector<DepositAddress> addresses(const std::string& account) override;
    std::optional<DepositAddress> address_by_script_hash(const std::string& script_hash) override;
    std::optional<DepositAddress> newest_assigned_address(const std::string& account, std::uint32_t chain) override;
    void add_addresses(std::span<const DepositAddress> addresses) override;
    std::optional<DepositAddress> first_free_address(const std::string& account, std::uint32_t chain) override;
    AddressExtent address_extent(const std::string& account, std::uint32_t chain) override;
    bool assign_address(const std::string& account, std::uint32_t chain, std::uint32_t index,
                        std::int64_t now_s) override;
    void mark_address_used(const std::string& script_hash) override;

    std::vector<Deposit> deposits_to(const std::string& script_hash) override;
    std::vector<Deposit> deposits_of(const std::string& user) override;
    std::vector<Deposit> unsettled_deposits(std::int64_t min_height) override;
    void save_deposit(const Deposit& deposit) override;
    void remove_deposit(const std::string& txid, std::uint32_t vout) override;
    bool credit_deposit(const std::string& txid, std::uint32_t vout, std::int64_t now_s) override;
    std::uint64_t credited_total(const std::string& user) override;

    std::vector<Deposit> spendable_coins(const std::string& user, std::int64_t max_height) override;
    std::size_t expire_withdrawals(std::int64_t now_s) override;
    bool add_withdrawal(const WithdrawalRecord& withdrawal) override;
    bool cancel_withdrawal(const std::string& id, const std::string& user, std::int64_t now_s) override;
    std::optional<WithdrawalRecord> withdrawal(const std::string& id) override;
    std::vector<WithdrawalRecord> withdrawals_of(const std::string& user) override;
    bool mark_withdrawal_broadcast(const std::string& id, const std::string& txid) override;
    bool set_withdrawal_height(const std::string& txid, std::int64_t height) override;
    std::optional<std::string> withdrawal_spending(const std::string& txid, std::uint32_t vout) override;
    std::vector<std::string> unsettled_withdrawal_scripts(std::int64_t min_height) override;

private:
    std::size_t expire_due(std::int64_t now_s);  // expire_withdrawals() inside the caller's transaction
    WithdrawalRecord with_inputs(WithdrawalRecord withdrawal);

    store::Database& db_;
};

}  // namespace flash::node
