// Rewards: merchants reward card holders for paying them with a Flash Card. A merchant (a user of
// the node) sets a rule (reward_rules.hpp); when a card payment to one of the merchant's invoices
// has settled inside the ledger, settle() moves the reward from the merchant's Lightning balance
// to the card holder's: one ledger transfer and the reward's entry in one transaction, so that a
// payment is rewarded once. With an eCash rule the transfer goes, instead of to the holder's
// balance, to the node's mint: the entry (state owed) names a mint quote that is then written, paid
// and locked to the holder's key (NUT-20), to the mint's own database; the holder's wallet mints it
// with its own blinded messages (unclaimed_ecash() lists them). The two files cannot share a
// transaction, so an owed quote is written again until it is there (settle(), unclaimed_ecash()):
// the merchant pays once, the quote exists once. A reward the caps or the merchant's balance refuse is recorded as
// refused (the payment stands); it is never tried again.
//
// Not thread-safe: one thread at a time (it owns one database connection).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "node/storage/node_store.hpp"

namespace flash::node::merchant::rewards {

class Rewards {
public:
    /// The most ledger entries answered.
    static constexpr std::size_t ledger_limit = 200;

    /// Takes over `store` (a connection of its own) and `mint_store` (a connection to the mint's
    /// database, sqlite_mint_file); `now_s` is the clock.
    Rewards(std::unique_ptr<NodeStore> store, std::unique_ptr<NodeStore> mint_store, std::function<std::int64_t()> now_s);

    /// Sets `rule` for its merchant (check_rule()'s errors). Returns it as stored.
    RewardRule set_rule(RewardRule rule);
    std::optional<RewardRule> rule(const std::string& merchant);
    /// The merchant's entries, newest first (at most ledger_limit).
    std::vector<RewardEntry> ledger(const std::string& merchant);
    /// What the merchant credited today, in total.
    std::uint64_t credited_today_msat(const std::string& merchant);
    /// The holder's eCash rewards whose quote the mint holds, paid and not minted yet, oldest first
    /// (writing an owed quote first; one the holder minted becomes `minted`).
    std::vector<RewardEntry> unclaimed_ecash(const std::string& holder);

    /// Writes the owed eCash quotes, then rewards the card payments that have no entry yet. Returns
    /// how many entries it recorded. Never throws: a failure is logged and tried again next call.
    std::size_t settle();

private:
    bool reward(const RewardCandidate& candidate);
    /// Writes the owed eCash reward's paid quote to the mint unless it is there, and marks it paid.
    /// Never throws: a failure is logged and the quote stays owed.
    void write_quote(const RewardEntry& entry);

    std::unique_ptr<NodeStore> store_;
    std::unique_ptr<NodeStore> mint_store_;
    std::function<std::int64_t()> now_s_;
};

}  // namespace flash::node::merchant::rewards
