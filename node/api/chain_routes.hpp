// The /api/v1 routes that need the chain: on-chain accounts, deposit addresses, deposits and
// withdrawals, the balance and history (which sum both sides), and the fake chain's controls.
// Run on ApiRoutes' worker thread (never the I/O thread): chain backend calls may block.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "node/bitcoin/chain_service.hpp"
#include "node/server/http.hpp"
#include "node/storage/node_store.hpp"

namespace flash::node::api {

class ChainRoutes {
public:
    /// `chain` must outlive the routes; `ledger` is a connection of the worker's own for reading
    /// the Lightning accounts. `now_s` is the clock.
    ChainRoutes(bitcoin::ChainService& chain, std::unique_ptr<NodeStore> ledger, std::function<std::int64_t()> now_s);

    /// Whether `path` is one of these routes.
    static bool serves(std::string_view path);

    /// The answer for an authenticated `user` (errors included, as exception_response() makes them).
    Response handle(const Request& request, std::string_view path, const std::string& user);

private:
    Response dispatch(const Request& request, std::string_view path, const std::string& user);
    Response onchain(const Request& request, std::string_view route, const std::string& user);
    Response fake_chain(const Request& request, std::string_view action);

    bitcoin::ChainService& chain_;
    std::unique_ptr<NodeStore> ledger_;
    std::function<std::int64_t()> now_s_;
};

}  // namespace flash::node::api
