// ChainServiceError: what ChainService refuses for reasons of state rather than of malformed
// input (flash::Error) or of the backend (ChainError). Each code names the HTTP answer it stands for.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>

namespace flash::node::bitcoin {

enum class ChainServiceErrc {
    no_account,      ///< the user has registered no account key (404 "no account")
    account_exists,  ///< the user registered another key, or the same key with another origin (409)
    key_taken,       ///< another user registered this key (409)
    not_found,       ///< the user has no withdrawal with this id (404; also when another user has it)
    expired,         ///< the withdrawal expired before it was submitted: build a new one (409)
    busy,            ///< the same withdrawal is being submitted right now, or its coins changed
                     ///< while it was built (409: try again)
};

/// "no_account", "account_exists", ... (for logs and API error bodies).
std::string_view chain_service_errc_name(ChainServiceErrc code) noexcept;

class ChainServiceError : public std::runtime_error {
public:
    ChainServiceError(ChainServiceErrc code, const std::string& detail)
        : std::runtime_error(std::string(chain_service_errc_name(code)) + ": " + detail), code_(code) {}
    ChainServiceErrc code() const noexcept { return code_; }

private:
    ChainServiceErrc code_;
};

}  // namespace flash::node::bitcoin
