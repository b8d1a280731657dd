// LiquidityWatch: the node's liquidity on a timer. Every refresh interval it reads the channels,
// logs alerts as they appear and clear (so an operator sees them without scraping /metrics), and,
// when lightning.liquidity.auto_rebalance is on, carries out the first planned rebalance.
//
// Runs on the server's I/O thread, like every Lightning backend call.
#pragma once
#include <memory>
#include <set>
#include <string>

#include "node/lightning/liquidity.hpp"
#include "node/server/asio.hpp"

namespace flash::node::lightning {

class LiquidityWatch {
public:
    /// `liquidity` must outlive the watch.
    explicit LiquidityWatch(Liquidity& liquidity) : liquidity_(liquidity) {}

    /// One round: read, log alert changes, rebalance when configured. Never throws.
    void round();
    /// Runs round() now and every refresh interval on `io` until stop().
    void start(asio::io_context& io);
    void stop();

private:
    void schedule();

    Liquidity& liquidity_;
    std::set<std::string> alerts_;  ///< the messages of the alerts raised last round
    std::unique_ptr<asio::steady_timer> timer_;
    bool stopped_ = false;
};

}  // namespace flash::node::lightning
