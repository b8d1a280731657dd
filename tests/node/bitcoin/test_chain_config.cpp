// The chain's configuration: the JSON "chain" object, the flags and variables, what each backend
// requires, and the network. The node holds no account key: users register their own.
#include <catch2/catch.hpp>
#include <fstream>

#include "node/bitcoin/chain_network.hpp"
#include "../server/config_fixture.hpp"
#include "support/errors.hpp"
#include "support/temp_dir.hpp"

using namespace flash;
using namespace flash::node;
using namespace flash::node::bitcoin;

using test::load;

TEST_CASE("chain config: the fake by default, one confirmation", "[config][chain]") {
    const ChainConfig c = load({}).config.chain;
    CHECK(c.backend == "fake");
    CHECK(c.required_confirmations() == 1);
    CHECK(c.gap_limit == 20);
    CHECK(chain_network(c) == keys::Network::regtest);
}

TEST_CASE("chain config: electrum from flags, with TLS and a pinned certificate", "[config][chain]") {
    const ChainConfig c =
        load({"--electrum", "electrum.example:50002", "--electrum-tls", "--electrum-tls-cert", "/x.pem"}).config.chain;
    CHECK(c.backend == "electrum");
    CHECK(c.electrum == "electrum.example:50002");
    CHECK(c.electrum_tls);
    CHECK(c.electrum_tls_cert == "/x.pem");
    CHECK(c.required_confirmations() == 3);
    CHECK(chain_network(c) == keys::Network::mainnet);  // a real backend without chain.network

    const ChainConfig env = load({}, {{"FLASH_ELECTRUM", "h:1"}, {"FLASH_ELECTRUM_TLS", "1"}}).config.chain;
    CHECK(env.electrum_tls);
    REQUIRE_THROWS_CODE(load({}, {{"FLASH_ELECTRUM_TLS", "yes please"}}), Errc::bad_config);
}

TEST_CASE("chain config: the JSON chain object", "[config][chain]") {
    test::TempDir dir;
    const std::string path = dir.file("flash.json");
    std::ofstream(path) << R"({"chain": {"backend": "bitcoind", "bitcoind_url": "http://127.0.0.1:18443",
        "bitcoind_cookie": "/btc/.cookie", "network": "signet", "confirmations": 6, "gap_limit": 50,
        "timeout_s": 5}})";
    const ChainConfig c = load({"--config", path}).config.chain;
    CHECK(c.backend == "bitcoind");
    CHECK(c.bitcoind_cookie == "/btc/.cookie");
    CHECK(c.required_confirmations() == 6);
    CHECK(c.gap_limit == 50);
    CHECK(c.timeout_s == 5);
    CHECK(chain_network(c) == keys::Network::signet);

    std::ofstream(dir.file("typo.json")) << R"({"chain": {"backend": "fake", "confirmation": 2}})";
    REQUIRE_THROWS_CODE(load({"--config", dir.file("typo.json")}), Errc::bad_config);
    std::ofstream(dir.file("backend.json")) << R"({"chain": {"backend": "esplora"}})";
    REQUIRE_THROWS_CODE(load({"--config", dir.file("backend.json")}), Errc::bad_config);
    std::ofstream(dir.file("network.json")) << R"({"chain": {"network": "testnet4"}})";
    REQUIRE_THROWS_CODE(load({"--config", dir.file("network.json")}), Errc::bad_config);
}

TEST_CASE("chain config: the operator account key is gone (users register their own)", "[config][chain]") {
    test::TempDir dir;
    std::ofstream(dir.file("key.json")) << R"({"chain": {"account_key": "vpub..."}})";
    REQUIRE_THROWS_CODE(load({"--config", dir.file("key.json")}), Errc::bad_config);
    REQUIRE_THROWS_CODE(load({"--chain-account-key", "vpub..."}), Errc::bad_config);
    // An electrum or bitcoind node needs no key to start.
    CHECK(load({"--electrum", "host:50001"}).config.chain.backend == "electrum");
    CHECK(load({"--bitcoind", "http://127.0.0.1:8332", "--bitcoind-cookie", "/c"}).config.chain.backend == "bitcoind");
}

TEST_CASE("chain config: each real backend names what it is missing", "[config][chain]") {
    REQUIRE_THROWS_CODE(load({"--electrum", "no-port"}), Errc::bad_config);
    REQUIRE_THROWS_CODE(load({"--bitcoind", "http://127.0.0.1:8332"}), Errc::bad_config);  // no credentials
    // A password (from the environment only) needs its user (from the file).
    REQUIRE_THROWS_CODE(load({"--bitcoind", "http://127.0.0.1:8332"}, {{"FLASH_BITCOIND_PASSWORD", "secret"}}),
                        Errc::bad_config);
    test::TempDir dir;
    std::ofstream(dir.file("user.json")) << R"({"chain": {"bitcoind_user": "flash"}})";
    const ChainConfig c = load({"--config", dir.file("user.json"), "--bitcoind", "http://127.0.0.1:8332"},
                               {{"FLASH_BITCOIND_PASSWORD", "secret"}})
                              .config.chain;
    CHECK(c.bitcoind_user == "flash");
    CHECK(c.bitcoind_password == "secret");
}

TEST_CASE("chain network: chain.network, else regtest for the fake and mainnet for real backends", "[config][chain]") {
    ChainConfig c;
    CHECK(chain_network(c) == keys::Network::regtest);
    c.backend = "bitcoind";
    CHECK(chain_network(c) == keys::Network::mainnet);
    c.network = keys::Network::testnet;
    CHECK(chain_network(c) == keys::Network::testnet);
    c.backend = "fake";
    c.network = keys::Network::signet;
    CHECK(chain_network(c) == keys::Network::signet);
    CHECK(network_name(keys::Network::signet) == "signet");
    CHECK(network_name(keys::Network::regtest) == "regtest");
}
