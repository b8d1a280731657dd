// The whole node: every service wired onto one server, run until a signal stops it.
#pragma once
#include "node/server/config.hpp"

namespace flash::node {

/// Runs flash-node with `config` until SIGINT or SIGTERM, then shuts down gracefully: no new
/// connections, in-flight requests and events finish (every accepted EVENT still gets its OK),
/// WebSockets close with code 1001. Returns the process exit code. Throws Error(bad_config) or
/// Error(storage) when it cannot start.
int run_node(const Config& config);

}  // namespace flash::node
