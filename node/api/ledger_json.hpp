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

}  // namespace flash::node::api
