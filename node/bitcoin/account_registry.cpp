#include "node/bitcoin/account_registry.hpp"

#include <utility>

#include "core/bitcoin/transaction.hpp"
#include "core/error.hpp"
#include "node/bitcoin/chain_service_error.hpp"
#include "node/server/log.hpp"

namespace flash::node::bitcoin {

AccountRegistry::AccountRegistry(std::unique_ptr<NodeStore> store, keys::Network network, std::uint32_t gap_limit,
                                 OnDerived on_derived)
    : store_(std::move(store)), network_(network), gap_limit_(gap_limit), on_derived_(std::move(on_derived)) {
    if (gap_limit_ == 0) throw Error(Errc::bad_argument, "the gap limit must be at least 1");
    std::lock_guard lock(mutex_);
    for (const ChainAccount& account : store_->chain().accounts()) {
        AccountKey key = [&] {
            try {
                return parse_account_key(account.account_key, account.fingerprint, account.path, network_);
            } catch (const Error& e) {
                throw Error(Errc::bad_config, "the chain account of user " + account.user +
                                                  " does not fit the configured network (was the data directory "
                                                  "used with another chain.network?): " + e.what());
            }
        }();
        indexes_[account.user] =
            std::make_unique<AddressIndex>(store_->chain(), std::move(key), account.user, gap_limit_, on_derived_);
    }
}

ChainAccount AccountRegistry::register_account(const std::string& user, const std::string& account_key,
                                               const std::string& fingerprint, const std::string& path,
                                               std::int64_t now_s) {
    if (user.empty()) throw Error(Errc::bad_argument, "empty user id");
    AccountKey key = parse_account_key(account_key, fingerprint, path, network_);
    std::lock_guard lock(mutex_);
    ChainStore& store = store_->chain();
    if (std::optional<ChainAccount> existing = store.account_of(user)) {
        if (existing->account_key == key.text && existing->fingerprint == key.fingerprint && existing->path == key.path)
            return *existing;
        throw ChainServiceError(ChainServiceErrc::account_exists, "another account key is registered for this user");
    }
    if (store.account_by_key(key.text))
        throw ChainServiceError(ChainServiceErrc::key_taken, "this account key is registered by another user");
    const ChainAccount account{user, key.text, key.fingerprint, key.path, now_s};
    store.add_account(account);
    indexes_[user] = std::make_unique<AddressIndex>(store, std::move(key), user, gap_limit_, on_derived_);
    log::info("chain account registered", {{"user", user}, {"path", account.path}});
    return account;
}

std::optional<ChainAccount> AccountRegistry::account_of(const std::string& user) {
    std::lock_guard lock(mutex_);
    return store_->chain().account_of(user);
}

AddressIndex& AccountRegistry::index_of(const std::string& user) {
    const auto found = indexes_.find(user);
    if (found == indexes_.end())
        throw ChainServiceError(ChainServiceErrc::no_account, "no account key is registered for this user");
    return *found->second;
}

DepositAddress AccountRegistry::receive_address(const std::string& user, std::int64_t now_s) {
    std::lock_guard lock(mutex_);
    return index_of(user).receive_address(now_s);
}

SpendingKeys AccountRegistry::spending_keys(const std::string& user, std::span<const Deposit> coins) {
    std::lock_guard lock(mutex_);
    AddressIndex& index = index_of(user);
    SpendingKeys out;
    for (const Deposit& coin : coins) {
        const std::optional<DepositAddress> address = store_->chain().address_by_script_hash(coin.script_hash);
        if (!address || address->user != user)
            throw Error(Errc::bad_argument, "coin " + coin.txid + " is not at an address of the user's account");
        flash::bitcoin::WalletUtxo utxo;
        utxo.outpoint = {flash::bitcoin::txid_from_hex(coin.txid), coin.vout};
        utxo.output = {coin.amount_sat, address->script};
        utxo.public_key = index.public_key(address->chain, address->index);
        utxo.origin = index.origin(address->chain, address->index);
        out.utxos.push_back(std::move(utxo));
    }
    out.change_address = index.free_change_address();
    out.change.public_key = index.public_key(change_chain, out.change_address.index);
    out.change.origin = index.origin(change_chain, out.change_address.index);
    out.change.kind = keys::AccountKind::p2wpkh;
    return out;
}

void AccountRegistry::extend(const std::string& user) {
    std::lock_guard lock(mutex_);
    if (const auto found = indexes_.find(user); found != indexes_.end()) found->second->extend();
}

std::optional<DepositAddress> AccountRegistry::find(const std::string& script_hash) {
    std::lock_guard lock(mutex_);
    return store_->chain().address_by_script_hash(script_hash);
}

void AccountRegistry::mark_used(const std::string& script_hash) {
    std::lock_guard lock(mutex_);
    const std::optional<DepositAddress> address = store_->chain().address_by_script_hash(script_hash);
    if (!address) return;
    if (const auto found = indexes_.find(address->user); found != indexes_.end()) found->second->mark_used(*address);
}

std::vector<Bytes> AccountRegistry::scripts() {
    std::lock_guard lock(mutex_);
    std::vector<Bytes> out;
    for (const auto& entry : indexes_)
        for (DepositAddress& address : entry.second->all()) out.push_back(std::move(address.script));
    return out;
}

}  // namespace flash::node::bitcoin
