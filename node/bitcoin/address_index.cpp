#include "node/bitcoin/address_index.hpp"

#include <utility>

#include "core/bitcoin/script_hash.hpp"
#include "core/error.hpp"
#include "node/server/log.hpp"

namespace flash::node::bitcoin {

AddressIndex::AddressIndex(std::unique_ptr<NodeStore> store, keys::Account account, std::uint32_t gap_limit,
                           OnDerived on_derived)
    : store_(std::move(store)),
      account_(std::move(account)),
      account_id_(account_.account_key().to_base58(account_.account_key_versions())),
      gap_limit_(gap_limit),
      on_derived_(std::move(on_derived)) {
    if (gap_limit_ == 0) throw Error(Errc::bad_argument, "the gap limit must be at least 1");
    if (account_.kind() != keys::AccountKind::p2wpkh) throw Error(Errc::bad_argument, "deposit addresses are BIP-84");
    std::lock_guard lock(mutex_);
    extend();
}

DepositAddress AddressIndex::derive(std::uint32_t index) const {
    const keys::AccountAddress derived = account_.address(false, index);
    DepositAddress out;
    out.account = account_id_;
    out.index = index;
    out.address = derived.address;
    out.script = derived.script_pubkey;
    out.script_hash = flash::bitcoin::electrum_script_hash(derived.script_pubkey);
    return out;
}

void AddressIndex::extend() {
    ChainStore& store = store_->chain();
    const AddressExtent extent = store.address_extent(account_id_);
    const std::int64_t last = extent.highest_taken + gap_limit_;
    if (extent.highest_derived >= last) return;
    std::vector<DepositAddress> derived;
    for (std::int64_t index = extent.highest_derived + 1; index <= last; ++index)
        derived.push_back(derive(static_cast<std::uint32_t>(index)));
    store.add_addresses(derived);
    if (on_derived_) on_derived_(derived);
}

DepositAddress AddressIndex::address_for(const std::string& user, std::int64_t now_s) {
    if (user.empty()) throw Error(Errc::bad_argument, "empty user id");
    std::lock_guard lock(mutex_);
    ChainStore& store = store_->chain();
    if (std::optional<DepositAddress> current = store.newest_address_of(account_id_, user); current && !current->used)
        return *current;
    // extend() keeps gap_limit free addresses ahead, so there is always one; the loop only
    // guards the assignment's condition (free and unused) against another connection.
    for (;;) {
        std::optional<DepositAddress> free = store.first_free_address(account_id_);
        if (!free) {
            extend();
            continue;
        }
        if (!store.assign_address(account_id_, free->index, user, now_s)) continue;
        const AddressExtent extent = store.address_extent(account_id_);
        if (static_cast<std::int64_t>(free->index) > extent.highest_used + gap_limit_) {
            log::warn("more deposit addresses given out unused in a row than the gap limit: a wallet restoring "
                      "the account may not see payments to the later ones",
                      {{"index", free->index}, {"highest_used", extent.highest_used}, {"gap_limit", gap_limit_}});
        }
        extend();
        free->user = user;
        free->assigned_at = now_s;
        return *free;
    }
}

std::optional<DepositAddress> AddressIndex::find(const std::string& script_hash) {
    std::lock_guard lock(mutex_);
    return store_->chain().address_by_script_hash(script_hash);
}

void AddressIndex::mark_used(const std::string& script_hash) {
    std::lock_guard lock(mutex_);
    std::optional<DepositAddress> address = store_->chain().address_by_script_hash(script_hash);
    if (!address || address->used || address->account != account_id_) return;
    store_->chain().mark_address_used(script_hash);
    extend();
}

std::vector<DepositAddress> AddressIndex::all() {
    std::lock_guard lock(mutex_);
    return store_->chain().addresses(account_id_);
}

}  // namespace flash::node::bitcoin
