// The contract between the server and a WebSocket service (the relay): the server owns sockets,
// frames, limits and timeouts; the service sees text messages of one connection and answers
// through its peer. Everything runs on the server's I/O thread.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "node/server/http.hpp"

namespace flash::node {

/// The server's side of one WebSocket connection.
class WebSocketPeer {
public:
    virtual ~WebSocketPeer() = default;
    /// Queues a text frame. Frames go out in order; when the peer reads too slowly (more than
    /// ServerLimits::max_ws_queue_bytes queued) the connection is closed instead.
    virtual void send(std::string text) = 0;
    /// Sends what is queued, then a close frame with `reason` (code 1000, or 1001 when the node stops).
    virtual void close(std::string_view reason) = 0;
    virtual const ClientInfo& client() const = 0;
};

/// The service's side of one connection.
class WebSocketHandler {
public:
    virtual ~WebSocketHandler() = default;
    /// One complete text message (at most max_ws_message_bytes; larger ones end the connection
    /// with close code 1009 before reaching here).
    virtual void on_text(std::string_view message) = 0;
    /// The connection is gone (either side closed it, or it failed). Called once.
    virtual void on_close() = 0;
};

class WebSocketService {
public:
    virtual ~WebSocketService() = default;
    /// Whether this service takes the upgrade request (e.g. its path).
    virtual bool accepts(const Request& upgrade) const = 0;
    /// A handler for a new connection; `peer` stays valid until on_close().
    virtual std::shared_ptr<WebSocketHandler> open(std::shared_ptr<WebSocketPeer> peer) = 0;
};

}  // namespace flash::node
