#include "node/bitcoin/deposit_watcher.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "core/bitcoin/script_hash.hpp"
#include "core/error.hpp"
#include "node/server/log.hpp"

namespace flash::node::bitcoin {

std::int64_t confirmations(std::int64_t height, std::int64_t tip_height) noexcept {
    if (height <= 0 || tip_height < height) return 0;
    return tip_height - height + 1;
}

DepositWatcher::DepositWatcher(ChainBackend& backend, AddressLookup& addresses, std::unique_ptr<NodeStore> store,
                               std::uint32_t required_confirmations, OnCredit on_credit,
                               std::function<std::int64_t()> now_s)
    : backend_(backend),
      addresses_(addresses),
      store_(std::move(store)),
      required_confirmations_(required_confirmations),
      on_credit_(std::move(on_credit)),
      now_s_(std::move(now_s)) {
    if (required_confirmations_ == 0) throw Error(Errc::bad_argument, "deposits need at least 1 confirmation");
}

void DepositWatcher::apply(const ChainChanges& changes) {
    const bool new_tip = changes.tip.has_value() || !tip_;
    if (changes.tip) tip_ = changes.tip;
    if (!tip_) tip_ = backend_.tip();
    for (const Bytes& script : changes.scripts) pending_.insert(flash::bitcoin::electrum_script_hash(script));
    // A reorg shows as a new tip: re-read the deposits and withdrawals it could have moved.
    if (new_tip) {
        const std::int64_t min_height = tip_->height - reorg_window + 1;
        for (const Deposit& deposit : store_->chain().unsettled_deposits(min_height))
            pending_.insert(deposit.script_hash);
        for (std::string& script_hash : store_->chain().unsettled_withdrawal_scripts(min_height))
            pending_.insert(std::move(script_hash));
    }
    while (!pending_.empty()) {
        refresh(*pending_.begin());  // throws leave it pending
        pending_.erase(pending_.begin());
    }
    credit_ready();
}

void DepositWatcher::refresh(const std::string& script_hash) {
    const std::optional<DepositAddress> address = addresses_.find(script_hash);
    if (!address) return;
    ChainStore& store = store_->chain();
    const std::vector<HistoryItem> history = backend_.history(address->script);
    std::vector<Deposit> known = store.deposits_to(script_hash);
    if (history.empty() && known.empty()) return;
    // Used before anything is saved, so the address cannot be given to a user after money came.
    if (!history.empty()) addresses_.mark_used(script_hash);
    const std::vector<Unspent> unspent = backend_.unspent(address->script);

    std::map<std::string, std::int64_t> heights;
    for (const HistoryItem& item : history) heights[item.tx_hash] = std::max<std::int64_t>(item.height, 0);
    const auto height_of = [&](const std::string& txid, std::int64_t fallback) {
        const auto found = heights.find(txid);
        return found != heights.end() ? found->second : std::max<std::int64_t>(fallback, 0);
    };

    for (const Unspent& output : unspent) {
        if (output.value_sat == 0) continue;
        auto same = std::find_if(known.begin(), known.end(), [&](const Deposit& d) {
            return d.txid == output.txid && d.vout == output.vout;
        });
        Deposit deposit;
        if (same != known.end()) {
            deposit = *same;
            known.erase(same);
        } else {
            deposit.txid = output.txid;
            deposit.vout = output.vout;
            deposit.script_hash = script_hash;
            deposit.user = address->user;
            deposit.amount_sat = output.value_sat;
            deposit.first_seen = now_s_();
            log::info("deposit seen", {{"txid", output.txid},
                                       {"vout", output.vout},
                                       {"amount_sat", output.value_sat},
                                       {"address", address->address},
                                       {"change", address->chain == change_chain}});
        }
        const std::int64_t height = height_of(output.txid, output.height);
        if (deposit.height > 0 && height == 0)
            log::warn("deposit unconfirmed again after a reorg", {{"txid", deposit.txid}, {"vout", deposit.vout}});
        if (deposit.orphaned) log::warn("orphaned deposit is back on the chain", {{"txid", deposit.txid}});
        if (deposit.spent_by)
            log::warn("a spent deposit is unspent again (its spender left the chain)",
                      {{"txid", deposit.txid}, {"vout", deposit.vout}, {"spent_by", *deposit.spent_by}});
        deposit.height = height;
        deposit.orphaned = false;
        deposit.spent_by.reset();
        store.save_deposit(deposit);
    }
    // Known deposits no longer unspent: spent (still in the history) or gone with their transaction.
    for (Deposit& deposit : known) {
        const auto found = heights.find(deposit.txid);
        if (found != heights.end()) {
            deposit.height = found->second;
            if (!deposit.spent_by) {
                deposit.spent_by = store.withdrawal_spending(deposit.txid, deposit.vout).value_or("");
                log::info("deposit spent", {{"txid", deposit.txid}, {"vout", deposit.vout}, {"by", *deposit.spent_by}});
            }
            store.save_deposit(deposit);
        } else if (deposit.credited_at) {
            if (!deposit.orphaned)
                log::error("a credited deposit's transaction left the chain; its credit stands",
                           {{"txid", deposit.txid}, {"vout", deposit.vout}, {"amount_sat", deposit.amount_sat}});
            deposit.orphaned = true;
            store.save_deposit(deposit);
        } else {
            log::warn("deposit's transaction vanished", {{"txid", deposit.txid}, {"vout", deposit.vout}});
            store.remove_deposit(deposit.txid, deposit.vout);
        }
    }
    track_withdrawals(history);
}

void DepositWatcher::track_withdrawals(const std::vector<HistoryItem>& history) {
    for (const HistoryItem& item : history) {
        const std::int64_t height = std::max<std::int64_t>(item.height, 0);
        if (!store_->chain().set_withdrawal_height(item.tx_hash, height)) continue;
        log::info(height > 0 ? "withdrawal confirmed" : "withdrawal back in the mempool",
                  {{"txid", item.tx_hash}, {"height", height}});
    }
}

void DepositWatcher::credit_ready() {
    ChainStore& store = store_->chain();
    for (const Deposit& deposit : store.unsettled_deposits(tip_->height + 1)) {
        if (deposit.credited_at) continue;
        if (confirmations(deposit.height, tip_->height) < required_confirmations_) continue;
        if (!store.credit_deposit(deposit.txid, deposit.vout, now_s_())) continue;
        const std::optional<DepositAddress> address = addresses_.find(deposit.script_hash);
        const bool change = address && address->chain == change_chain;
        log::info("deposit credited", {{"txid", deposit.txid},
                                       {"vout", deposit.vout},
                                       {"amount_sat", deposit.amount_sat},
                                       {"height", deposit.height},
                                       {"change", change}});
        if (on_credit_ && !change) on_credit_(deposit);
    }
}

}  // namespace flash::node::bitcoin
