// What the deposit watcher needs to know about an address it sees paid: whose it is, and that it
// is used now. AccountRegistry implements it over every registered account.
#pragma once
#include <optional>
#include <string>

#include "node/storage/chain_store.hpp"

namespace flash::node::bitcoin {

class AddressLookup {
public:
    virtual ~AddressLookup() = default;

    /// The address with this Electrum script hash, if a registered account derived it (its user
    /// is the account's, also for an address only derived ahead).
    virtual std::optional<DepositAddress> find(const std::string& script_hash) = 0;

    /// Records that a transaction paid to the address with `script_hash` (so it is never given
    /// out again) and derives ahead past it in its own account. No-op for an unknown or used one.
    virtual void mark_used(const std::string& script_hash) = 0;
};

}  // namespace flash::node::bitcoin
