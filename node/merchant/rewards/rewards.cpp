#include "node/merchant/rewards/rewards.hpp"

#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "node/merchant/cards/spending_day.hpp"
#include "node/merchant/rewards/reward_rules.hpp"
#include "node/mint/quote_id.hpp"
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

/// The paid mint quote that holds an eCash reward for its holder: no invoice (the ledger paid it),
/// locked to the holder's key (NUT-20: "02" + the x-only NOSTR key; BIP-340 ignores the parity).
MintQuoteRecord ecash_quote(const RewardEntry& entry) {
    MintQuoteRecord record;
    record.quote.quote = *entry.mint_quote;
    record.quote.amount = entry.amount_msat / 1000;
    record.quote.unit = "sat";
    record.quote.state = cashu::MintQuoteState::paid;
    record.quote.pubkey = codec::hex_decode_array<33>("02" + entry.holder);
    record.payment_hash = *entry.transfer_ref;
    record.created_at = entry.created_at;
    return record;
}

}  // namespace

Rewards::Rewards(std::unique_ptr<NodeStore> store, std::unique_ptr<NodeStore> mint_store,
                 std::function<std::int64_t()> now_s)
    : store_(std::move(store)), mint_store_(std::move(mint_store)), now_s_(std::move(now_s)) {}

RewardRule Rewards::set_rule(RewardRule rule) {
    check_rule(rule);
    rule.updated_at = now_s_();
    return store_->rewards().set_rule(rule);
}

std::optional<RewardRule> Rewards::rule(const std::string& merchant) { return store_->rewards().rule(merchant); }

std::vector<RewardEntry> Rewards::ledger(const std::string& merchant) {
    return store_->rewards().ledger_of(merchant, ledger_limit);
}

std::vector<RewardEntry> Rewards::unclaimed_ecash(const std::string& holder) {
    RewardStore& rewards = store_->rewards();
    for (const RewardEntry& owed : rewards.ecash_rewards(RewardEcash::owed, holder, ledger_limit)) write_quote(owed);
    std::vector<RewardEntry> unclaimed;
    for (RewardEntry& entry : rewards.ecash_rewards(RewardEcash::paid, holder, ledger_limit)) {
        const std::optional<MintQuoteRecord> quote = mint_store_->mint().mint_quote(*entry.mint_quote);
        if (quote && quote->quote.state == cashu::MintQuoteState::issued) rewards.set_ecash(entry.id, RewardEcash::minted);
        else unclaimed.push_back(std::move(entry));
    }
    return unclaimed;
}

void Rewards::write_quote(const RewardEntry& entry) {
    try {
        if (!mint_store_->mint().mint_quote(*entry.mint_quote)) mint_store_->mint().add_mint_quote(ecash_quote(entry));
        store_->rewards().set_ecash(entry.id, RewardEcash::paid);
    } catch (const std::exception& e) {  // still owed: written on a later round
        log::warn("eCash reward quote not written yet", {{"card_payment", entry.card_payment_id}, {"error", e.what()}});
    }
}

std::uint64_t Rewards::credited_today_msat(const std::string& merchant) {
    return store_->rewards().totals(merchant, "", cards::utc_day_start(now_s_())).merchant_msat;
}

std::size_t Rewards::settle() {
    std::vector<RewardCandidate> due;
    try {
        for (const RewardEntry& owed : store_->rewards().ecash_rewards(RewardEcash::owed, "", batch)) write_quote(owed);
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

    // eCash comes in whole sats, the mint's unit: what is left of the grant stays with the merchant.
    const bool ecash = rule->payout == RewardPayout::ecash;
    entry.amount_msat = ecash ? grant.amount_msat / 1000 * 1000 : grant.amount_msat;
    if (entry.amount_msat == 0) return refuse("too_small");
    entry.transfer_ref = transfer_ref(candidate.card_payment_id);
    if (ecash) entry.mint_quote = mint::new_quote_id();
    // An eCash reward leaves the ledger for the node's mint ("" as the receiver).
    const LedgerTransfer transfer{*entry.transfer_ref, candidate.merchant, ecash ? "" : candidate.holder,
                                  entry.amount_msat, "Reward for a Flash Card payment", now};
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
            log::info("reward credited", {{"card_payment", entry.card_payment_id}, {"amount_msat", entry.amount_msat},
                                          {"payout", ecash ? "ecash" : "lightning"}});
            if (ecash) write_quote(entry);
            return true;
        case PaymentStart::insufficient_balance: return refuse("merchant_balance");
        case PaymentStart::already_paid:
        case PaymentStart::invoice_not_open: return false;
    }
    return false;
}

}  // namespace flash::node::merchant::rewards
