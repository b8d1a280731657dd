// JSON shapes of the Lightning account records in /api/v1 answers.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>

#include "node/storage/ledger_store.hpp"

namespace flash::node::api {

/// "open", "settled" or "expired" at `now_s`.
const char* invoice_state(const LedgerInvoice& invoice, std::int64_t now_s);
nlohmann::json invoice_json(const LedgerInvoice& invoice, std::int64_t now_s);
const char* payment_state(LedgerPaymentState state);
nlohmann::json payment_json(const LedgerPayment& payment);

/// A settled invoice or a payment as an item of GET /api/v1/history: kind "lightning_receive" /
/// "lightning_send", or "reward_received" / "reward_paid" for a ledger transfer (the records with
/// no invoice); a receive says whether it was a sale at a point of sale.
nlohmann::json invoice_history_item(const LedgerInvoice& invoice, std::int64_t now_s);
nlohmann::json payment_history_item(const LedgerPayment& payment);

}  // namespace flash::node::api
