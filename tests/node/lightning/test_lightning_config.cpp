// Choosing the Lightning backend: flags, environment and the JSON file's "lightning" object, and
// the factory that builds what they name.
#include <catch2/catch.hpp>

#include "lnd_fixture.hpp"
#include "node/lightning/make_backend.hpp"
#include "../server/config_fixture.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::node;

using test::load;

TEST_CASE("lightning config: fake by default, LND when its URL is given", "[config][lightning]") {
    const LightningConfig fake = load({}).config.lightning;
    CHECK(fake.backend == "fake");
    CHECK(fake.fake_settle_ms == 1000);

    const LightningConfig flags = load({"--lnd-rest", "https://127.0.0.1:8080", "--lnd-macaroon", "/lnd/admin.macaroon",
                                        "--lnd-tls-cert", "/lnd/tls.cert"})
                                      .config.lightning;
    CHECK(flags.backend == "lnd");
    CHECK(flags.lnd_rest == "https://127.0.0.1:8080");
    CHECK(flags.lnd_macaroon == "/lnd/admin.macaroon");
    CHECK(flags.lnd_tls_cert == "/lnd/tls.cert");

    const LightningConfig env =
        load({}, {{"FLASH_LND_REST", "https://lnd:8080"}, {"FLASH_LND_MACAROON", "m"}}).config.lightning;
    CHECK(env.backend == "lnd");
    CHECK(env.lnd_tls_cert.empty());
}

TEST_CASE("lightning config: the JSON file's lightning object", "[config][lightning]") {
    test::TempDir dir;
    const LightningConfig lnd = load({"--config", write_config(dir, R"({"lightning": {"backend": "lnd",
        "lnd_rest": "https://[::1]:10080", "lnd_macaroon": "a.macaroon", "lnd_tls_cert": "tls.cert"}})")})
                                    .config.lightning;
    CHECK(lnd.backend == "lnd");
    CHECK(lnd.lnd_rest == "https://[::1]:10080");

    const LightningConfig fake =
        load({"--config", write_config(dir, R"({"lightning": {"backend": "fake", "fake_settle_ms": 0}})")}).config.lightning;
    CHECK(fake.backend == "fake");
    CHECK(fake.fake_settle_ms == 0);

    // The flag overrides the file's URL; the file's backend choice stays.
    const LightningConfig mixed = load({"--config",
                                        write_config(dir, R"({"lightning": {"lnd_rest": "https://a:1", "lnd_macaroon": "m"}})"),
                                        "--lnd-rest", "https://b:2"})
                                      .config.lightning;
    CHECK(mixed.backend == "lnd");
    CHECK(mixed.lnd_rest == "https://b:2");
}

TEST_CASE("lightning config: mistakes are named", "[config][lightning]") {
    test::TempDir dir;
    REQUIRE_THROWS_CODE(load({"--lnd-rest", "https://127.0.0.1:8080"}), Errc::bad_config);  // no macaroon
    REQUIRE_THROWS_CODE(load({"--lnd-rest", "127.0.0.1:8080", "--lnd-macaroon", "m"}), Errc::bad_config);
    REQUIRE_THROWS_CODE(load({"--lnd-rest", "https://127.0.0.1:99999", "--lnd-macaroon", "m"}), Errc::bad_config);
    REQUIRE_THROWS_CODE(load({"--lnd-macaroon"}), Errc::bad_config);
    REQUIRE_THROWS_CODE(load({"--config", write_config(dir, R"({"lightning": {"backend": "cln"}})")}), Errc::bad_config);
    REQUIRE_THROWS_CODE(load({"--config", write_config(dir, R"({"lightning": {"backend": "lnd"}})")}), Errc::bad_config);
    REQUIRE_THROWS_CODE(load({"--config", write_config(dir, R"({"lightning": {"backend": "fake"}})"), "--lnd-rest",
                              "https://a:1", "--lnd-macaroon", "m"}),
                        Errc::bad_config);
    REQUIRE_THROWS_CODE(load({"--config", write_config(dir, R"({"lightning": {"lnd": true}})")}), Errc::bad_config);
    // The backend moved out of the mint's settings.
    REQUIRE_THROWS_CODE(load({"--config", write_config(dir, R"({"mint": {"lightning_backend": "fake"}})")}),
                        Errc::bad_config);
}

TEST_CASE("lightning config: make_backend builds what the configuration names", "[config][lightning]") {
    test::TempDir dir;
    LightningConfig config;
    config.fake_settle_ms = 0;
    CHECK(node::lightning::make_backend(config, dir.str())->name() == "fake");

    test::LndFixture f;
    config = load({"--lnd-rest", f.server.url(), "--lnd-macaroon", f.server.macaroon_file(), "--lnd-tls-cert",
                   f.server.cert_file()})
                 .config.lightning;
    const auto lnd = node::lightning::make_backend(config, dir.str());
    CHECK(lnd->name() == "lnd");
    CHECK(lnd->wallet_balance().confirmed_sat == 100'000);

    config.lnd_macaroon = dir.file("missing");
    REQUIRE_THROWS_CODE(node::lightning::make_backend(config, dir.str()), Errc::bad_config);
}
