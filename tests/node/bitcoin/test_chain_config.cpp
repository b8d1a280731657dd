// The chain's configuration: the JSON "chain" object, the flags and variables, what each backend
// requires, and the account key and network the deposit addresses come from.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>

#include "node/bitcoin/chain_account.hpp"
#include "node/server/config.hpp"
#include "support/errors.hpp"
#include "support/temp_dir.hpp"
#include "support/vectors.hpp"

using namespace flash;
using namespace flash::node;
using namespace flash::node::bitcoin;

namespace {

ConfigResult load(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {}) {
    return load_config(args, [&](const char* name) -> std::optional<std::string> {
        if (auto it = env.find(name); it != env.end()) return it->second;
        return std::nullopt;
    });
}

std::string bip84_zpub() {
    return test::load_vector_json("bitcoin/bip84-test-vectors.json").at("entries").at(0).at("xpub");
}

}  // namespace

TEST_CASE("chain config: the fake by default, one confirmation", "[config][chain]") {
    const ChainConfig c = load({}).config.chain;
    CHECK(c.backend == "fake");
    CHECK(c.required_confirmations() == 1);
    CHECK(c.gap_limit == 20);
    CHECK(chain_network(c) == keys::Network::regtest);
}

TEST_CASE("chain config: electrum from flags, with TLS and a pinned certificate", "[config][chain]") {
    const std::string zpub = bip84_zpub();
    const ChainConfig c =
        load({"--electrum", "electrum.example:50002", "--electrum-tls", "--electrum-tls-cert", "/x.pem",
              "--chain-account-key", zpub})
            .config.chain;
    CHECK(c.backend == "electrum");
    CHECK(c.electrum == "electrum.example:50002");
    CHECK(c.electrum_tls);
    CHECK(c.electrum_tls_cert == "/x.pem");
    CHECK(c.required_confirmations() == 3);
    CHECK(chain_network(c) == keys::Network::mainnet);

    const ChainConfig env = load({}, {{"FLASH_ELECTRUM", "h:1"}, {"FLASH_ELECTRUM_TLS", "1"}, {"FLASH_CHAIN_ACCOUNT_KEY", zpub}})
                                .config.chain;
    CHECK(env.electrum_tls);
    REQUIRE_THROWS_CODE(load({}, {{"FLASH_ELECTRUM_TLS", "yes please"}}), Errc::bad_config);
}

TEST_CASE("chain config: the JSON chain object", "[config][chain]") {
    test::TempDir dir;
    const std::string path = dir.file("flash.json");
    std::ofstream(path) << R"({"chain": {"backend": "bitcoind", "bitcoind_url": "http://127.0.0.1:18443",
        "bitcoind_cookie": "/btc/.cookie", "account_key": ")" << bip84_zpub()
                        << R"(", "network": "mainnet", "confirmations": 6, "gap_limit": 50, "timeout_s": 5}})";
    const ChainConfig c = load({"--config", path}).config.chain;
    CHECK(c.backend == "bitcoind");
    CHECK(c.bitcoind_cookie == "/btc/.cookie");
    CHECK(c.required_confirmations() == 6);
    CHECK(c.gap_limit == 50);
    CHECK(c.timeout_s == 5);

    std::ofstream(dir.file("typo.json")) << R"({"chain": {"backend": "fake", "confirmation": 2}})";
    REQUIRE_THROWS_CODE(load({"--config", dir.file("typo.json")}), Errc::bad_config);
    std::ofstream(dir.file("backend.json")) << R"({"chain": {"backend": "esplora"}})";
    REQUIRE_THROWS_CODE(load({"--config", dir.file("backend.json")}), Errc::bad_config);
}

TEST_CASE("chain config: each real backend names what it is missing", "[config][chain]") {
    const std::string zpub = bip84_zpub();
    REQUIRE_THROWS_CODE(load({"--electrum", "no-port", "--chain-account-key", zpub}), Errc::bad_config);
    REQUIRE_THROWS_CODE(load({"--electrum", "host:50001"}), Errc::bad_config);  // no account key
    REQUIRE_THROWS_CODE(load({"--bitcoind", "http://127.0.0.1:8332", "--chain-account-key", zpub}), Errc::bad_config);
    // A password (from the environment only) needs its user (from the file).
    REQUIRE_THROWS_CODE(load({"--bitcoind", "http://127.0.0.1:8332", "--chain-account-key", zpub},
                             {{"FLASH_BITCOIND_PASSWORD", "secret"}}),
                        Errc::bad_config);
    test::TempDir dir;
    std::ofstream(dir.file("user.json")) << R"({"chain": {"bitcoind_user": "flash"}})";
    const ChainConfig c = load({"--config", dir.file("user.json"), "--bitcoind", "http://127.0.0.1:8332",
                                "--chain-account-key", zpub},
                               {{"FLASH_BITCOIND_PASSWORD", "secret"}})
                              .config.chain;
    CHECK(c.bitcoind_user == "flash");
    CHECK(c.bitcoind_password == "secret");
}

TEST_CASE("chain account: watch-only keys of the right network only", "[config][chain]") {
    test::TempDir dir;
    ChainConfig c;
    c.backend = "electrum";
    c.account_key = bip84_zpub();
    const keys::Account account = chain_account(c, chain_network(c), dir.str());
    CHECK(account.address(false, 0).address == "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu");

    c.network = keys::Network::testnet;  // a zpub is a mainnet key
    test::require_error(Errc::bad_config, [&] { chain_account(c, chain_network(c), dir.str()); });
    c.network.reset();
    c.account_key = test::load_vector_json("bitcoin/bip84-test-vectors.json").at("entries").at(0).at("xpriv");
    test::require_error(Errc::bad_config, [&] { chain_account(c, chain_network(c), dir.str()); });
    c.account_key = test::load_vector_json("bitcoin/bip84-test-vectors.json").at("rootpub");  // depth 0
    test::require_error(Errc::bad_config, [&] { chain_account(c, chain_network(c), dir.str()); });
    c.account_key = "zpub-not-a-key";
    test::require_error(Errc::bad_config, [&] { chain_network(c); });
}

TEST_CASE("chain account: the fake makes one and keeps it", "[config][chain]") {
    test::TempDir dir;
    ChainConfig c;
    const keys::Account first = chain_account(c, keys::Network::regtest, dir.str());
    const keys::Account again = chain_account(c, keys::Network::regtest, dir.str());
    CHECK(first.address(false, 0).address == again.address(false, 0).address);
    CHECK(first.address(false, 0).address.rfind("bcrt1q", 0) == 0);
    CHECK_FALSE(first.account_key().is_private());
}
