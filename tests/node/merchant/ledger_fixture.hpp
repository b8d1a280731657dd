// The ledger as the card and reward tests set it up: users (random ids, as NIP-98 keys would give),
// invoices, and balances credited straight in the node's store, with no Lightning in between.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "core/codec/hex.hpp"
#include "core/crypto/random.hpp"
#include "node/storage/node_store.hpp"
#include "support/temp_dir.hpp"

namespace flash::test {

/// A fresh user id: the hex of a random 32-byte key.
inline std::string random_user() { return codec::hex_encode(crypto::random_array<32>()); }

/// An open invoice of `user` for `amount_msat`, made at `at` and open for an hour, added to `ledger`.
inline node::LedgerInvoice add_invoice(node::LedgerStore& ledger, const std::string& user, std::uint64_t amount_msat,
                                       std::int64_t at) {
    node::LedgerInvoice invoice;
    invoice.payment_hash = crypto::random_array<32>();
    invoice.user = user;
    invoice.bolt11 = "lnbcrt-test";
    invoice.amount_msat = amount_msat;
    invoice.created_at = at;
    invoice.expires_at = at + 3600;
    ledger.add_invoice(invoice);
    return invoice;
}

/// Credits `user` `amount_msat` at `at`, as if an invoice of theirs had been paid.
inline void fund(node::LedgerStore& ledger, const std::string& user, std::uint64_t amount_msat, std::int64_t at) {
    ledger.settle_invoice(add_invoice(ledger, user, amount_msat, at).payment_hash, at);
}

/// The node's store over a fresh data directory, with a merchant and a card holder.
struct LedgerFixture {
    TempDir dir;
    std::unique_ptr<node::NodeStore> store = node::open_sqlite_store(dir.str());
    std::string merchant = random_user();
    std::string holder = random_user();

    std::int64_t available(const std::string& user) { return store->ledger().balance(user).available_msat; }
};

}  // namespace flash::test
