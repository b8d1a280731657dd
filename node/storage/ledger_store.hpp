// LedgerStore: the custodial Lightning accounts of flash-node's users: the invoices they asked for
// and the payments they made. A user's balance is computed from these records, never kept apart:
//   available = settled invoices - succeeded payments (amount + fee) - pending payments (amount + fee reserve)
// so that every change of a balance is the change of one record, in one transaction.
//
// A user is the hex public key that signed their NIP-98 requests. Amounts are millisatoshis.
// Errors: flash::Error(Errc::storage) when the database fails (nothing is half-written then);
// flash::Error(Errc::bad_argument) for an amount that does not fit the ledger.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"

namespace flash::node {

/// An invoice a user asked the node for (money in).
struct LedgerInvoice {
    ByteArray<32> payment_hash{};
    std::string user;
    std::string bolt11;
    std::uint64_t amount_msat = 0;
    std::string description;
    std::int64_t created_at = 0;               ///< unix seconds
    std::int64_t expires_at = 0;
    std::optional<std::int64_t> settled_at;    ///< credited to `user` (once)
    bool internal = false;                     ///< paid by another user of this node
    bool sale = false;                         ///< asked for by a point of sale
    bool operator==(const LedgerInvoice&) const = default;
};

enum class LedgerPaymentState { pending, succeeded, failed };

/// A payment a user made (money out). One live (pending or succeeded) payment per payment hash.
struct LedgerPayment {
    std::int64_t id = 0;                       ///< set by the store
    ByteArray<32> payment_hash{};
    std::string user;
    std::string bolt11;
    std::string description;                   ///< the invoice's (`d`), or a transfer's
    std::uint64_t amount_msat = 0;
    std::uint64_t fee_reserve_msat = 0;        ///< held while pending: the most the fee may be
    std::uint64_t fee_msat = 0;                ///< the fee paid (succeeded)
    LedgerPaymentState state = LedgerPaymentState::pending;
    std::optional<ByteArray<32>> preimage;     ///< proof of payment (succeeded)
    std::string failure_reason;                ///< failed
    bool internal = false;                     ///< to another user of this node, no routing
    std::int64_t created_at = 0;
    std::optional<std::int64_t> finished_at;
    bool operator==(const LedgerPayment&) const = default;
};

struct LedgerBalance {
    std::int64_t available_msat = 0;  ///< what the user may spend now (never negative by construction)
    std::uint64_t pending_msat = 0;   ///< held by pending payments (amount + fee reserve)
};

/// Money moved between two users inside the ledger with no invoice, routing or fee (a merchant's
/// reward to a card holder). It is recorded as what an internal payment leaves behind: a succeeded
/// internal payment of `from` and a settled internal invoice (bolt11 "") of `to`, both under `ref`.
/// With no `to`, the money leaves the ledger for the node's own mint (an eCash reward: the reward's
/// entry, recorded by the condition, names the mint quote it pays); only `from`'s payment is recorded.
struct LedgerTransfer {
    ByteArray<32> ref{};      ///< the payment hash both records carry: unique, e.g. a SHA-256 of what caused it
    std::string from;
    std::string to;           ///< "" for the node's mint
    std::uint64_t amount_msat = 0;
    std::string description;  ///< the description of both records
    std::int64_t at = 0;      ///< unix seconds
};

/// Work of the caller's that must commit or fail together with a payment (a card's counter and
/// limits): it runs inside the payment's transaction, on the store's connection, after the
/// ledger's checks passed and the payment was recorded (payment.id set). Throwing refuses the
/// payment: the transaction rolls back, the caller's writes with it, and the exception propagates.
using PaymentCondition = std::function<void(const LedgerPayment& payment)>;

enum class PaymentStart {
    started,               ///< recorded as pending (or, internal, as succeeded): the balance is held
    insufficient_balance,  ///< nothing recorded
    already_paid,          ///< a pending or succeeded payment of this hash exists; nothing recorded
    invoice_not_open,      ///< internal only: the invoice is settled or expired; nothing recorded
};

class LedgerStore {
public:
    virtual ~LedgerStore() = default;

    /// Records a new invoice (not settled). Error(storage) when its payment hash exists.
    virtual void add_invoice(const LedgerInvoice& invoice) = 0;
    virtual std::optional<LedgerInvoice> invoice(const ByteArray<32>& payment_hash) = 0;
    /// Invoices not settled whose expiry is at or after `not_before` (the ones that may still be paid).
    virtual std::vector<LedgerInvoice> open_invoices(std::int64_t not_before) = 0;
    /// Credits the invoice to its user at `now_s`; returns false when it was settled before (or is unknown).
    virtual bool settle_invoice(const ByteArray<32>& payment_hash, std::int64_t now_s) = 0;

    /// In one transaction: checks that the user's available balance covers amount + fee reserve
    /// and that no live payment of the hash exists, then records `payment` as pending. Sets
    /// payment.id when started. `condition`, when given, runs before the commit (see PaymentCondition).
    virtual PaymentStart start_payment(LedgerPayment& payment, const PaymentCondition& condition = {}) = 0;
    /// In one transaction: the checks of start_payment, then `payment` recorded as succeeded with
    /// fee 0 and the invoice settled (internal) for its user at `now_s`, if it is open (not settled,
    /// not expired at `now_s`). `condition` as for start_payment.
    virtual PaymentStart pay_internally(LedgerPayment& payment, std::int64_t now_s,
                                        const PaymentCondition& condition = {}) = 0;
    /// In one transaction: checks that `from`'s available balance covers the amount and that no
    /// record carries `transfer.ref` (already_paid otherwise), records the transfer (LedgerTransfer)
    /// and runs `condition` with the payment record of `from`. Error(bad_argument) for an amount of
    /// 0 or `from` == `to`.
    virtual PaymentStart transfer(const LedgerTransfer& transfer, const PaymentCondition& condition = {}) = 0;
    /// Ends a pending payment: succeeded (with its fee, at most the reserve, and preimage) or failed
    /// (the hold is released). Returns false when it was not pending.
    virtual bool finish_payment(std::int64_t id, LedgerPaymentState state, std::uint64_t fee_msat,
                                const std::optional<ByteArray<32>>& preimage, const std::string& failure_reason,
                                std::int64_t now_s) = 0;
    /// Every pending payment, oldest first.
    virtual std::vector<LedgerPayment> pending_payments() = 0;
    /// The latest payment attempt of `payment_hash` by `user`.
    virtual std::optional<LedgerPayment> payment(const std::string& user, const ByteArray<32>& payment_hash) = 0;

    virtual LedgerBalance balance(const std::string& user) = 0;
    /// The user's newest invoices and payments, at most `limit` of each.
    virtual std::vector<LedgerInvoice> invoices_of(const std::string& user, std::size_t limit) = 0;
    virtual std::vector<LedgerPayment> payments_of(const std::string& user, std::size_t limit) = 0;
};

}  // namespace flash::node
