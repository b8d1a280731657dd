#include "node/merchant/btcpay/invoice_status.hpp"

namespace flash::node::merchant::btcpay {

std::string_view invoice_status_name(InvoiceStatus status) noexcept {
    switch (status) {
        case InvoiceStatus::fresh: return "New";
        case InvoiceStatus::processing: return "Processing";
        case InvoiceStatus::expired: return "Expired";
        case InvoiceStatus::invalid: return "Invalid";
        case InvoiceStatus::settled: return "Settled";
    }
    return "New";
}

std::optional<InvoiceStatus> invoice_status_from_name(std::string_view name) noexcept {
    for (const InvoiceStatus status : {InvoiceStatus::fresh, InvoiceStatus::processing, InvoiceStatus::expired,
                                       InvoiceStatus::invalid, InvoiceStatus::settled}) {
        if (invoice_status_name(status) == name) return status;
    }
    return std::nullopt;
}

int invoice_status_rank(InvoiceStatus status) noexcept {
    switch (status) {
        case InvoiceStatus::fresh: return 0;
        case InvoiceStatus::expired: return 1;
        case InvoiceStatus::processing: return 2;
        case InvoiceStatus::invalid:
        case InvoiceStatus::settled: return 3;
    }
    return 0;
}

}  // namespace flash::node::merchant::btcpay
