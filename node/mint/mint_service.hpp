// The mint as flash-node runs it: its store connection, keyring, Lightning backend, HTTP routes
// and NUT-17 WebSocket, plus a timer that settles melts still in flight and tells subscribers
// when a mint quote gets paid.
#pragma once
#include <memory>

#include "node/lightning/lightning_backend.hpp"
#include "node/mint/group_commit.hpp"
#include "node/mint/keyring.hpp"
#include "node/mint/mint.hpp"
#include "node/mint/mint_routes.hpp"
#include "node/mint/mint_websocket.hpp"
#include "node/server/asio.hpp"
#include "node/server/config.hpp"
#include "node/server/metrics.hpp"
#include "node/storage/node_store.hpp"

namespace flash::node::mint {

class MintService {
public:
    /// Opens the mint's state in config.data_dir and reconciles melts a crash left pending.
    /// `lightning` (shared with the node's API) must outlive the service.
    /// Throws Error(bad_config) (seed passphrase) or Error(storage).
    MintService(const Config& config, asio::io_context& io, Metrics& metrics, lightning::LightningBackend& lightning);

    HttpService& routes() noexcept { return routes_; }
    WebSocketService& websocket() noexcept { return websocket_; }
    const Mint& mint() const noexcept { return mint_; }

    /// Starts the periodic work; stop() cancels it (graceful shutdown).
    void start();
    void stop();

private:
    void tick();

    std::unique_ptr<NodeStore> store_;
    Keyring keyring_;
    Mint mint_;
    GroupCommitter committer_;
    MintRoutes routes_;
    MintWebSocket websocket_;
    asio::steady_timer timer_;
    bool stopped_ = false;
};

}  // namespace flash::node::mint
