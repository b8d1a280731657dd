// The bitcoind backend against a loopback Bitcoin Core JSON-RPC server
// (tests/support/bitcoind_rpc_server): cookie authentication, the watch-only wallet, imports with
// descriptor checksums, tip and chain checks, history and unspent outputs, errors, and deposits
// credited through it end to end.
#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "core/bitcoin/transaction.hpp"
#include "core/codec/hex.hpp"
#include "node/bitcoin/bitcoind_backend.hpp"
#include "node/bitcoin/chain_fixtures.hpp"
#include "support/bitcoind_rpc_server.hpp"
#include "support/errors.hpp"
#include "support/temp_dir.hpp"

using namespace flash;
using namespace flash::node;
using namespace flash::node::bitcoin;
using namespace std::chrono_literals;
using test::BitcoindRpcServer;
using test::chain_error_code;
using test::eventually;
using test::fake_txid;

namespace {

BitcoindOptions options_for(const BitcoindRpcServer& server) {
    BitcoindOptions options;
    options.url = server.url();
    options.cookie_file = server.cookie_file();
    options.timeout = 3s;
    options.poll_interval = 50ms;
    return options;
}

bool called(const BitcoindRpcServer& server, const std::string& text) {
    for (const std::string& call : server.calls())
        if (call.find(text) != std::string::npos) return true;
    return false;
}

keys::AccountAddress address(std::uint32_t index) { return test::regtest_account().address(false, index); }

}  // namespace

TEST_CASE("bitcoind: creates its watch-only wallet and imports watched scripts", "[node][chain][bitcoind]") {
    BitcoindRpcServer server;
    BitcoindBackend backend(options_for(server), keys::Network::regtest);
    CHECK(backend.name() == "bitcoind");
    const keys::AccountAddress a = address(0);
    backend.watch(std::vector<Bytes>{a.script_pubkey});
    REQUIRE(eventually([&] { return server.imported().size() == 1; }));
    CHECK(server.imported()[0] == codec::hex_encode(a.script_pubkey));
    CHECK(called(server, "/ loadwallet [\"flash-watch\"]"));
    CHECK(called(server, "/ createwallet [\"flash-watch\",true,true,\"\",false,true,true]"));
    CHECK(called(server, "/wallet/flash-watch importdescriptors"));

    const ChainTip tip = backend.tip();
    CHECK(tip.height == 200);
    CHECK(tip.header_hash == server.block_hash(200));
}

TEST_CASE("bitcoind: an existing wallet is loaded, not created", "[node][chain][bitcoind]") {
    BitcoindRpcServer server;
    server.create_wallet("flash-watch");
    BitcoindBackend backend(options_for(server), keys::Network::regtest);
    backend.watch(std::vector<Bytes>{address(0).script_pubkey});
    REQUIRE(eventually([&] { return server.imported().size() == 1; }));
    CHECK_FALSE(called(server, "createwallet"));
}

TEST_CASE("bitcoind: payments become changes, history and unspent outputs", "[node][chain][bitcoind]") {
    BitcoindRpcServer server;
    BitcoindBackend backend(options_for(server), keys::Network::regtest);
    const keys::AccountAddress a = address(0);
    backend.watch(std::vector<Bytes>{a.script_pubkey});
    REQUIRE(eventually([&] { return server.imported().size() == 1; }));
    CHECK(backend.wait_for_changes(2s).tip->height == 200);

    server.add_payment(fake_txid('a'), 1, a.address, 50'000, std::nullopt);
    ChainChanges changes = backend.wait_for_changes(2s);
    CHECK(changes.scripts == std::vector<Bytes>{a.script_pubkey});
    CHECK(backend.history(a.script_pubkey) == std::vector<HistoryItem>{{fake_txid('a'), 0}});
    CHECK(backend.unspent(a.script_pubkey) == std::vector<Unspent>{{fake_txid('a'), 1, 0, 50'000}});
    CHECK(backend.wait_for_changes(200ms).scripts.empty());  // nothing new: not reported again

    server.add_payment(fake_txid('b'), 0, a.address, 1'000, 150);
    server.move_payment(fake_txid('a'), 199);
    server.set_tip(201);
    changes = backend.wait_for_changes(2s);
    if (!changes.tip) changes = backend.wait_for_changes(2s);
    CHECK(changes.tip->height == 201);
    CHECK(backend.history(a.script_pubkey) == std::vector<HistoryItem>{{fake_txid('b'), 150}, {fake_txid('a'), 199}});
    CHECK(backend.unspent(a.script_pubkey) ==
          std::vector<Unspent>{{fake_txid('a'), 1, 199, 50'000}, {fake_txid('b'), 0, 150, 1'000}});

    server.remove_payment(fake_txid('a'));  // reorganised away, now conflicted
    REQUIRE(eventually([&] { return !backend.wait_for_changes(100ms).scripts.empty(); }));
    CHECK(backend.history(a.script_pubkey) == std::vector<HistoryItem>{{fake_txid('b'), 150}});
}

TEST_CASE("bitcoind: transactions, broadcast, fees and errors", "[node][chain][bitcoind]") {
    BitcoindRpcServer server;
    BitcoindBackend backend(options_for(server), keys::Network::regtest);
    REQUIRE(eventually([&] { return called(server, "createwallet"); }));
    flash::bitcoin::Transaction tx;
    tx.inputs.emplace_back();
    tx.outputs.push_back({1'000, address(0).script_pubkey});
    const Bytes raw = flash::bitcoin::serialize_transaction(tx);
    const std::string txid = backend.broadcast(raw);
    CHECK(txid == flash::bitcoin::txid_hex(flash::bitcoin::txid(tx)));
    CHECK(backend.transaction(txid) == raw);
    CHECK(chain_error_code([&] { backend.transaction(fake_txid('e')); }) == ChainErrc::not_found);

    server.fail_next_send(-26, "min relay fee not met");
    try {
        backend.broadcast(raw);
        FAIL("broadcast should have been refused");
    } catch (const ChainError& e) {
        CHECK(e.code() == ChainErrc::rejected);
        CHECK(e.rpc_code() == -26);
    }
    CHECK(backend.fee_rate(6) == Approx(20.0));
    server.set_fee(std::nullopt);
    CHECK_FALSE(backend.fee_rate(6).has_value());
}

TEST_CASE("bitcoind: wrong credentials and the wrong chain are refused", "[node][chain][bitcoind]") {
    BitcoindRpcServer server;
    BitcoindOptions options = options_for(server);
    options.cookie_file.reset();
    options.user = "user";
    options.password = "wrong";
    BitcoindBackend refused(options, keys::Network::regtest);
    CHECK(chain_error_code([&] { refused.tip(); }) == ChainErrc::unavailable);

    options.password = "password";
    BitcoindBackend allowed(options, keys::Network::regtest);
    CHECK(allowed.tip().height == 200);

    BitcoindBackend mainnet(options_for(server), keys::Network::mainnet);
    CHECK(chain_error_code([&] { mainnet.tip(); }) == ChainErrc::unavailable);

    test::TempDir dir;
    BitcoindOptions missing = options_for(server);
    missing.cookie_file = dir.file("no-such-cookie");
    BitcoindBackend no_cookie(missing, keys::Network::regtest);
    CHECK(chain_error_code([&] { no_cookie.tip(); }) == ChainErrc::unavailable);
}

TEST_CASE("bitcoind: deposits detected and credited through the backend", "[node][chain][bitcoind]") {
    BitcoindRpcServer server;
    test::TempDir dir;
    std::vector<Deposit> credits;
    ChainService service(std::make_unique<BitcoindBackend>(options_for(server), keys::Network::regtest), dir.str(),
                         keys::Network::regtest, 20, 3);
    service.on_credit([&](const Deposit& d) { credits.push_back(d); });
    const test::TestWallet wallet;
    service.register_account("alice", wallet.account_key, wallet.fingerprint, wallet.path);
    const DepositAddress alice = service.deposit_address("alice");
    const auto settle = [&] {
        for (int i = 0; i < 10; ++i) service.poll(60ms);
    };
    REQUIRE(eventually([&] { return server.imported().size() == 41; }));  // 21 receive, 20 change

    server.add_payment(fake_txid('d'), 0, alice.address, 42'000, std::nullopt);
    settle();
    REQUIRE(service.deposits("alice").size() == 1);
    CHECK(service.deposits("alice")[0].confirmations == 0);

    server.move_payment(fake_txid('d'), 201);
    server.set_tip(202);
    settle();
    CHECK(service.deposits("alice")[0].confirmations == 2);
    CHECK(credits.empty());
    server.set_tip(203);
    settle();
    REQUIRE(credits.size() == 1);
    CHECK(service.balance("alice").confirmed_sat == 42'000);
}
