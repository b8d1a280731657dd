// The whole node: every service wired onto one server, run until a signal stops it.
#pragma once
#include <cstdint>
#include <functional>

#include "node/server/config.hpp"

namespace flash::node {

/// Runs flash-node with `config` until SIGINT or SIGTERM, then shuts down gracefully: no new
/// connections, in-flight requests and events finish (every accepted EVENT still gets its OK),
/// WebSockets close with code 1001; connections still open after config.limits.shutdown_grace
/// are cut. `on_listening`, when given, is called with the bound port once the node listens and
/// the signals are caught (before it serves). Returns the process exit code. Throws
/// Error(bad_config) or Error(storage) when it cannot start.
int run_node(const Config& config, const std::function<void(std::uint16_t port)>& on_listening = {});

}  // namespace flash::node
