#include "node/lightning/lightning_accounts.hpp"

#include <algorithm>
#include <chrono>

#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "node/server/log.hpp"

namespace flash::node::lightning {
namespace {

constexpr auto tick_interval = std::chrono::milliseconds(500);
/// Invoices are still watched this long after they expire: a payment whose HTLCs arrived in time
/// may settle a little later.
constexpr std::int64_t settle_grace_s = 600;
/// A pending payment the backend has never heard of is failed only after this long: the backend
/// may not have registered a call that was still under way.
constexpr std::int64_t unknown_payment_grace_s = 60;

std::string hash_hex(const ByteArray<32>& hash) { return codec::hex_encode(hash); }

}  // namespace

std::string_view account_errc_name(AccountErrc code) noexcept {
    switch (code) {
        case AccountErrc::not_found: return "not_found";
        case AccountErrc::bad_invoice: return "bad_invoice";
        case AccountErrc::insufficient_balance: return "insufficient_balance";
        case AccountErrc::already_paid: return "already_paid";
        case AccountErrc::own_invoice: return "own_invoice";
        case AccountErrc::no_route: return "no_route";
    }
    return "unknown";
}

std::uint64_t default_fee_reserve_msat(std::uint64_t amount_msat) noexcept {
    return std::max<std::uint64_t>((amount_msat + 99) / 100, 2000);
}

LightningAccounts::LightningAccounts(LightningBackend& backend, std::unique_ptr<NodeStore> store,
                                     std::function<std::int64_t()> now_s)
    : backend_(backend), store_(std::move(store)), now_s_(std::move(now_s)) {}

LedgerInvoice LightningAccounts::create_invoice(const std::string& user, std::uint64_t amount_msat,
                                                const std::string& description, std::uint32_t expiry_s, bool sale) {
    if (amount_msat == 0) throw Error(Errc::bad_argument, "the amount must be at least 1 msat");
    return record_invoice(user, backend_.create_invoice(amount_msat, description, expiry_s), description, sale);
}

LedgerInvoice LightningAccounts::create_invoice(const std::string& user, std::uint64_t amount_msat,
                                                const std::string& description, const ByteArray<32>& description_hash,
                                                std::uint32_t expiry_s) {
    if (amount_msat == 0) throw Error(Errc::bad_argument, "the amount must be at least 1 msat");
    return record_invoice(user, backend_.create_invoice_with_hash(amount_msat, description_hash, expiry_s), description,
                          false);
}

LedgerInvoice LightningAccounts::record_invoice(const std::string& user, const Invoice& made,
                                                const std::string& description, bool sale) {
    LedgerInvoice invoice;
    invoice.payment_hash = made.payment_hash;
    invoice.user = user;
    invoice.bolt11 = made.bolt11;
    invoice.amount_msat = made.amount_msat;
    invoice.description = description;
    invoice.created_at = now_s_();
    invoice.expires_at = static_cast<std::int64_t>(made.expiry_unix);
    invoice.sale = sale;
    ledger().add_invoice(invoice);
    log::info("invoice created", {{"payment_hash", hash_hex(invoice.payment_hash)}, {"amount_msat", made.amount_msat}});
    return invoice;
}

LedgerInvoice LightningAccounts::invoice(const std::string& user, const ByteArray<32>& payment_hash) {
    std::optional<LedgerInvoice> found = ledger().invoice(payment_hash);
    if (!found || found->user != user) throw AccountError(AccountErrc::not_found, "no such invoice");
    return *found;
}

LedgerPayment LightningAccounts::payment(const std::string& user, const ByteArray<32>& payment_hash) {
    std::optional<LedgerPayment> found = ledger().payment(user, payment_hash);
    if (!found) throw AccountError(AccountErrc::not_found, "no such payment");
    return *found;
}

LedgerBalance LightningAccounts::balance(const std::string& user) { return ledger().balance(user); }

LedgerPayment LightningAccounts::pay(const std::string& user, const std::string& bolt11,
                                     std::optional<std::uint64_t> max_fee_msat, const PaymentCondition& condition) {
    DecodedInvoice decoded;
    try {
        decoded = backend_.decode(bolt11);
    } catch (const Error& e) {
        throw AccountError(AccountErrc::bad_invoice, e.what());
    }
    if (!decoded.amount_msat || *decoded.amount_msat == 0)
        throw AccountError(AccountErrc::bad_invoice, "the invoice has no amount");
    const std::int64_t now = now_s_();
    if (static_cast<std::int64_t>(decoded.expiry_unix) < now)
        throw AccountError(AccountErrc::bad_invoice, "the invoice has expired");

    LedgerPayment payment;
    payment.payment_hash = decoded.payment_hash;
    payment.user = user;
    payment.bolt11 = bolt11;
    payment.description = decoded.description;
    payment.amount_msat = *decoded.amount_msat;
    payment.created_at = now;
    flash::node::PaymentCondition in_transaction;
    if (condition) in_transaction = [this, &condition](const LedgerPayment& held) { condition(*store_, held); };

    // To another user of this node: settled inside the ledger, whatever the backend would say.
    if (const std::optional<LedgerInvoice> local = ledger().invoice(decoded.payment_hash)) {
        if (local->user == user) throw AccountError(AccountErrc::own_invoice, "this is your own invoice");
        switch (ledger().pay_internally(payment, now, in_transaction)) {
            case PaymentStart::started:
                log::info("internal payment", {{"payment_hash", hash_hex(payment.payment_hash)},
                                               {"amount_msat", payment.amount_msat}});
                return payment;
            case PaymentStart::insufficient_balance:
                throw AccountError(AccountErrc::insufficient_balance, "the balance does not cover the amount");
            case PaymentStart::already_paid:
            case PaymentStart::invoice_not_open:
                throw AccountError(AccountErrc::already_paid, "the invoice is already paid or has expired");
        }
    }

    payment.fee_reserve_msat = max_fee_msat.value_or(default_fee_reserve_msat(payment.amount_msat));
    if (route_check_) route_check_(payment.amount_msat, payment.fee_reserve_msat);
    switch (ledger().start_payment(payment, in_transaction)) {
        case PaymentStart::started: break;
        case PaymentStart::insufficient_balance:
            throw AccountError(AccountErrc::insufficient_balance, "the balance does not cover the amount and the fee reserve");
        case PaymentStart::already_paid:
        case PaymentStart::invoice_not_open:
            throw AccountError(AccountErrc::already_paid, "this invoice has been paid or is being paid");
    }
    // Only the backend's own answer decides the outcome: a database failure while recording it
    // must not turn a payment that went out into a failed one (the hold stays; tick() retries).
    PaymentResult result;
    try {
        result = backend_.pay(bolt11, payment.fee_reserve_msat);
    } catch (const Error& e) {
        // The backend refused the invoice outright: nothing left the node.
        result = PaymentResult{PaymentStatus::failed, 0, std::nullopt, e.what()};
    } catch (const LightningError& e) {
        // Unknown whether the backend took it: the hold stays until tick() learns the outcome.
        log::warn("payment outcome unknown, kept pending", {{"payment_hash", hash_hex(payment.payment_hash)},
                                                             {"error", e.what()}});
        return *ledger().payment(user, payment.payment_hash);
    }
    finish(payment, result);
    return *ledger().payment(user, payment.payment_hash);
}

void LightningAccounts::finish(const LedgerPayment& payment, const PaymentResult& result) {
    const std::int64_t now = now_s_();
    switch (result.status) {
        case PaymentStatus::succeeded:
            if (result.fee_msat > payment.fee_reserve_msat)
                log::error("the backend paid more fee than the reserve; the user is charged the reserve",
                           {{"payment_hash", hash_hex(payment.payment_hash)}, {"fee_msat", result.fee_msat}});
            ledger().finish_payment(payment.id, LedgerPaymentState::succeeded, result.fee_msat, result.preimage, "",
                                    now);
            log::info("payment succeeded", {{"payment_hash", hash_hex(payment.payment_hash)},
                                            {"amount_msat", payment.amount_msat},
                                            {"fee_msat", result.fee_msat}});
            return;
        case PaymentStatus::failed:
            ledger().finish_payment(payment.id, LedgerPaymentState::failed, 0, std::nullopt, result.failure_reason, now);
            log::info("payment failed", {{"payment_hash", hash_hex(payment.payment_hash)},
                                         {"reason", result.failure_reason}});
            return;
        case PaymentStatus::unknown:
            if (now - payment.created_at < unknown_payment_grace_s) return;
            ledger().finish_payment(payment.id, LedgerPaymentState::failed, 0, std::nullopt,
                                    "the Lightning node never received this payment", now);
            log::warn("pending payment unknown to the backend, failed",
                      {{"payment_hash", hash_hex(payment.payment_hash)}});
            return;
        case PaymentStatus::in_flight:
            return;
    }
}

std::size_t LightningAccounts::tick() {
    std::size_t changed = 0;
    const std::int64_t now = now_s_();
    std::vector<LedgerInvoice> open;
    std::vector<LedgerPayment> pending;
    try {
        open = ledger().open_invoices(now - settle_grace_s);
        pending = ledger().pending_payments();
    } catch (const std::exception& e) {
        log::warn("ledger unavailable", {{"error", e.what()}});
        return 0;
    }
    for (const LedgerInvoice& invoice : open) {
        try {
            if (backend_.invoice_state(invoice.payment_hash) != InvoiceState::settled) continue;
            if (!ledger().settle_invoice(invoice.payment_hash, now)) continue;
            ++changed;
            log::info("invoice paid", {{"payment_hash", hash_hex(invoice.payment_hash)},
                                       {"amount_msat", invoice.amount_msat}});
        } catch (const std::exception& e) {
            log::warn("invoice check failed", {{"payment_hash", hash_hex(invoice.payment_hash)}, {"error", e.what()}});
        }
    }
    for (const LedgerPayment& payment : pending) {
        try {
            finish(payment, backend_.payment(payment.payment_hash));
            if (ledger().payment(payment.user, payment.payment_hash)->state != LedgerPaymentState::pending) ++changed;
        } catch (const std::exception& e) {
            log::warn("payment check failed", {{"payment_hash", hash_hex(payment.payment_hash)}, {"error", e.what()}});
        }
    }
    return changed;
}

void LightningAccounts::start(asio::io_context& io) {
    timer_ = std::make_unique<asio::steady_timer>(io);
    stopped_ = false;
    schedule();
}

void LightningAccounts::stop() {
    stopped_ = true;
    if (timer_) timer_->cancel();
}

void LightningAccounts::schedule() {
    timer_->expires_after(tick_interval);
    timer_->async_wait([this](const boost::system::error_code& ec) {
        if (ec || stopped_) return;
        tick();
        schedule();
    });
}

}  // namespace flash::node::lightning
