// LightningAccounts: the custodial Lightning accounts of the node's users (LedgerStore) over the
// node's Lightning backend: invoices that credit a user once paid, payments that debit them, and
// payments between two users of this node settled inside the ledger (no routing, no fee).
//
// Money rules: a payment holds amount + fee reserve in the same transaction that checks the
// balance, before the backend is asked to pay; the hold becomes the real fee on success and is
// released on failure. A payment whose outcome is unknown (backend unreachable, still routing, a
// crash) stays pending and held until tick() learns the outcome from the backend.
//
// Threading: like the mint, on the server's I/O thread only (the backend is not thread-safe).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "node/lightning/lightning_backend.hpp"
#include "node/server/asio.hpp"
#include "node/storage/node_store.hpp"

namespace flash::node::lightning {

enum class AccountErrc {
    not_found,             ///< no invoice or payment of this user with that hash
    bad_invoice,           ///< does not decode, wrong network, no amount, or expired
    insufficient_balance,  ///< the balance does not cover amount + fee reserve
    already_paid,          ///< the invoice has a pending or succeeded payment
    own_invoice,           ///< a user paying their own invoice
    no_route,              ///< the node's channels cannot carry the payment (liquidity)
};

/// "not_found", "bad_invoice", ... (the API's error codes).
std::string_view account_errc_name(AccountErrc code) noexcept;

class AccountError : public std::runtime_error {
public:
    AccountError(AccountErrc code, const std::string& detail) : std::runtime_error(detail), code_(code) {}
    AccountErrc code() const noexcept { return code_; }

private:
    AccountErrc code_;
};

/// The fee reserve when the user gives no limit: 1% of the amount, at least 2 sat.
std::uint64_t default_fee_reserve_msat(std::uint64_t amount_msat) noexcept;

class LightningAccounts {
public:
    /// Called before an outgoing (routed) payment with amount and fee limit; throws
    /// AccountError(no_route) when the node cannot carry it (the liquidity middleware).
    using RouteCheck = std::function<void(std::uint64_t amount_msat, std::uint64_t max_fee_msat)>;

    /// `backend` must outlive this object; `store` is its own connection; `now_s` the clock.
    LightningAccounts(LightningBackend& backend, std::unique_ptr<NodeStore> store, std::function<std::int64_t()> now_s);

    void set_route_check(RouteCheck check) { route_check_ = std::move(check); }

    /// A new invoice for `user`; `sale` marks one a point of sale asked for. Error(bad_argument) for
    /// an amount of 0 or a description the backend refuses; LightningError when the backend fails.
    LedgerInvoice create_invoice(const std::string& user, std::uint64_t amount_msat, const std::string& description,
                                 std::uint32_t expiry_s, bool sale = false);
    /// The same for an invoice that commits to `description_hash` (BOLT 11 `h`: LNURL-pay) instead of
    /// carrying a description; `description` is only what the ledger keeps for the user.
    LedgerInvoice create_invoice(const std::string& user, std::uint64_t amount_msat, const std::string& description,
                                 const ByteArray<32>& description_hash, std::uint32_t expiry_s);
    /// AccountError(not_found) unless `user` asked for it.
    LedgerInvoice invoice(const std::string& user, const ByteArray<32>& payment_hash);

    /// Work that commits or fails with a payment's hold (a card's counter and limits, see
    /// LedgerStore's PaymentCondition), given the store of the payment's transaction to work on.
    using PaymentCondition = std::function<void(NodeStore& store, const LedgerPayment& payment)>;

    /// Pays `bolt11` for `user`, spending at most `max_fee_msat` (default_fee_reserve_msat when
    /// nullopt) on fees. Returns the payment as known when the backend answered: succeeded, failed
    /// (balance released), or pending. AccountError for a refused request (nothing held then).
    /// `condition`, when given, runs in the transaction that holds the payment, before the backend
    /// is asked to pay; what it throws refuses the payment (nothing held) and propagates.
    LedgerPayment pay(const std::string& user, const std::string& bolt11, std::optional<std::uint64_t> max_fee_msat,
                      const PaymentCondition& condition = {});
    /// The latest attempt of `user` to pay `payment_hash`; AccountError(not_found) when none.
    LedgerPayment payment(const std::string& user, const ByteArray<32>& payment_hash);

    LedgerBalance balance(const std::string& user);
    LedgerStore& ledger() noexcept { return store_->ledger(); }

    /// Credits invoices the backend reports settled and finishes pending payments whose outcome
    /// is known. Returns how many records changed. Never throws for one record's failure (logs it).
    std::size_t tick();
    /// Runs tick() every half second on `io` until stop().
    void start(asio::io_context& io);
    void stop();

private:
    LedgerInvoice record_invoice(const std::string& user, const Invoice& made, const std::string& description,
                                 bool sale);
    void finish(const LedgerPayment& payment, const PaymentResult& result);
    void schedule();

    LightningBackend& backend_;
    std::unique_ptr<NodeStore> store_;
    std::function<std::int64_t()> now_s_;
    RouteCheck route_check_;
    std::unique_ptr<asio::steady_timer> timer_;
    bool stopped_ = false;
};

}  // namespace flash::node::lightning
