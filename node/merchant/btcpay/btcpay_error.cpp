#include "node/merchant/btcpay/btcpay_error.hpp"

namespace flash::node::merchant::btcpay {

std::string_view btcpay_errc_name(BtcpayErrc code) noexcept {
    switch (code) {
        case BtcpayErrc::unreachable: return "unreachable";
        case BtcpayErrc::unauthorized: return "unauthorized";
        case BtcpayErrc::forbidden: return "forbidden";
        case BtcpayErrc::not_found: return "not_found";
        case BtcpayErrc::validation: return "validation";
        case BtcpayErrc::refused: return "refused";
        case BtcpayErrc::server_error: return "server_error";
        case BtcpayErrc::malformed: return "malformed";
    }
    return "unknown";
}

}  // namespace flash::node::merchant::btcpay
