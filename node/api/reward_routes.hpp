// /api/v1/merchant/rewards/...: a merchant's reward rule for card payments and the ledger of the
// rewards given; /api/v1/rewards/ecash: a holder's eCash rewards to mint (contract in README.md).
// NIP-98 authenticated, answered on the I/O thread.
#pragma once
#include <string>
#include <string_view>

#include "node/merchant/rewards/rewards.hpp"
#include "node/server/http.hpp"

namespace flash::node::api {

class RewardRoutes {
public:
    /// `rewards` must outlive the routes.
    explicit RewardRoutes(merchant::rewards::Rewards& rewards) : rewards_(rewards) {}

    static bool serves(std::string_view path);

    /// The answer to `request` for `user` (the merchant, or the holder), errors included.
    Response handle(const Request& request, std::string_view path, const std::string& user);

private:
    Response dispatch(const Request& request, std::string_view path, const std::string& user);

    merchant::rewards::Rewards& rewards_;
};

}  // namespace flash::node::api
