#include "node/merchant/rewards/rewards.hpp"

#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "node/merchant/cards/spending_day.hpp"
#include "node/merchant/rewards/reward_rules.hpp"
#include "node/server/log.hpp"

namespace flash::node::merchant::rewards {
namespace {

/// Payments looked at per settle() call; the rest wait for the next call.
constexpr std::size_t batch = 100;

/// Thrown inside a transfer's transaction when another connection recorded first: rolls it back.
struct Overtaken {};

/// The ledger handle of the reward for a card payment: a hash no invoice has.
ByteArray<32> transfer_ref(std::int64_t card_payment_id) {
    return crypto::sha256(as_bytes("flash-node card reward " + std::to_string(card_payment_id)));
}

}  // namespace

Rewards::Rewards(std::unique_ptr<NodeStore> store, std::function<std::int64_t()> now_s)
    : store_(std::move(store)), now_s_(std::move(now_s)) {}

RewardRule Rewards::set_rule(RewardRule rule) {
    check_rule(rule);
    rule.updated_at = now_s_();
    return store_->rewards().set_rule(rule);
}

std::optional<RewardRule> Rewards::rule(const std::string& merchant) { return store_->rewards().rule(merchant); }

std::vector<RewardEntry> Rewards::ledger(const std::string& merchant) {
    return store_->rewards().ledger_of(merchant, ledger_limit);
}

std::uint64_t Rewards::credited_today_msat(const std::string& merchant) {
    return store_->rewards().totals(merchant, "", cards::utc_day_start(now_s_())).merchant_msat;
}

std::size_t Rewards::settle() {
    std::vector<RewardCandidate> due;
    try {
        due = store_->rewards().unrewarded(batch);
    } catch (const std::exception& e) {
        log::warn("rewards unavailable", {{"error", e.what()}});
        return 0;
    }
    std::size_t recorded = 0;
    for (const RewardCandidate& candidate : due) {
        try {
            if (reward(candidate)) ++recorded;
        } catch (const std::exception& e) {
            log::warn("reward failed", {{"card_payment", candidate.card_payment_id}, {"error", e.what()}});
        }
    }
    return recorded;
}

bool Rewards::reward(const RewardCandidate& candidate) {
    RewardStore& rewards = store_->rewards();
    const std::optional<RewardRule> rule = rewards.rule(candidate.merchant);
    if (!rule || !rule->active) return false;
    const std::int64_t now = now_s_();
    const std::int64_t day = cards::utc_day_start(now);
    const RewardTotals today = rewards.totals(candidate.merchant, candidate.card_id, day);
    const RewardGrant grant = grant_for(*rule, candidate.purchase_msat, today);

    RewardEntry entry;
    entry.card_payment_id = candidate.card_payment_id;
    entry.merchant = candidate.merchant;
    entry.card_id = candidate.card_id;
    entry.holder = candidate.holder;
    entry.purchase_msat = candidate.purchase_msat;
    entry.created_at = now;
    const auto refuse = [&](const std::string& reason) {
        entry.state = RewardState::refused;
        entry.reason = reason;
        entry.amount_msat = 0;
        entry.transfer_ref.reset();
        const bool recorded = rewards.record(entry);
        if (recorded) log::info("reward refused", {{"card_payment", entry.card_payment_id}, {"reason", reason}});
        return recorded;
    };
    if (!grant.refusal.empty()) return refuse(grant.refusal);

    entry.amount_msat = grant.amount_msat;
    entry.transfer_ref = transfer_ref(candidate.card_payment_id);
    const LedgerTransfer transfer{*entry.transfer_ref, candidate.merchant, candidate.holder, grant.amount_msat,
                                  "Reward for a Flash Card payment", now};
    PaymentStart start = PaymentStart::already_paid;
    try {
        start = store_->ledger().transfer(transfer, [&](const LedgerPayment&) {
            // The caps were read before this transaction: they must still be what they were.
            if (!(rewards.totals(candidate.merchant, candidate.card_id, day) == today) || !rewards.record(entry))
                throw Overtaken{};
        });
    } catch (const Overtaken&) {
        return false;  // another connection got there first; looked at again on the next call
    }
    switch (start) {
        case PaymentStart::started:
            log::info("reward credited", {{"card_payment", entry.card_payment_id}, {"amount_msat", entry.amount_msat}});
            return true;
        case PaymentStart::insufficient_balance: return refuse("merchant_balance");
        case PaymentStart::already_paid:
        case PaymentStart::invoice_not_open: return false;
    }
    return false;
}

}  // namespace flash::node::merchant::rewards
