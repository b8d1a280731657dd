// NUT-17 at /v1/ws: wallets subscribe to mint quotes, melt quotes and proof states; each
// subscription first gets the current state of everything it names, then every change the mint
// reports (Mint::on_change). Mint quotes are paid outside the mint (Lightning), so poll() asks
// after the unpaid ones that someone watches.
#pragma once
#include <map>
#include <memory>
#include <set>
#include <string>

#include "core/cashu/nut17.hpp"
#include "node/mint/mint.hpp"
#include "node/server/metrics.hpp"
#include "node/server/websocket_service.hpp"

namespace flash::node::mint {

class MintWebSocket final : public WebSocketService {
public:
    /// Subscriptions per connection, and filters per subscription.
    static constexpr std::size_t max_subscriptions = 100;
    static constexpr std::size_t max_filters = 100;

    /// Takes the mint's change listener. `mint` and `metrics` must outlive the service.
    MintWebSocket(Mint& mint, Metrics& metrics);

    bool accepts(const Request& upgrade) const override;
    std::shared_ptr<WebSocketHandler> open(std::shared_ptr<WebSocketPeer> peer) override;

    /// Checks the watched unpaid mint quotes (notifying through the mint when one got paid).
    void poll();

    class Connection;

private:
    friend class Connection;
    /// Who watches what: (kind, filter) -> connection -> its subscription ids.
    using Key = std::pair<cashu::SubscriptionKind, std::string>;

    void dispatch(const MintChange& change);
    void publish(const Key& key, const nlohmann::ordered_json& payload);
    void watch(Connection* connection, const Key& key, const std::string& sub_id);
    void unwatch(Connection* connection, const Key& key, const std::string& sub_id);

    Mint& mint_;
    Gauge& subscriptions_;
    std::map<Key, std::map<Connection*, std::set<std::string>>> watchers_;
};

}  // namespace flash::node::mint
