// Electrum's JSON-RPC lines and method results as the backend reads them: what is accepted, and
// every malformed shape refused with ChainError(bad_response) instead of a crash.
#include <catch2/catch.hpp>
#include <functional>
#include <string>

#include "core/bitcoin/transaction.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "node/bitcoin/electrum_results.hpp"
#include "node/bitcoin/electrum_rpc.hpp"

using namespace flash;
using namespace flash::node::bitcoin;
using nlohmann::json;

namespace {

bool bad_response(const std::function<void()>& read) {
    try {
        read();
    } catch (const ChainError& e) {
        return e.code() == ChainErrc::bad_response;
    }
    return false;
}

}  // namespace

TEST_CASE("electrum rpc: requests are one JSON-RPC 2.0 line", "[node][chain][electrum]") {
    CHECK(electrum::request_line(7, "server.ping", json::array()) ==
          R"({"id":7,"jsonrpc":"2.0","method":"server.ping","params":[]})"
          "\n");
}

TEST_CASE("electrum rpc: responses and notifications", "[node][chain][electrum]") {
    const electrum::Incoming response = electrum::parse_line(R"({"jsonrpc":"2.0","id":3,"result":{"a":1}})");
    REQUIRE(std::holds_alternative<electrum::Response>(response));
    CHECK(std::get<electrum::Response>(response).id == 3);
    CHECK(std::get<electrum::Response>(response).result == json{{"a", 1}});

    const electrum::Incoming error =
        electrum::parse_line(R"({"jsonrpc":"2.0","id":4,"result":null,"error":{"code":2,"message":"daemon error"}})");
    CHECK(std::get<electrum::Response>(error).error_code == 2);
    CHECK(std::get<electrum::Response>(error).error_message == "daemon error");

    const electrum::Incoming notification =
        electrum::parse_line(R"({"jsonrpc":"2.0","method":"blockchain.scripthash.subscribe","params":["ab",null]})");
    REQUIRE(std::holds_alternative<electrum::Notification>(notification));
    CHECK(std::get<electrum::Notification>(notification).method == "blockchain.scripthash.subscribe");
    CHECK(std::get<electrum::Notification>(notification).params.size() == 2);
}

TEST_CASE("electrum rpc: malformed lines are refused", "[node][chain][electrum]") {
    for (const char* line : {
             "not json",
             "[1,2]",
             R"("text")",
             R"({"jsonrpc":"2.0","result":1})",
             R"({"jsonrpc":"2.0","id":"7","result":1})",
             R"({"jsonrpc":"2.0","id":-1,"result":1})",
             R"({"jsonrpc":"2.0","id":1})",
             R"({"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":"x"}})",
             R"({"jsonrpc":"2.0","id":1,"error":"boom"})",
             R"({"jsonrpc":"2.0","id":1,"error":{"message":"no code"}})",
             R"({"jsonrpc":"2.0","id":1,"error":{"code":1.5,"message":"x"}})",
             R"({"jsonrpc":"2.0","id":1,"error":{"code":99999999999,"message":"x"}})",
             R"({"jsonrpc":"2.0","method":"blockchain.headers.subscribe"})",
             R"({"jsonrpc":"2.0","method":7,"params":[]})",
         }) {
        INFO(line);
        CHECK(bad_response([&] { electrum::parse_line(line); }));
    }
}

TEST_CASE("electrum rpc: JSON-RPC errors become typed chain errors", "[node][chain][electrum]") {
    electrum::Response response;
    response.error_code = 2;
    response.error_message = "daemon error: No such mempool or blockchain transaction.";
    CHECK(electrum::error_for("blockchain.transaction.get", response).code() == ChainErrc::not_found);
    CHECK(electrum::error_for("blockchain.transaction.broadcast", response).code() == ChainErrc::rejected);
    CHECK(electrum::error_for("blockchain.transaction.broadcast", response).rpc_code() == 2);
}

TEST_CASE("electrum results: well-formed answers", "[node][chain][electrum]") {
    CHECK(electrum::protocol_version(json::array({"ElectrumX 1.16", "1.4.2"})) == "1.4.2");

    const Bytes header(80, 0x11);
    const ChainTip tip = electrum::header_tip({{"height", 800000}, {"hex", codec::hex_encode(header)}});
    CHECK(tip.height == 800000);
    CHECK(tip.header_hash == flash::bitcoin::txid_hex(crypto::sha256d(header)));

    CHECK_FALSE(electrum::script_status(nullptr).has_value());
    CHECK(electrum::script_status(std::string(64, 'A')) == std::string(64, 'a'));

    const json history = json::parse(R"([{"tx_hash":")" + std::string(64, 'b') + R"(","height":-1,"fee":300}])");
    CHECK(electrum::history(history) == std::vector<HistoryItem>{{std::string(64, 'b'), -1}});

    const json unspent = json::parse(R"([{"tx_hash":")" + std::string(64, 'c') +
                                     R"(","tx_pos":2,"height":0,"value":2100000000000000}])");
    CHECK(electrum::unspent(unspent) == std::vector<Unspent>{{std::string(64, 'c'), 2, 0, 2'100'000'000'000'000}});

    CHECK(electrum::raw_transaction("0200") == Bytes{0x02, 0x00});
    CHECK(electrum::fee_rate(0.0001) == Approx(10.0));
    CHECK_FALSE(electrum::fee_rate(-1).has_value());
}

TEST_CASE("electrum results: malformed answers are refused", "[node][chain][electrum]") {
    const std::string txid(64, 'd');
    const std::vector<std::function<void()>> reads = {
        [] { electrum::protocol_version(json::array({"only one"})); },
        [] { electrum::protocol_version(json::array({1, 2})); },
        [] { electrum::header_tip({{"height", 1}, {"hex", std::string(158, '0')}}); },  // 79 bytes
        [] { electrum::header_tip({{"height", -1}, {"hex", std::string(160, '0')}}); },
        [] { electrum::header_tip({{"hex", std::string(160, '0')}}); },
        [] { electrum::header_tip(json::array()); },
        [] { electrum::script_status("abc"); },
        [] { electrum::script_status(5); },
        [&] { electrum::history(json::parse(R"([{"tx_hash":")" + txid + R"(","height":-2}])")); },
        [&] { electrum::history(json::parse(R"([{"tx_hash":")" + txid + R"(","height":"1"}])")); },
        [] { electrum::history(json::parse(R"([{"height":1}])")); },
        [] { electrum::history(json{{"not", "a list"}}); },
        [&] { electrum::unspent(json::parse(R"([{"tx_hash":")" + txid + R"(","tx_pos":-1,"height":0,"value":1}])")); },
        [&] { electrum::unspent(json::parse(R"([{"tx_hash":")" + txid + R"(","tx_pos":0,"height":0,"value":2100000000000001}])")); },
        [&] { electrum::unspent(json::parse(R"([{"tx_hash":")" + txid + R"(","tx_pos":4294967296,"height":0,"value":1}])")); },
        [] { electrum::raw_transaction(""); },
        [] { electrum::raw_transaction("zz"); },
        [] { electrum::txid("not a txid"); },
        [] { electrum::fee_rate("0.0001"); },
        [] { electrum::fee_rate(2.0); },
        [] { electrum::fee_rate(-0.5); },
    };
    for (std::size_t i = 0; i < reads.size(); ++i) {
        INFO("case " << i);
        CHECK(bad_response(reads[i]));
    }
}
