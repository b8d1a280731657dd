// BtcpayError: a call to a BTCPay Server's Greenfield API that did not give the documented answer.
//
// Greenfield refuses a request with an HTTP status and, in the body, either {"code", "message"}
// (e.g. 403 "missing-permission", 400 "overdraft") or, when fields fail validation (422), an
// array [{"path", "message"}]. Some refusals have no body at all (a 401 for an unknown key).
// Each becomes a BtcpayError whose code() says what kind of failure it is.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flash::node::merchant::btcpay {

enum class BtcpayErrc {
    unreachable,   ///< no HTTP answer: DNS, connect, TLS, timeout, or bytes that are not HTTP
    unauthorized,  ///< 401: the API key is missing, unknown or revoked
    forbidden,     ///< 403: the key lacks the permission (api_code() "missing-permission") or the store
    not_found,     ///< 404: no such store, invoice or pull payment
    validation,    ///< 422 (or 400) with [{"path", "message"}]: fields() names what was refused
    refused,       ///< another 4xx, e.g. 400 "overdraft"; api_code() has Greenfield's code when sent
    server_error,  ///< 5xx
    malformed,     ///< a 2xx answer that is not the JSON the API documents
};

/// "unreachable", "unauthorized", ... (for logs and the node API's error codes).
std::string_view btcpay_errc_name(BtcpayErrc code) noexcept;

/// One entry of a validation refusal.
struct BtcpayFieldError {
    std::string path;     ///< the JSON path of the refused property, e.g. "amount"
    std::string message;
};

class BtcpayError : public std::runtime_error {
public:
    BtcpayError(BtcpayErrc code, const std::string& message, unsigned http_status = 0, std::string api_code = {},
                std::vector<BtcpayFieldError> fields = {})
        : std::runtime_error("BTCPay: " + message),
          code_(code),
          http_status_(http_status),
          api_code_(std::move(api_code)),
          fields_(std::move(fields)) {}

    BtcpayErrc code() const noexcept { return code_; }
    unsigned http_status() const noexcept { return http_status_; }  ///< 0 when there was no answer
    const std::string& api_code() const noexcept { return api_code_; }  ///< Greenfield's "code", or ""
    const std::vector<BtcpayFieldError>& fields() const noexcept { return fields_; }

private:
    BtcpayErrc code_;
    unsigned http_status_;
    std::string api_code_;
    std::vector<BtcpayFieldError> fields_;
};

}  // namespace flash::node::merchant::btcpay
