// The node's own endpoints: GET /healthz (liveness, for load balancers and tools/run) and
// GET /metrics (Prometheus text format).
#pragma once
#include "node/server/http.hpp"
#include "node/server/metrics.hpp"

namespace flash::node {

class NodeRoutes : public HttpService {
public:
    explicit NodeRoutes(const Metrics& metrics) : metrics_(metrics) {}
    std::optional<Response> handle(const Request& request, const ClientInfo& client) override;

private:
    const Metrics& metrics_;
};

}  // namespace flash::node
