#include "node/lightning/make_backend.hpp"

#include "core/error.hpp"
#include "node/lightning/fake_backend.hpp"
#include "node/lightning/lnd_backend.hpp"
#include "node/server/key_file.hpp"
#include "node/server/log.hpp"

namespace flash::node::lightning {

std::unique_ptr<LightningBackend> make_backend(const LightningConfig& config, const std::string& data_dir) {
    if (config.backend == "lnd") {
        LndOptions options;
        options.connection.rest_url = config.lnd_rest;
        options.connection.macaroon_file = config.lnd_macaroon;
        if (!config.lnd_tls_cert.empty()) options.connection.tls_cert_file = config.lnd_tls_cert;
        auto backend = std::make_unique<LndBackend>(options);
        log::info("Lightning backend is LND",
                  {{"backend", "lnd"},
                   {"rest", config.lnd_rest},
                   {"tls", config.lnd_tls_cert.empty() ? "system CA store" : "pinned " + config.lnd_tls_cert}});
        return backend;
    }
    if (config.backend != "fake") throw Error(Errc::bad_config, "unknown Lightning backend " + config.backend);
    log::warn("Lightning backend is FAKE: invoices are never paid by real money",
              {{"backend", "fake"}, {"settle_after_ms", config.fake_settle_ms}});
    return std::make_unique<FakeLightningBackend>(data_dir, load_or_create_key_file(data_dir, "fake-lightning.key"),
                                                  std::chrono::milliseconds(config.fake_settle_ms));
}

}  // namespace flash::node::lightning
