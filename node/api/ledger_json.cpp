#include "node/api/ledger_json.hpp"

#include "core/codec/hex.hpp"

namespace flash::node::api {

const char* invoice_state(const LedgerInvoice& invoice, std::int64_t now_s) {
    if (invoice.settled_at) return "settled";
    return invoice.expires_at < now_s ? "expired" : "open";
}

nlohmann::json invoice_json(const LedgerInvoice& invoice, std::int64_t now_s) {
    nlohmann::json out = {{"payment_hash", codec::hex_encode(invoice.payment_hash)},
                          {"bolt11", invoice.bolt11},
                          {"amount_msat", invoice.amount_msat},
                          {"amount_sat", invoice.amount_msat / 1000},
                          {"description", invoice.description},
                          {"created_at", invoice.created_at},
                          {"expires_at", invoice.expires_at},
                          {"state", invoice_state(invoice, now_s)},
                          {"internal", invoice.internal},
                          {"sale", invoice.sale}};
    if (invoice.settled_at) out["settled_at"] = *invoice.settled_at;
    return out;
}

const char* payment_state(LedgerPaymentState state) {
    switch (state) {
        case LedgerPaymentState::pending: return "pending";
        case LedgerPaymentState::succeeded: return "succeeded";
        case LedgerPaymentState::failed: return "failed";
    }
    return "failed";
}

nlohmann::json payment_json(const LedgerPayment& payment) {
    nlohmann::json out = {{"payment_hash", codec::hex_encode(payment.payment_hash)},
                          {"bolt11", payment.bolt11},
                          {"amount_msat", payment.amount_msat},
                          {"amount_sat", payment.amount_msat / 1000},
                          {"description", payment.description},
                          {"fee_msat", payment.fee_msat},
                          {"fee_reserve_msat", payment.fee_reserve_msat},
                          {"state", payment_state(payment.state)},
                          {"internal", payment.internal},
                          {"created_at", payment.created_at}};
    if (payment.preimage) out["preimage"] = codec::hex_encode(*payment.preimage);
    if (payment.state == LedgerPaymentState::failed) out["failure_reason"] = payment.failure_reason;
    if (payment.finished_at) out["finished_at"] = *payment.finished_at;
    return out;
}

nlohmann::json invoice_history_item(const LedgerInvoice& invoice, std::int64_t now_s) {
    return {{"kind", invoice.bolt11.empty() ? "reward_received" : "lightning_receive"},
            {"amount_sat", invoice.amount_msat / 1000},
            {"description", invoice.description},  // the memo, or a payer's LNURL comment
            {"fee_sat", 0},
            {"state", invoice_state(invoice, now_s)},
            {"at", invoice.settled_at.value_or(invoice.created_at)},
            {"sale", invoice.sale},
            {"ref", codec::hex_encode(invoice.payment_hash)}};
}

nlohmann::json payment_history_item(const LedgerPayment& payment) {
    return {{"kind", payment.bolt11.empty() ? "reward_paid" : "lightning_send"},
            {"amount_sat", payment.amount_msat / 1000},
            {"description", payment.description},
            {"fee_sat", (payment.fee_msat + 999) / 1000},
            {"state", payment_state(payment.state)},
            {"at", payment.created_at},
            {"ref", codec::hex_encode(payment.payment_hash)}};
}

}  // namespace flash::node::api
