// The Electrum backend against a loopback Electrum server (tests/support/electrum_server): the
// handshake, subscriptions and notifications, lines split across reads and coalesced into one,
// JSON-RPC errors, timeouts, reconnects with re-subscription, a garbage line, TLS with a pinned
// certificate, and deposits detected through it end to end.
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <functional>
#include <string>

#include "core/bitcoin/script_hash.hpp"
#include "core/bitcoin/transaction.hpp"
#include "node/bitcoin/chain_fixtures.hpp"
#include "node/bitcoin/electrum_backend.hpp"
#include "support/electrum_server.hpp"
#include "support/errors.hpp"
#include "support/self_signed_cert.hpp"
#include "support/temp_dir.hpp"

using namespace flash;
using namespace flash::node;
using namespace flash::node::bitcoin;
using namespace std::chrono_literals;
using test::ElectrumServer;
using test::chain_error_code;
using test::eventually;
using test::fake_txid;

namespace {

ElectrumOptions options_for(const ElectrumServer& server, std::chrono::milliseconds timeout = 3s) {
    ElectrumOptions options;
    options.host = "127.0.0.1";
    options.port = server.port();
    options.timeout = timeout;
    options.reconnect_min = 20ms;
    options.reconnect_max = 200ms;
    return options;
}

/// Collects changes until `done` says they are complete (or five seconds pass).
ChainChanges changes_until(ChainBackend& backend, const std::function<bool(const ChainChanges&)>& done) {
    ChainChanges all;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!done(all) && std::chrono::steady_clock::now() < deadline) {
        ChainChanges more = backend.wait_for_changes(100ms);
        if (more.tip) all.tip = more.tip;
        all.scripts.insert(all.scripts.end(), more.scripts.begin(), more.scripts.end());
    }
    return all;
}

Bytes script_of(std::uint32_t index) { return test::regtest_account().address(false, index).script_pubkey; }

std::string sh(const Bytes& script) { return flash::bitcoin::electrum_script_hash(script); }

/// A one-output transaction (for transaction.get and broadcast).
Bytes some_transaction(std::uint64_t value) {
    flash::bitcoin::Transaction tx;
    flash::bitcoin::TxIn input;
    input.prevout.vout = 7;
    tx.inputs.push_back(input);
    tx.outputs.push_back({value, script_of(0)});
    return flash::bitcoin::serialize_transaction(tx);
}

}  // namespace

TEST_CASE("electrum: server.version first, then the tip", "[node][chain][electrum]") {
    ElectrumServer server;
    ElectrumBackend backend(options_for(server));
    CHECK(backend.name() == "electrum");
    const ChainTip tip = backend.tip();
    CHECK(tip.height == 100);
    CHECK(tip.header_hash == server.tip_hash());
    REQUIRE_FALSE(server.requests().empty());
    CHECK(server.requests()[0] == "server.version");
    CHECK(server.last_params("server.version") == R"(["flash-node",["1.4","1.6"]])");
    CHECK(eventually([&] { return backend.connected(); }));
}

TEST_CASE("electrum: watched scripts and the tip are reported when they change", "[node][chain][electrum]") {
    ElectrumServer server;
    const Bytes script = script_of(0);
    const Bytes quiet = script_of(1);
    server.set_script(sh(script), {{fake_txid('a'), 100}}, {{fake_txid('a'), 0, 100, 5'000}});
    ElectrumBackend backend(options_for(server));
    backend.watch(std::vector<Bytes>{script, quiet});

    // On subscribing: the script with a history is reported, the empty one is not.
    ChainChanges changes = changes_until(backend, [](const ChainChanges& c) { return c.tip && !c.scripts.empty(); });
    CHECK(changes.scripts == std::vector<Bytes>{script});
    REQUIRE(changes.tip.has_value());
    CHECK(changes.tip->height == 100);

    CHECK(backend.history(script) == std::vector<HistoryItem>{{fake_txid('a'), 100}});
    CHECK(backend.unspent(script) == std::vector<Unspent>{{fake_txid('a'), 0, 100, 5'000}});
    CHECK(backend.history(quiet).empty());

    server.set_script(sh(quiet), {{fake_txid('b'), 0}}, {{fake_txid('b'), 1, 0, 700}});
    changes = changes_until(backend, [](const ChainChanges& c) { return !c.scripts.empty(); });
    CHECK(changes.scripts == std::vector<Bytes>{quiet});

    server.set_tip(101);
    changes = changes_until(backend, [](const ChainChanges& c) { return c.tip.has_value(); });
    CHECK(changes.tip->height == 101);
    CHECK(changes.tip->header_hash == server.tip_hash());
    CHECK(backend.wait_for_changes(50ms).empty());
}

TEST_CASE("electrum: messages split across reads and coalesced into one read", "[node][chain][electrum]") {
    ElectrumServer server;
    std::vector<HistoryItem> long_history;
    for (char c = 'a'; c <= 'f'; ++c) long_history.push_back({fake_txid(c), 90 + (c - 'a')});
    const Bytes script = script_of(0);
    server.set_script(sh(script), long_history, {});
    ElectrumBackend backend(options_for(server));
    CHECK(backend.tip().height == 100);

    server.set_framing(ElectrumServer::Framing::split);
    CHECK(backend.history(script) == long_history);
    CHECK(backend.tip().header_hash == server.tip_hash());

    server.set_framing(ElectrumServer::Framing::coalesced);
    std::vector<Bytes> scripts;
    for (std::uint32_t i = 0; i < 25; ++i) scripts.push_back(script_of(i));
    for (std::uint32_t i = 1; i < 25; ++i) server.set_script(sh(scripts[i]), {{fake_txid('1'), 0}}, {});
    backend.watch(scripts);  // 25 subscription answers arrive together
    const ChainChanges changes = changes_until(backend, [](const ChainChanges& c) { return c.scripts.size() >= 25; });
    CHECK(changes.scripts.size() == 25);
    // A notification in the same write as a response.
    server.set_tip(102);
    CHECK(backend.history(script) == long_history);
    CHECK(changes_until(backend, [](const ChainChanges& c) { return c.tip.has_value(); }).tip->height == 102);
}

TEST_CASE("electrum: transactions, broadcast, fees and JSON-RPC errors", "[node][chain][electrum]") {
    ElectrumServer server;
    ElectrumBackend backend(options_for(server));
    const Bytes raw = some_transaction(1'000);
    const std::string txid = server.add_transaction(raw);
    CHECK(backend.transaction(txid) == raw);
    CHECK(chain_error_code([&] { backend.transaction(fake_txid('9')); }) == ChainErrc::not_found);
    test::require_error(Errc::bad_hex, [&] { backend.transaction(std::string(64, 'z')); });

    const Bytes other = some_transaction(2'000);
    CHECK(backend.broadcast(other) == flash::bitcoin::txid_hex(flash::bitcoin::txid(flash::bitcoin::parse_transaction(other))));
    server.fail_next("blockchain.transaction.broadcast", 1, "bad-txns-inputs-missingorspent");
    try {
        backend.broadcast(other);
        FAIL("broadcast should have been refused");
    } catch (const ChainError& e) {
        CHECK(e.code() == ChainErrc::rejected);
        CHECK(e.rpc_code() == 1);
        CHECK(std::string(e.what()).find("bad-txns-inputs-missingorspent") != std::string::npos);
    }
    CHECK(chain_error_code([&] { backend.broadcast(Bytes{1, 2, 3}); }) == ChainErrc::rejected);

    server.set_fee(0.00012);
    CHECK(backend.fee_rate(2) == Approx(12.0));
    server.set_fee(-1);
    CHECK_FALSE(backend.fee_rate(2).has_value());
    test::require_error(Errc::bad_argument, [&] { backend.fee_rate(0); });
    CHECK(server.last_params("blockchain.estimatefee") == "[2]");
    // The session survives all of that.
    CHECK(server.accepted() == 1);
}

TEST_CASE("electrum: reconnects after the server hangs up, and subscribes again", "[node][chain][electrum]") {
    ElectrumServer server;
    const Bytes script = script_of(0);
    ElectrumBackend backend(options_for(server));
    backend.watch(std::vector<Bytes>{script});
    CHECK(changes_until(backend, [](const ChainChanges& c) { return c.tip.has_value(); }).tip->height == 100);
    REQUIRE(eventually([&] { return server.last_params("blockchain.scripthash.subscribe") != ""; }));

    server.drop_connections();
    // While it is away, the address receives a payment and a block is found.
    server.set_script(sh(script), {{fake_txid('c'), 101}}, {{fake_txid('c'), 0, 101, 3'000}});
    server.set_tip(101);
    REQUIRE(eventually([&] { return server.accepted() == 2 && backend.connected(); }));
    const ChainChanges changes =
        changes_until(backend, [](const ChainChanges& c) { return c.tip && !c.scripts.empty(); });
    CHECK(changes.scripts == std::vector<Bytes>{script});
    CHECK(changes.tip->height == 101);

    // The new session started with server.version again, then the subscriptions.
    const std::vector<std::string> requests = server.requests();
    const auto second = std::find(requests.begin() + 1, requests.end(), "server.version");
    REQUIRE(second != requests.end());
    CHECK(std::find(second, requests.end(), "blockchain.headers.subscribe") != requests.end());
    CHECK(std::find(second, requests.end(), "blockchain.scripthash.subscribe") != requests.end());
    CHECK(backend.unspent(script) == std::vector<Unspent>{{fake_txid('c'), 0, 101, 3'000}});
}

TEST_CASE("electrum: an unanswered call times out and the session is replaced", "[node][chain][electrum]") {
    ElectrumServer server;
    ElectrumBackend backend(options_for(server, 300ms));
    CHECK(backend.tip().height == 100);
    server.stall("blockchain.scripthash.get_history");
    CHECK(chain_error_code([&] { backend.history(script_of(0)); }) == ChainErrc::timeout);
    server.stall("blockchain.scripthash.get_history", false);
    REQUIRE(eventually([&] { return server.accepted() == 2 && backend.connected(); }));
    CHECK(backend.history(script_of(0)).empty());
}

TEST_CASE("electrum: a garbage line ends the session, the next one works", "[node][chain][electrum]") {
    ElectrumServer server;
    ElectrumBackend backend(options_for(server));
    CHECK(backend.tip().height == 100);
    server.send_raw_line("this is not JSON");
    REQUIRE(eventually([&] { return server.accepted() == 2 && backend.connected(); }));
    CHECK(backend.tip().height == 100);
    server.send_raw_line(R"({"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":"both"}})");
    REQUIRE(eventually([&] { return server.accepted() == 3 && backend.connected(); }));
    CHECK(backend.tip().height == 100);
}

TEST_CASE("electrum: calls fail as unavailable while no server answers", "[node][chain][electrum]") {
    std::uint16_t port = 0;
    {
        ElectrumServer gone;
        port = gone.port();
    }
    ElectrumOptions options;
    options.host = "127.0.0.1";
    options.port = port;
    options.timeout = 300ms;
    options.reconnect_min = 20ms;
    ElectrumBackend backend(options);
    CHECK(chain_error_code([&] { backend.tip(); }) == ChainErrc::unavailable);
    CHECK_FALSE(backend.connected());
}

TEST_CASE("electrum: TLS with a pinned certificate; another certificate is refused", "[node][chain][electrum]") {
    ElectrumServer server(true);
    ElectrumOptions options = options_for(server, 1s);
    options.tls = true;
    options.pinned_cert_file = server.cert_file();
    {
        ElectrumBackend backend(options);
        CHECK(backend.tip().header_hash == server.tip_hash());
    }
    test::TempDir dir;
    std::ofstream(dir.file("other.crt")) << test::make_self_signed_certificate("someone else").cert_pem;
    options.pinned_cert_file = dir.file("other.crt");
    ElectrumBackend impostor(options);
    CHECK(chain_error_code([&] { impostor.tip(); }) == ChainErrc::unavailable);
    // Plain TCP to a TLS port does not get a session either.
    ElectrumBackend plain(options_for(server, 300ms));
    CHECK(chain_error_code([&] { plain.tip(); }) == ChainErrc::unavailable);
}

TEST_CASE("electrum: deposits detected and credited through the backend", "[node][chain][electrum]") {
    ElectrumServer server;
    test::TempDir dir;
    std::vector<Deposit> credits;
    ChainService service(std::make_unique<ElectrumBackend>(options_for(server)), dir.str(), keys::Network::regtest, 20, 3);
    service.on_credit([&](const Deposit& d) { credits.push_back(d); });
    const test::TestWallet wallet;
    service.register_account("alice", wallet.account_key, wallet.fingerprint, wallet.path);
    const DepositAddress address = service.deposit_address("alice");
    const auto settle = [&] {
        for (int i = 0; i < 20; ++i) service.poll(50ms);
    };
    settle();

    server.set_script(address.script_hash, {{fake_txid('d'), 0}}, {{fake_txid('d'), 1, 0, 42'000}});
    settle();
    std::vector<DepositStatus> deposits = service.deposits("alice");
    REQUIRE(deposits.size() == 1);
    CHECK(deposits[0].deposit.vout == 1);
    CHECK(deposits[0].confirmations == 0);

    server.set_script(address.script_hash, {{fake_txid('d'), 101}}, {{fake_txid('d'), 1, 101, 42'000}});
    server.set_tip(102);
    settle();
    CHECK(service.deposits("alice")[0].confirmations == 2);
    CHECK(credits.empty());

    server.set_tip(103);
    settle();
    REQUIRE(credits.size() == 1);
    CHECK(service.balance("alice").confirmed_sat == 42'000);
}
