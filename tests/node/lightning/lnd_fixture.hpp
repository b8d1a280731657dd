// An LndBackend against the loopback LND of tests/support/lnd_rest_server.hpp.
#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "node/eventually.hpp"
#include "node/lightning/lnd_backend.hpp"
#include "support/lnd_rest_server.hpp"

namespace flash::test {

struct LndFixture {
    LndRestServer server;

    /// Options for the server, pinning its certificate; quick reconnects and a 2 s timeout.
    node::lightning::LndOptions options() const {
        node::lightning::LndOptions o;
        o.connection.rest_url = server.url();
        o.connection.macaroon_file = server.macaroon_file();
        o.connection.tls_cert_file = server.cert_file();
        o.connection.timeout = std::chrono::milliseconds(2000);
        o.backoff = {std::chrono::milliseconds(20), std::chrono::milliseconds(200)};
        return o;
    }

    std::unique_ptr<node::lightning::LndBackend> open() const { return open(options()); }
    static std::unique_ptr<node::lightning::LndBackend> open(const node::lightning::LndOptions& o) {
        return std::make_unique<node::lightning::LndBackend>(o);
    }
};

}  // namespace flash::test
