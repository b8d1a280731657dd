// The node API's error answers: HTTP 4xx/503 with {"error": "what happened", "code": "snake_case"}.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>

#include "node/server/http.hpp"

namespace flash::node::api {

/// A refused request, answered with `status` and the body above.
class ApiError : public std::runtime_error {
public:
    ApiError(http::status status, std::string code, const std::string& message)
        : std::runtime_error(message), status_(status), code_(std::move(code)) {}
    http::status status() const noexcept { return status_; }
    const std::string& code() const noexcept { return code_; }

private:
    http::status status_;
    std::string code_;
};

Response api_error_response(const Request& request, http::status status, std::string_view code,
                            std::string_view message);

/// The answer for an exception thrown while serving `request`: ApiError as it says, AuthError
/// 401, flash::Error 400 with its code name, backend failures (LightningError, ChainError) 503,
/// anything else 500 (logged).
Response exception_response(const Request& request, const std::exception& error);

}  // namespace flash::node::api
