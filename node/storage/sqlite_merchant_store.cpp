#include "node/storage/sqlite_merchant_store.hpp"

#include "core/error.hpp"
#include "node/storage/sqlite_rows.hpp"

namespace flash::node {
namespace {

using merchant::btcpay::InvoiceStatus;
using namespace sqlite_rows;

// Column orders read by merchant_from / invoice_from / delivery_from.
constexpr const char* merchant_columns =
    "id, user_id, server_url, store_id, api_key_sealed, webhook_secret_sealed, registered_at";
constexpr const char* invoice_columns =
    "i.merchant_id, i.invoice_id, i.amount, i.currency, i.order_id, i.checkout_link, i.status, i.status_at, "
    "i.created_at, i.expires_at, i.updated_at";
constexpr const char* delivery_columns =
    "merchant_id, delivery_id, event_id, webhook_id, type, invoice_id, timestamp, received_at";

InvoiceStatus status_from(std::string_view name) {
    const std::optional<InvoiceStatus> status = merchant::btcpay::invoice_status_from_name(name);
    if (!status) throw Error(Errc::storage, "a stored invoice has an unknown status");
    return *status;
}

MerchantRecord merchant_from(const Statement& s) {
    MerchantRecord m;
    m.id = std::string(s.column_text(0));
    m.user = std::string(s.column_text(1));
    m.server_url = std::string(s.column_text(2));
    m.store_id = std::string(s.column_text(3));
    m.api_key_sealed = blob(s.column_blob(4));
    m.webhook_secret_sealed = blob(s.column_blob(5));
    m.registered_at = s.column_int64(6);
    return m;
}

MerchantInvoice invoice_from(const Statement& s) {
    MerchantInvoice i;
    i.merchant_id = std::string(s.column_text(0));
    i.invoice_id = std::string(s.column_text(1));
    i.amount = std::string(s.column_text(2));
    i.currency = std::string(s.column_text(3));
    i.order_id = std::string(s.column_text(4));
    i.checkout_link = std::string(s.column_text(5));
    i.status = status_from(s.column_text(6));
    i.status_at = s.column_int64(7);
    i.created_at = s.column_int64(8);
    i.expires_at = s.column_int64(9);
    i.updated_at = s.column_int64(10);
    return i;
}

WebhookDeliveryRecord delivery_from(const Statement& s) {
    WebhookDeliveryRecord d;
    d.merchant_id = std::string(s.column_text(0));
    d.delivery_id = std::string(s.column_text(1));
    d.event_id = std::string(s.column_text(2));
    d.webhook_id = std::string(s.column_text(3));
    d.type = std::string(s.column_text(4));
    d.invoice_id = std::string(s.column_text(5));
    d.timestamp = s.column_int64(6);
    d.received_at = s.column_int64(7);
    return d;
}

}  // namespace

void SqliteMerchantStore::save_merchant(const MerchantRecord& merchant) {
    Statement& s = db_.cached(
        "INSERT INTO btcpay_merchants (id, user_id, server_url, store_id, api_key_sealed, webhook_secret_sealed, "
        "registered_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
        "api_key_sealed = excluded.api_key_sealed, webhook_secret_sealed = excluded.webhook_secret_sealed, "
        "registered_at = excluded.registered_at");
    ScopedReset reset(s);
    s.bind(1, merchant.id)
        .bind(2, merchant.user)
        .bind(3, merchant.server_url)
        .bind(4, merchant.store_id)
        .bind(5, merchant.api_key_sealed)
        .bind(6, merchant.webhook_secret_sealed)
        .bind(7, merchant.registered_at);
    s.step();
}

std::optional<MerchantRecord> SqliteMerchantStore::merchant(const std::string& id) {
    Statement& s = db_.cached(select_sql(merchant_columns, "FROM btcpay_merchants WHERE id = ?"));
    s.bind(1, id);
    return first(s, merchant_from);
}

std::optional<MerchantRecord> SqliteMerchantStore::find_merchant(const std::string& user, const std::string& server_url,
                                                                 const std::string& store_id) {
    Statement& s = db_.cached(
        select_sql(merchant_columns, "FROM btcpay_merchants WHERE user_id = ? AND server_url = ? AND store_id = ?"));
    s.bind(1, user).bind(2, server_url).bind(3, store_id);
    return first(s, merchant_from);
}

std::vector<MerchantRecord> SqliteMerchantStore::merchants_of(const std::string& user) {
    Statement& s =
        db_.cached(select_sql(merchant_columns, "FROM btcpay_merchants WHERE user_id = ? ORDER BY registered_at, id"));
    s.bind(1, user);
    return collect(s, merchant_from);
}

void SqliteMerchantStore::add_invoice(const MerchantInvoice& invoice) {
    Statement& s = db_.cached(
        "INSERT INTO btcpay_invoices (merchant_id, invoice_id, amount, currency, order_id, checkout_link, status, "
        "status_at, created_at, expires_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ScopedReset reset(s);
    s.bind(1, invoice.merchant_id)
        .bind(2, invoice.invoice_id)
        .bind(3, invoice.amount)
        .bind(4, invoice.currency)
        .bind(5, invoice.order_id)
        .bind(6, invoice.checkout_link)
        .bind(7, merchant::btcpay::invoice_status_name(invoice.status))
        .bind(8, invoice.status_at)
        .bind(9, invoice.created_at)
        .bind(10, invoice.expires_at)
        .bind(11, invoice.updated_at);
    s.step();
}

std::optional<MerchantInvoice> SqliteMerchantStore::invoice(const std::string& merchant_id,
                                                            const std::string& invoice_id) {
    Statement& s =
        db_.cached(select_sql(invoice_columns, "FROM btcpay_invoices i WHERE i.merchant_id = ? AND i.invoice_id = ?"));
    s.bind(1, merchant_id).bind(2, invoice_id);
    return first(s, invoice_from);
}

std::vector<MerchantInvoice> SqliteMerchantStore::invoices_of(const std::string& user,
                                                              const std::optional<std::string>& merchant_id,
                                                              std::size_t limit) {
    Statement& s = db_.cached(select_sql(invoice_columns,
                                     "FROM btcpay_invoices i JOIN btcpay_merchants m ON m.id = i.merchant_id "
                                     "WHERE m.user_id = ?1 AND (?2 IS NULL OR i.merchant_id = ?2) "
                                     "ORDER BY i.created_at DESC, i.invoice_id LIMIT ?3"));
    s.bind(1, user).bind(3, static_cast<std::int64_t>(limit));
    if (merchant_id) s.bind(2, *merchant_id); else s.bind(2, std::nullopt);
    return collect(s, invoice_from);
}

bool SqliteMerchantStore::apply(const WebhookDeliveryRecord& delivery, const InvoiceStatusChange& change,
                                std::int64_t now_s) {
    const std::optional<MerchantInvoice> current = invoice(delivery.merchant_id, delivery.invoice_id);
    if (!current) return false;  // an invoice not created through the node: nothing to update
    // Deliveries may come out of order (a redelivery of an old event): only a newer event moves
    // the status, and within one second only forward.
    const bool newer = change.at > current->status_at ||
                       (change.at == current->status_at && merchant::btcpay::invoice_status_rank(change.status) >
                                                               merchant::btcpay::invoice_status_rank(current->status));
    if (!newer || change.status == current->status) return false;
    Statement& s = db_.cached(
        "UPDATE btcpay_invoices SET status = ?, status_at = ?, updated_at = ? WHERE merchant_id = ? AND invoice_id = ?");
    ScopedReset reset(s);
    s.bind(1, merchant::btcpay::invoice_status_name(change.status))
        .bind(2, change.at)
        .bind(3, now_s)
        .bind(4, delivery.merchant_id)
        .bind(5, delivery.invoice_id);
    s.step();
    return db_.changes() == 1;
}

DeliveryOutcome SqliteMerchantStore::record_delivery(const WebhookDeliveryRecord& delivery,
                                                     const std::optional<InvoiceStatusChange>& change,
                                                     std::int64_t now_s) {
    Transaction tx(db_);
    {
        Statement& seen = db_.cached(
            "SELECT 1 FROM btcpay_deliveries WHERE merchant_id = ? AND (delivery_id = ? OR event_id = ?) LIMIT 1");
        ScopedReset reset(seen);
        seen.bind(1, delivery.merchant_id).bind(2, delivery.delivery_id).bind(3, delivery.event_id);
        if (seen.step()) return {.duplicate = true};
    }
    Statement& s = db_.cached(
        "INSERT INTO btcpay_deliveries (merchant_id, delivery_id, event_id, webhook_id, type, invoice_id, timestamp, "
        "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    {
        ScopedReset reset(s);
        s.bind(1, delivery.merchant_id)
            .bind(2, delivery.delivery_id)
            .bind(3, delivery.event_id)
            .bind(4, delivery.webhook_id)
            .bind(5, delivery.type)
            .bind(6, delivery.invoice_id)
            .bind(7, delivery.timestamp)
            .bind(8, delivery.received_at);
        s.step();
    }
    const bool changed = change && !delivery.invoice_id.empty() && apply(delivery, *change, now_s);
    tx.commit();
    return {.duplicate = false, .invoice_changed = changed};
}

std::vector<WebhookDeliveryRecord> SqliteMerchantStore::deliveries_of(const std::string& merchant_id,
                                                                      const std::string& invoice_id) {
    Statement& s = db_.cached(
        select_sql(delivery_columns, "FROM btcpay_deliveries WHERE merchant_id = ? AND invoice_id = ? ORDER BY id"));
    s.bind(1, merchant_id).bind(2, invoice_id);
    return collect(s, delivery_from);
}

}  // namespace flash::node
