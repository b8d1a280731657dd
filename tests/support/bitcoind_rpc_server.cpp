#include "support/bitcoind_rpc_server.hpp"

#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "core/bitcoin/descriptor_checksum.hpp"
#include "core/bitcoin/transaction.hpp"
#include "core/codec/base64.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "support/loopback_http.hpp"
#include "support/temp_dir.hpp"

namespace flash::test {
namespace {

using nlohmann::json;

constexpr const char* credentials = "user:password";

struct Payment {
    std::string txid;
    std::uint32_t vout = 0;
    std::string address;
    std::uint64_t sat = 0;
    std::optional<std::int64_t> height;
    std::int64_t index = 1;  // position in its block
    bool removed = false;
};

/// An RPC error, thrown by the handlers and turned into the response.
struct RpcError {
    int code;
    std::string message;
};

}  // namespace

struct BitcoindRpcServer::State {
    std::string chain;
    TempDir dir;

    mutable std::mutex mutex;
    std::int64_t tip = 200;
    std::vector<Payment> payments;
    std::map<std::string, std::string> mempool;  // txid -> hex
    std::optional<RpcError> send_failure;
    std::optional<double> fee = 0.0002;
    std::set<std::string> wallets;  // existing
    std::set<std::string> loaded;
    std::vector<std::string> calls;
    std::vector<std::string> imported;
    /// Last: stopped first, before the state its handler reads goes.
    std::unique_ptr<loopback::HttpServer> server;

    std::string hash_of(std::int64_t height) const {
        return codec::hex_encode(crypto::sha256(as_bytes("block " + std::to_string(height))));
    }

    const Payment* find(const std::string& txid) const {
        for (const Payment& p : payments)
            if (p.txid == txid) return &p;
        return nullptr;
    }

    json payment_entry(const Payment& p) const {
        json entry = {{"address", p.address}, {"category", "receive"}, {"amount", static_cast<double>(p.sat) / 1e8},
                      {"vout", p.vout}, {"txid", p.txid}, {"confirmations", p.height ? tip - *p.height + 1 : 0}};
        if (p.height) {
            entry["blockhash"] = hash_of(*p.height);
            entry["blockheight"] = *p.height;
            entry["blockindex"] = p.index;
        }
        return entry;
    }

    json wallet_call(const std::string& method, const json& params) {
        if (method == "importdescriptors") {
            json results = json::array();
            for (const json& request : params.at(0)) {
                const std::string desc = request.at("desc");
                const auto hash = desc.find('#');
                const std::string body = desc.substr(0, hash);
                if (hash == std::string::npos || desc.substr(hash + 1) != bitcoin::descriptor_checksum(body) ||
                    body.rfind("raw(", 0) != 0 || request.value("timestamp", json()) != "now") {
                    results.push_back({{"success", false}, {"error", {{"code", -5}, {"message", "Invalid descriptor"}}}});
                    continue;
                }
                imported.push_back(body.substr(4, body.size() - 5));
                results.push_back({{"success", true}});
            }
            return results;
        }
        if (method == "listsinceblock") {
            json transactions = json::array();
            json removed = json::array();
            for (const Payment& p : payments) (p.removed ? removed : transactions).push_back(payment_entry(p));
            return {{"transactions", transactions}, {"removed", removed}, {"lastblock", hash_of(tip)}};
        }
        if (method == "listreceivedbyaddress") {
            const std::string address = params.at(3);
            json txids = json::array();
            for (const Payment& p : payments)
                if (p.address == address) txids.push_back(p.txid);
            if (txids.empty()) return json::array();
            return json::array({{{"address", address}, {"txids", txids}}});
        }
        if (method == "gettransaction") {
            const Payment* p = find(params.at(0));
            if (!p) throw RpcError{-5, "Invalid or non-wallet transaction id"};
            json tx = payment_entry(*p);
            if (p->removed) tx["confirmations"] = -1;  // conflicted
            tx["hex"] = "02000000000000000000";
            return tx;
        }
        if (method == "listunspent") {
            const std::string address = params.at(2).at(0);
            json out = json::array();
            for (const Payment& p : payments)
                if (p.address == address && !p.removed) out.push_back(payment_entry(p));
            return out;
        }
        throw RpcError{-32601, "Method not found"};
    }

    json node_call(const std::string& method, const json& params) {
        if (method == "getblockchaininfo") return {{"chain", chain}, {"blocks", tip}, {"bestblockhash", hash_of(tip)}};
        if (method == "loadwallet") {
            const std::string name = params.at(0);
            if (!wallets.count(name)) throw RpcError{-18, "Wallet file verification failed. Path does not exist"};
            if (!loaded.insert(name).second) throw RpcError{-35, "Wallet \"" + name + "\" is already loaded."};
            return {{"name", name}};
        }
        if (method == "createwallet") {
            const std::string name = params.at(0);
            if (wallets.count(name)) throw RpcError{-4, "Wallet already exists."};
            // Watch-only, blank, descriptors: what flash-node must ask for.
            if (params.at(1) != true || params.at(2) != true || params.at(5) != true)
                throw RpcError{-8, "the test server only creates blank watch-only descriptor wallets"};
            wallets.insert(name);
            loaded.insert(name);
            return {{"name", name}};
        }
        if (method == "getrawtransaction") {
            const auto found = mempool.find(params.at(0));
            if (found == mempool.end())
                throw RpcError{-5, "No such mempool transaction. Use -txindex or provide a block hash to enable "
                                   "blockchain transaction queries."};
            return found->second;
        }
        if (method == "sendrawtransaction") {
            if (send_failure) throw std::exchange(send_failure, std::nullopt).value();
            const std::string hex = params.at(0);
            try {
                const std::string txid =
                    bitcoin::txid_hex(bitcoin::txid(bitcoin::parse_transaction(codec::hex_decode(hex))));
                mempool[txid] = hex;
                return txid;
            } catch (const std::exception&) {
                throw RpcError{-22, "TX decode failed"};
            }
        }
        if (method == "estimatesmartfee") {
            if (!fee) return {{"errors", json::array({"Insufficient data or no feerate found"})}, {"blocks", 0}};
            return {{"feerate", *fee}, {"blocks", params.at(0)}};
        }
        throw RpcError{-32601, "Method not found"};
    }

    loopback::Response handle(const loopback::Request& request) {
        loopback::Response response{200, {{"Content-Type", "application/json"}}, ""};
        const std::string expected = "Basic " + codec::base64_encode(as_bytes(credentials));
        if (request.header("Authorization") != expected) {
            response.status = 401;
            response.headers.push_back({"WWW-Authenticate", "Basic realm=\"jsonrpc\""});
            return response;
        }
        const json call = json::parse(request.body, nullptr, false);
        const std::string& target = request.target;
        json result;
        json error = nullptr;
        {
            std::lock_guard lock(mutex);
            calls.push_back(target + " " + call.value("method", "") + " " + call.value("params", json()).dump());
            try {
                const std::string method = call.at("method");
                const json& params = call.at("params");
                if (target == "/") {
                    result = node_call(method, params);
                } else {
                    const std::string wallet = target.substr(std::string("/wallet/").size());
                    if (target.rfind("/wallet/", 0) != 0 || !loaded.count(wallet))
                        throw RpcError{-18, "Requested wallet does not exist or is not loaded"};
                    result = wallet_call(method, params);
                }
            } catch (const RpcError& e) {
                error = {{"code", e.code}, {"message", e.message}};
                response.status = e.code == -32601 ? 404 : 500;
            } catch (const std::exception& e) {
                error = {{"code", -32700}, {"message", e.what()}};
                response.status = 500;
            }
        }
        response.body = json{{"result", error.is_null() ? result : json()}, {"error", error}, {"id", call.value("id", json())}}.dump() + "\n";
        return response;
    }
};

BitcoindRpcServer::BitcoindRpcServer(std::string chain) : state_(std::make_unique<State>()) {
    state_->chain = std::move(chain);
    std::ofstream(state_->dir.file(".cookie")) << credentials;
    state_->server = std::make_unique<loopback::HttpServer>(
        [state = state_.get()](const loopback::Request& request) { return state->handle(request); });
}

BitcoindRpcServer::~BitcoindRpcServer() = default;

std::string BitcoindRpcServer::url() const { return state_->server->url(); }

std::string BitcoindRpcServer::cookie_file() const { return state_->dir.file(".cookie"); }

void BitcoindRpcServer::set_tip(std::int64_t height) {
    std::lock_guard lock(state_->mutex);
    state_->tip = height;
}

std::int64_t BitcoindRpcServer::tip() const {
    std::lock_guard lock(state_->mutex);
    return state_->tip;
}

std::string BitcoindRpcServer::block_hash(std::int64_t height) const { return state_->hash_of(height); }

void BitcoindRpcServer::add_payment(const std::string& txid, std::uint32_t vout, const std::string& address,
                                    std::uint64_t sat, std::optional<std::int64_t> height) {
    std::lock_guard lock(state_->mutex);
    state_->payments.push_back({txid, vout, address, sat, height});
}

void BitcoindRpcServer::move_payment(const std::string& txid, std::optional<std::int64_t> height) {
    std::lock_guard lock(state_->mutex);
    for (Payment& p : state_->payments)
        if (p.txid == txid) p.height = height;
}

void BitcoindRpcServer::remove_payment(const std::string& txid) {
    std::lock_guard lock(state_->mutex);
    for (Payment& p : state_->payments)
        if (p.txid == txid) {
            p.removed = true;
            p.height.reset();
        }
}

void BitcoindRpcServer::add_mempool_transaction(const Bytes& raw) {
    const std::string txid = bitcoin::txid_hex(bitcoin::txid(bitcoin::parse_transaction(raw)));
    std::lock_guard lock(state_->mutex);
    state_->mempool[txid] = codec::hex_encode(raw);
}

void BitcoindRpcServer::fail_next_send(int code, const std::string& message) {
    std::lock_guard lock(state_->mutex);
    state_->send_failure = RpcError{code, message};
}

void BitcoindRpcServer::set_fee(std::optional<double> btc_per_kvb) {
    std::lock_guard lock(state_->mutex);
    state_->fee = btc_per_kvb;
}

void BitcoindRpcServer::create_wallet(const std::string& name) {
    std::lock_guard lock(state_->mutex);
    state_->wallets.insert(name);
}

std::vector<std::string> BitcoindRpcServer::calls() const {
    std::lock_guard lock(state_->mutex);
    return state_->calls;
}

std::vector<std::string> BitcoindRpcServer::imported() const {
    std::lock_guard lock(state_->mutex);
    return state_->imported;
}

}  // namespace flash::test
