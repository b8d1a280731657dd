// A LightningBackend whose channels a test sets (and whose reads it can make fail), for the
// liquidity tests. Everything but channel_balances() refuses: the liquidity code must not need it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "node/lightning/lightning_backend.hpp"

namespace flash::test {

class ScriptedBackend final : public node::lightning::LightningBackend {
public:
    node::lightning::ChannelBalances balances;
    std::optional<std::string> failure;  ///< channel_balances() throws LightningError with it
    bool storage_failure = false;        ///< channel_balances() throws Error(storage) instead
    std::size_t reads = 0;               ///< channel_balances() calls

    std::string name() const override { return "scripted"; }
    node::lightning::Invoice create_invoice(std::uint64_t, const std::string&, std::uint32_t) override { refuse(); }
    node::lightning::Invoice create_invoice_with_hash(std::uint64_t, const ByteArray<32>&, std::uint32_t) override {
        refuse();
    }
    node::lightning::InvoiceState invoice_state(const ByteArray<32>&) override { refuse(); }
    node::lightning::DecodedInvoice decode(const std::string&) override { refuse(); }
    node::lightning::PaymentResult pay(const std::string&, std::uint64_t) override { refuse(); }
    node::lightning::PaymentResult payment(const ByteArray<32>&) override { refuse(); }
    node::lightning::WalletBalance wallet_balance() override { refuse(); }
    node::lightning::ChannelBalances channel_balances() override {
        ++reads;
        if (storage_failure) throw Error(Errc::storage, "disk on fire");
        if (failure) throw node::lightning::LightningError(*failure);
        return balances;
    }

    /// Adds an active (or not) channel with `local_sat` of `capacity_sat` (the rest remote) and a
    /// peer named after the id.
    void add(const std::string& id, std::uint64_t capacity_sat, std::uint64_t local_sat, bool active = true) {
        balances.channels.push_back({id, "02" + std::string(64 - id.size(), '0') + id, capacity_sat, local_sat,
                                     capacity_sat - local_sat, active});
    }

private:
    [[noreturn]] static void refuse() { throw node::lightning::LightningError("not scripted"); }
};

}  // namespace flash::test
