// MerchantStore over SQLite (schema version 6 in migrations.cpp). record_delivery() is one
// BEGIN IMMEDIATE transaction: the duplicate check, the delivery row and the invoice's new status
// cannot interleave with another connection's.
#pragma once

#include "core/store/sqlite.hpp"
#include "node/storage/merchant_store.hpp"

namespace flash::node {

class SqliteMerchantStore final : public MerchantStore {
public:
    /// Works on `db`, which must outlive this object and be configured and migrated (open_sqlite_store()).
    explicit SqliteMerchantStore(store::Database& db) noexcept : db_(db) {}

    void save_merchant(const MerchantRecord& merchant) override;
    std::optional<MerchantRecord> merchant(const std::string& id) override;
    std::optional<MerchantRecord> find_merchant(const std::string& user, const std::string& server_url,
                                                const std::string& store_id) override;
    std::vector<MerchantRecord> merchants_of(const std::string& user) override;
    void add_invoice(const MerchantInvoice& invoice) override;
    std::optional<MerchantInvoice> invoice(const std::string& merchant_id, const std::string& invoice_id) override;
    std::vector<MerchantInvoice> invoices_of(const std::string& user, const std::optional<std::string>& merchant_id,
                                             std::size_t limit) override;
    DeliveryOutcome record_delivery(const WebhookDeliveryRecord& delivery,
                                    const std::optional<InvoiceStatusChange>& change, std::int64_t now_s) override;
    std::vector<WebhookDeliveryRecord> deliveries_of(const std::string& merchant_id,
                                                     const std::string& invoice_id) override;

private:
    /// Inside record_delivery()'s transaction: the invoice takes `change` if it is newer.
    bool apply(const WebhookDeliveryRecord& delivery, const InvoiceStatusChange& change, std::int64_t now_s);

    store::Database& db_;
};

}  // namespace flash::node
