#include "node/storage/sqlite_ledger_store.hpp"

#include <limits>

#include "core/error.hpp"
#include "node/storage/sqlite_ledger_rows.hpp"
#include "node/storage/sqlite_rows.hpp"

namespace flash::node {
namespace {

using namespace sqlite_rows;

/// Amounts above this are refused, so that the sums of a balance (amount + fee, over many records)
/// cannot overflow SQLite's 64-bit integers.
constexpr std::uint64_t max_ledger_amount = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max() / 4);

std::int64_t ledger_amount(std::uint64_t amount) {
    if (amount > max_ledger_amount) throw Error(Errc::bad_argument, "amount does not fit the ledger");
    return sql_amount(amount);
}

// Column order read by invoice_from (payments: sqlite_ledger_rows.hpp).
constexpr const char* invoice_columns =
    "payment_hash, user_id, bolt11, amount_msat, description, created_at, expires_at, settled_at, internal, sale";
constexpr const char* payment_columns = ledger_payment_columns;

LedgerInvoice invoice_from(const Statement& s) {
    LedgerInvoice i;
    i.payment_hash = hash_from(s.column_blob(0));
    i.user = std::string(s.column_text(1));
    i.bolt11 = std::string(s.column_text(2));
    i.amount_msat = static_cast<std::uint64_t>(s.column_int64(3));
    i.description = std::string(s.column_text(4));
    i.created_at = s.column_int64(5);
    i.expires_at = s.column_int64(6);
    if (!s.column_is_null(7)) i.settled_at = s.column_int64(7);
    i.internal = s.column_int64(8) != 0;
    i.sale = s.column_int64(9) != 0;
    return i;
}

}  // namespace

void SqliteLedgerStore::add_invoice(const LedgerInvoice& invoice) {
    Statement& s = db_.cached(
        "INSERT INTO ln_invoices (payment_hash, user_id, bolt11, amount_msat, description, created_at, expires_at, sale) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    ScopedReset reset(s);
    s.bind(1, invoice.payment_hash)
        .bind(2, invoice.user)
        .bind(3, invoice.bolt11)
        .bind(4, ledger_amount(invoice.amount_msat))
        .bind(5, invoice.description)
        .bind(6, invoice.created_at)
        .bind(7, invoice.expires_at)
        .bind(8, static_cast<std::int64_t>(invoice.sale));
    s.step();
}

std::optional<LedgerInvoice> SqliteLedgerStore::invoice(const ByteArray<32>& payment_hash) {
    Statement& s = db_.cached(select_sql(invoice_columns, "FROM ln_invoices WHERE payment_hash = ?"));
    s.bind(1, payment_hash);
    return first(s, invoice_from);
}

std::vector<LedgerInvoice> SqliteLedgerStore::open_invoices(std::int64_t not_before) {
    Statement& s = db_.cached(
        select_sql(invoice_columns, "FROM ln_invoices WHERE settled_at IS NULL AND expires_at >= ? ORDER BY expires_at"));
    s.bind(1, not_before);
    return collect(s, invoice_from);
}

bool SqliteLedgerStore::settle_invoice(const ByteArray<32>& payment_hash, std::int64_t now_s) {
    Statement& s = db_.cached("UPDATE ln_invoices SET settled_at = ? WHERE payment_hash = ? AND settled_at IS NULL");
    ScopedReset reset(s);
    s.bind(1, now_s).bind(2, payment_hash);
    s.step();
    return db_.changes() == 1;
}

LedgerBalance SqliteLedgerStore::balance(const std::string& user) {
    Statement& in = db_.cached("SELECT SUM(amount_msat) FROM ln_invoices WHERE user_id = ? AND settled_at IS NOT NULL");
    in.bind(1, user);
    const std::int64_t received = single_int(in);
    Statement& out = db_.cached(
        "SELECT SUM(CASE state WHEN 'succeeded' THEN amount_msat + fee_msat ELSE 0 END), "
        "SUM(CASE state WHEN 'pending' THEN amount_msat + fee_reserve_msat ELSE 0 END) "
        "FROM ln_payments WHERE user_id = ? AND state != 'failed'");
    out.bind(1, user);
    ScopedReset reset(out);
    out.step();
    const std::int64_t spent = out.column_is_null(0) ? 0 : out.column_int64(0);
    const std::int64_t held = out.column_is_null(1) ? 0 : out.column_int64(1);
    return {received - spent - held, static_cast<std::uint64_t>(held)};
}

PaymentStart SqliteLedgerStore::check_payable(const LedgerPayment& payment) {
    Statement& live = db_.cached("SELECT COUNT(*) FROM ln_payments WHERE payment_hash = ? AND state != 'failed'");
    live.bind(1, payment.payment_hash);
    if (single_int(live) > 0) return PaymentStart::already_paid;
    const std::int64_t needed = ledger_amount(payment.amount_msat) + ledger_amount(payment.fee_reserve_msat);
    if (balance(payment.user).available_msat < needed) return PaymentStart::insufficient_balance;
    return PaymentStart::started;
}

void SqliteLedgerStore::insert_payment(LedgerPayment& payment) {
    Statement& s = db_.cached(
        "INSERT INTO ln_payments (payment_hash, user_id, bolt11, amount_msat, fee_reserve_msat, fee_msat, state, "
        "preimage, internal, created_at, finished_at, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ScopedReset reset(s);
    s.bind(1, payment.payment_hash)
        .bind(2, payment.user)
        .bind(3, payment.bolt11)
        .bind(4, ledger_amount(payment.amount_msat))
        .bind(5, ledger_amount(payment.fee_reserve_msat))
        .bind(6, ledger_amount(payment.fee_msat))
        .bind(7, payment_state_name(payment.state))
        .bind(9, static_cast<std::int64_t>(payment.internal))
        .bind(10, payment.created_at)
        .bind(12, payment.description);
    if (payment.preimage) s.bind(8, *payment.preimage); else s.bind(8, std::nullopt);
    if (payment.finished_at) s.bind(11, *payment.finished_at); else s.bind(11, std::nullopt);
    s.step();
    payment.id = db_.last_insert_rowid();
}

void SqliteLedgerStore::settle_internally(const ByteArray<32>& payment_hash, std::int64_t now_s) {
    Statement& s = db_.cached("UPDATE ln_invoices SET settled_at = ?, internal = 1 WHERE payment_hash = ?");
    ScopedReset reset(s);
    s.bind(1, now_s).bind(2, payment_hash);
    s.step();
}

PaymentStart SqliteLedgerStore::start_payment(LedgerPayment& payment, const PaymentCondition& condition) {
    Transaction tx(db_);
    const PaymentStart check = check_payable(payment);
    if (check != PaymentStart::started) return check;
    payment.state = LedgerPaymentState::pending;
    payment.internal = false;
    insert_payment(payment);
    if (condition) condition(payment);
    tx.commit();
    return PaymentStart::started;
}

PaymentStart SqliteLedgerStore::pay_internally(LedgerPayment& payment, std::int64_t now_s,
                                               const PaymentCondition& condition) {
    Transaction tx(db_);
    const std::optional<LedgerInvoice> target = invoice(payment.payment_hash);
    if (!target || target->settled_at || target->expires_at < now_s) return PaymentStart::invoice_not_open;
    const PaymentStart check = check_payable(payment);
    if (check != PaymentStart::started) return check;
    payment.state = LedgerPaymentState::succeeded;
    payment.fee_msat = 0;
    payment.internal = true;
    payment.finished_at = now_s;
    insert_payment(payment);
    settle_internally(payment.payment_hash, now_s);
    if (condition) condition(payment);
    tx.commit();
    return PaymentStart::started;
}

PaymentStart SqliteLedgerStore::transfer(const LedgerTransfer& transfer, const PaymentCondition& condition) {
    if (transfer.amount_msat == 0) throw Error(Errc::bad_argument, "a transfer moves at least 1 msat");
    if (transfer.from == transfer.to) throw Error(Errc::bad_argument, "a transfer goes to another user");
    LedgerPayment payment;
    payment.payment_hash = transfer.ref;
    payment.user = transfer.from;
    payment.amount_msat = transfer.amount_msat;
    payment.description = transfer.description;
    payment.state = LedgerPaymentState::succeeded;
    payment.internal = true;
    payment.created_at = transfer.at;
    payment.finished_at = transfer.at;
    Transaction tx(db_);
    if (invoice(transfer.ref)) return PaymentStart::already_paid;
    const PaymentStart check = check_payable(payment);
    if (check != PaymentStart::started) return check;
    insert_payment(payment);
    if (!transfer.to.empty()) {
        LedgerInvoice received;
        received.payment_hash = transfer.ref;
        received.user = transfer.to;
        received.amount_msat = transfer.amount_msat;
        received.description = transfer.description;
        received.created_at = transfer.at;
        received.expires_at = transfer.at;
        add_invoice(received);
        settle_internally(transfer.ref, transfer.at);
    }
    if (condition) condition(payment);
    tx.commit();
    return PaymentStart::started;
}

bool SqliteLedgerStore::finish_payment(std::int64_t id, LedgerPaymentState state, std::uint64_t fee_msat,
                                       const std::optional<ByteArray<32>>& preimage,
                                       const std::string& failure_reason, std::int64_t now_s) {
    if (state == LedgerPaymentState::pending) throw Error(Errc::bad_argument, "a payment finishes as succeeded or failed");
    Transaction tx(db_);
    // The fee can never take more than was held: a backend reporting more is capped (and the
    // caller logs it) rather than driving the balance below what the user agreed to.
    Statement& s = db_.cached(
        "UPDATE ln_payments SET state = ?, fee_msat = MIN(?, fee_reserve_msat), preimage = ?, failure_reason = ?, "
        "finished_at = ? WHERE id = ? AND state = 'pending'");
    ScopedReset reset(s);
    s.bind(1, payment_state_name(state))
        .bind(2, state == LedgerPaymentState::succeeded ? ledger_amount(fee_msat) : 0)
        .bind(4, failure_reason)
        .bind(5, now_s)
        .bind(6, id);
    if (preimage) s.bind(3, *preimage); else s.bind(3, std::nullopt);
    s.step();
    const bool changed = db_.changes() == 1;
    tx.commit();
    return changed;
}

std::vector<LedgerPayment> SqliteLedgerStore::pending_payments() {
    Statement& s = db_.cached(select_sql(payment_columns, "FROM ln_payments WHERE state = 'pending' ORDER BY id"));
    return collect(s, ledger_payment_from);
}

std::optional<LedgerPayment> SqliteLedgerStore::payment(const std::string& user, const ByteArray<32>& payment_hash) {
    Statement& s = db_.cached(
        select_sql(payment_columns, "FROM ln_payments WHERE user_id = ? AND payment_hash = ? ORDER BY id DESC LIMIT 1"));
    s.bind(1, user).bind(2, payment_hash);
    return first(s, ledger_payment_from);
}

std::vector<LedgerInvoice> SqliteLedgerStore::invoices_of(const std::string& user, std::size_t limit) {
    Statement& s = db_.cached(
        select_sql(invoice_columns, "FROM ln_invoices WHERE user_id = ? ORDER BY created_at DESC, payment_hash LIMIT ?"));
    s.bind(1, user).bind(2, static_cast<std::int64_t>(limit));
    return collect(s, invoice_from);
}

std::vector<LedgerPayment> SqliteLedgerStore::payments_of(const std::string& user, std::size_t limit) {
    Statement& s =
        db_.cached(select_sql(payment_columns, "FROM ln_payments WHERE user_id = ? ORDER BY id DESC LIMIT ?"));
    s.bind(1, user).bind(2, static_cast<std::int64_t>(limit));
    return collect(s, ledger_payment_from);
}

}  // namespace flash::node
