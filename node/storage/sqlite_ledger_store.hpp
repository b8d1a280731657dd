// LedgerStore over SQLite (schema version 5 in migrations.cpp). Every call that moves a balance is
// one BEGIN IMMEDIATE transaction: the balance check and the record it guards cannot interleave
// with another connection's.
#pragma once

#include "core/store/sqlite.hpp"
#include "node/storage/ledger_store.hpp"

namespace flash::node {

class SqliteLedgerStore final : public LedgerStore {
public:
    /// Works on `db`, which must outlive this object and be configured and migrated (open_sqlite_store()).
    explicit SqliteLedgerStore(store::Database& db) noexcept : db_(db) {}

    void add_invoice(const LedgerInvoice& invoice) override;
    std::optional<LedgerInvoice> invoice(const ByteArray<32>& payment_hash) override;
    std::vector<LedgerInvoice> open_invoices(std::int64_t not_before) override;
    bool settle_invoice(const ByteArray<32>& payment_hash, std::int64_t now_s) override;
    PaymentStart start_payment(LedgerPayment& payment, const PaymentCondition& condition) override;
    PaymentStart pay_internally(LedgerPayment& payment, std::int64_t now_s, const PaymentCondition& condition) override;
    PaymentStart transfer(const LedgerTransfer& transfer, const PaymentCondition& condition) override;
    bool finish_payment(std::int64_t id, LedgerPaymentState state, std::uint64_t fee_msat,
                        const std::optional<ByteArray<32>>& preimage, const std::string& failure_reason,
                        std::int64_t now_s) override;
    std::vector<LedgerPayment> pending_payments() override;
    std::optional<LedgerPayment> payment(const std::string& user, const ByteArray<32>& payment_hash) override;
    LedgerBalance balance(const std::string& user) override;
    std::vector<LedgerInvoice> invoices_of(const std::string& user, std::size_t limit) override;
    std::vector<LedgerPayment> payments_of(const std::string& user, std::size_t limit) override;

private:
    PaymentStart check_payable(const LedgerPayment& payment);  // inside a transaction
    void insert_payment(LedgerPayment& payment);
    void settle_internally(const ByteArray<32>& payment_hash, std::int64_t now_s);  // paid inside the ledger

    store::Database& db_;
};

}  // namespace flash::node
