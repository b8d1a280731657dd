#include "node/bitcoin/address_index.hpp"

#include <utility>

#include "core/bitcoin/script_hash.hpp"
#include "core/error.hpp"
#include "node/server/log.hpp"

namespace flash::node::bitcoin {

AddressIndex::AddressIndex(ChainStore& store, AccountKey key, std::string user, std::uint32_t gap_limit,
                           OnDerived on_derived)
    : store_(store), key_(std::move(key)), user_(std::move(user)), gap_limit_(gap_limit), on_derived_(std::move(on_derived)) {
    if (gap_limit_ == 0) throw Error(Errc::bad_argument, "the gap limit must be at least 1");
    extend();
}

DepositAddress AddressIndex::derive(std::uint32_t chain, std::uint32_t index) const {
    const keys::AccountAddress derived = key_.account.address(chain == change_chain, index);
    DepositAddress out;
    out.account = key_.text;
    out.chain = chain;
    out.index = index;
    out.address = derived.address;
    out.script = derived.script_pubkey;
    out.script_hash = flash::bitcoin::electrum_script_hash(derived.script_pubkey);
    out.user = user_;
    return out;
}

void AddressIndex::extend(std::uint32_t chain) {
    const AddressExtent extent = store_.address_extent(key_.text, chain);
    const std::int64_t last = extent.highest_taken + gap_limit_;
    if (extent.highest_derived >= last) return;
    std::vector<DepositAddress> derived;
    for (std::int64_t index = extent.highest_derived + 1; index <= last; ++index)
        derived.push_back(derive(chain, static_cast<std::uint32_t>(index)));
    store_.add_addresses(derived);
    if (on_derived_) on_derived_(derived);
}

void AddressIndex::extend() {
    extend(receive_chain);
    extend(change_chain);
}

DepositAddress AddressIndex::receive_address(std::int64_t now_s) {
    if (std::optional<DepositAddress> current = store_.newest_assigned_address(key_.text, receive_chain);
        current && !current->used)
        return *current;
    // extend() keeps gap_limit free addresses ahead, so there is always one; the loop only
    // guards the assignment's condition (free and unused) against another connection.
    for (;;) {
        std::optional<DepositAddress> free = store_.first_free_address(key_.text, receive_chain);
        if (!free) {
            extend(receive_chain);
            continue;
        }
        if (!store_.assign_address(key_.text, receive_chain, free->index, now_s)) continue;
        const AddressExtent extent = store_.address_extent(key_.text, receive_chain);
        if (static_cast<std::int64_t>(free->index) > extent.highest_used + gap_limit_) {
            log::warn("more deposit addresses given out unused in a row than the gap limit: a wallet restoring "
                      "the seed may not see payments to the later ones",
                      {{"user", user_}, {"index", free->index}, {"highest_used", extent.highest_used},
                       {"gap_limit", gap_limit_}});
        }
        extend(receive_chain);
        free->assigned_at = now_s;
        return *free;
    }
}

DepositAddress AddressIndex::free_change_address() {
    for (;;) {
        if (std::optional<DepositAddress> free = store_.first_free_address(key_.text, change_chain)) return *free;
        extend(change_chain);
    }
}

void AddressIndex::mark_used(const DepositAddress& address) {
    if (address.used || address.account != key_.text) return;
    store_.mark_address_used(address.script_hash);
    extend(address.chain);
}

crypto::PublicKey AddressIndex::public_key(std::uint32_t chain, std::uint32_t index) const {
    return key_.account.address(chain == change_chain, index).public_key;
}

flash::bitcoin::KeyOrigin AddressIndex::origin(std::uint32_t chain, std::uint32_t index) const {
    flash::bitcoin::KeyOrigin out = key_.origin;
    out.path.push_back(chain);
    out.path.push_back(index);
    return out;
}

std::vector<DepositAddress> AddressIndex::all() { return store_.addresses(key_.text); }

}  // namespace flash::node::bitcoin
