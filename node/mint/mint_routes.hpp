// The mint's HTTP API at the standard NUT paths under the node's origin (the mint URL is the
// origin): GET /v1/info, /v1/keys, /v1/keys/{id}, /v1/keysets, /v1/mint/quote/bolt11/{id},
// /v1/melt/quote/bolt11/{id}; POST /v1/swap, /v1/mint/quote/bolt11, /v1/mint/bolt11,
// /v1/melt/quote/bolt11, /v1/melt/bolt11, /v1/checkstate, /v1/restore.
//
// A refused or malformed request gets HTTP 400 with the Cashu error body {"detail", "code"}; an
// unknown /v1 path 404 and a wrong method 405 (same body); a Lightning backend or database that
// fails gets 503, never 500. An answer is written only once what it reports is committed (see
// group_commit.hpp).
#pragma once
#include "node/mint/group_commit.hpp"
#include "node/mint/mint.hpp"
#include "node/server/http.hpp"
#include "node/server/metrics.hpp"

namespace flash::node::mint {

class MintRoutes final : public HttpService {
public:
    /// `mint`, `committer` and `metrics` must outlive the routes.
    MintRoutes(Mint& mint, GroupCommitter& committer, Metrics& metrics);

    std::optional<Response> handle(const Request& request, const ClientInfo& client) override;
    asio::awaitable<Response> settle(const Request& request, Response response) override;

private:
    Response dispatch(const Request& request, std::string_view path);

    Mint& mint_;
    GroupCommitter& committer_;
    Counter& requests_;
    Counter& refused_;
};

}  // namespace flash::node::mint
