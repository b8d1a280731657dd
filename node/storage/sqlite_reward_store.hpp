// RewardStore over SQLite (schema versions 7 and 9 in migrations.cpp). Its queries join the card payments
// and the Lightning ledger of the same database.
#pragma once

#include "core/store/sqlite.hpp"
#include "node/storage/reward_store.hpp"

namespace flash::node {

class SqliteRewardStore final : public RewardStore {
public:
    /// Works on `db`, which must outlive this object and be configured and migrated (open_sqlite_store()).
    explicit SqliteRewardStore(store::Database& db) noexcept : db_(db) {}

    RewardRule set_rule(const RewardRule& rule) override;
    std::optional<RewardRule> rule(const std::string& merchant) override;
    std::vector<RewardCandidate> unrewarded(std::size_t limit) override;
    RewardTotals totals(const std::string& merchant, const std::string& card_id, std::int64_t day_start) override;
    bool record(RewardEntry& entry) override;
    std::vector<RewardEntry> ledger_of(const std::string& merchant, std::size_t limit) override;
    std::vector<RewardEntry> ecash_rewards(RewardEcash state, const std::string& holder, std::size_t limit) override;
    void set_ecash(std::int64_t id, RewardEcash state) override;

private:
    store::Database& db_;
};

}  // namespace flash::node
