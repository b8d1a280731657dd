// The status of a BTCPay Server invoice (Greenfield's InvoiceStatus), shared by the Greenfield
// client, the webhook receiver and the merchant records.
#pragma once
#include <optional>
#include <string_view>

namespace flash::node::merchant::btcpay {

enum class InvoiceStatus {
    fresh,       ///< "New": created, nothing paid yet
    processing,  ///< "Processing": paid in full, waiting for confirmations
    expired,     ///< "Expired": not paid (in full) in time
    invalid,     ///< "Invalid": paid but failed to confirm in time, or marked invalid
    settled,     ///< "Settled": paid and confirmed (or marked settled)
};

/// Greenfield's name: "New", "Processing", "Expired", "Invalid", "Settled".
std::string_view invoice_status_name(InvoiceStatus status) noexcept;
/// The status named `name` (exact spelling), or nullopt.
std::optional<InvoiceStatus> invoice_status_from_name(std::string_view name) noexcept;

/// How far along an invoice is: New 0, Expired 1, Processing 2, Settled and Invalid 3. Two events
/// with the same timestamp are ordered by it (a Lightning payment is Processing and Settled within
/// the same second).
int invoice_status_rank(InvoiceStatus status) noexcept;

}  // namespace flash::node::merchant::btcpay
