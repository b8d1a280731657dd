#include "support/electrum_server.hpp"

#include <array>
#include <deque>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "core/bitcoin/script_hash.hpp"
#include "core/bitcoin/transaction.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "node/net/line_splitter.hpp"
#include "node/server/asio.hpp"
#include "support/self_signed_cert.hpp"
#include "support/temp_dir.hpp"

namespace flash::test {
namespace {

namespace asio = node::asio;
using node::tcp;
using nlohmann::json;
using node::bitcoin::HistoryItem;
using node::bitcoin::Unspent;

/// An 80-byte header for `height`: made up, but the same for the same height.
Bytes header_for(std::int64_t height) {
    const std::string seed = "header " + std::to_string(height);
    Bytes header(80, 0);
    header[3] = 0x20;  // version 0x20000000
    const crypto::Hash256 prev = crypto::sha256(as_bytes("header " + std::to_string(height - 1)));
    const crypto::Hash256 merkle = crypto::sha256(as_bytes(seed));
    std::copy(prev.begin(), prev.end(), header.begin() + 4);
    std::copy(merkle.begin(), merkle.end(), header.begin() + 36);
    for (int i = 0; i < 4; ++i) header[76 + i] = static_cast<std::uint8_t>(height >> (8 * i));  // nonce
    return header;
}

json header_json(std::int64_t height) { return {{"height", height}, {"hex", codec::hex_encode(header_for(height))}}; }

json status_json(const std::vector<HistoryItem>& history) {
    const std::optional<std::string> status = bitcoin::electrum_status(history);
    return status ? json(*status) : json(nullptr);
}

struct Script {
    std::vector<HistoryItem> history;
    std::vector<Unspent> unspent;
};

}  // namespace

struct ElectrumServer::State {
    struct Session;

    asio::io_context io;
    tcp::acceptor acceptor{io};
    std::shared_ptr<asio::ssl::context> tls;
    std::unique_ptr<TempDir> dir;
    std::thread thread;

    // Touched on the io thread only.
    std::set<std::shared_ptr<Session>> sessions;
    std::int64_t tip = 100;
    std::map<std::string, Script> scripts;
    std::map<std::string, std::string> transactions;  // txid -> hex
    double fee = 0.0001;
    Framing framing = Framing::whole;
    std::map<std::string, std::pair<int, std::string>> failures;
    std::set<std::string> stalled;

    // Read by the test's thread too.
    mutable std::mutex log_mutex;
    std::vector<std::string> requests;
    std::map<std::string, std::string> last_params;
    std::vector<std::string> broadcasts;
    std::size_t accepted = 0;

    struct Session : std::enable_shared_from_this<Session> {
        State& server;
        tcp::socket socket;
        std::unique_ptr<asio::ssl::stream<tcp::socket>> tls;
        node::net::LineSplitter lines{1 << 20};
        std::array<char, 4096> buffer{};
        bool versioned = false;
        bool headers = false;
        std::set<std::string> scripts;
        std::deque<std::string> outbox;
        bool writing = false;
        std::string gathered;  // coalesced framing
        asio::steady_timer timer;
        bool closed = false;

        Session(State& s, tcp::socket sock) : server(s), socket(std::move(sock)), timer(server.io) {}

        template <class F>
        void with_stream(F&& f) {
            if (tls)
                f(*tls);
            else
                f(socket);
        }

        void start() {
            if (!server.tls) return read();
            tls = std::make_unique<asio::ssl::stream<tcp::socket>>(std::move(socket), *server.tls);
            auto self = shared_from_this();
            tls->async_handshake(asio::ssl::stream_base::server, [self](const boost::system::error_code& ec) {
                if (ec) return self->close();
                self->read();
            });
        }

        void read() {
            auto self = shared_from_this();
            with_stream([&](auto& stream) {
                stream.async_read_some(asio::buffer(buffer), [self](const boost::system::error_code& ec, std::size_t n) {
                    if (ec || self->closed) return self->close();
                    self->lines.feed(std::string_view(self->buffer.data(), n), [&](std::string_view line) {
                        self->handle(line);
                        return !self->closed;
                    });
                    if (!self->closed) self->read();
                });
            });
        }

        void deliver(const json& message) {
            const std::string line = message.dump() + "\n";
            if (server.framing == Framing::coalesced) {
                const bool arm = gathered.empty();
                gathered += line;
                if (!arm) return;
                timer.expires_after(std::chrono::milliseconds(20));
                auto self = shared_from_this();
                timer.async_wait([self](const boost::system::error_code& ec) {
                    if (ec || self->closed) return;
                    self->outbox.push_back(std::exchange(self->gathered, {}));
                    self->pump();
                });
                return;
            }
            if (server.framing == Framing::split) {
                for (std::size_t at = 0; at < line.size(); at += 7) outbox.push_back(line.substr(at, 7));
            } else {
                outbox.push_back(line);
            }
            pump();
        }

        void pump() {
            if (writing || outbox.empty() || closed) return;
            writing = true;
            auto self = shared_from_this();
            with_stream([&](auto& stream) {
                asio::async_write(stream, asio::buffer(outbox.front()), [self](const boost::system::error_code& ec, std::size_t) {
                    if (ec) return self->close();
                    self->outbox.pop_front();
                    if (self->server.framing != Framing::split) {
                        self->writing = false;
                        return self->pump();
                    }
                    // A pause between pieces, so that they arrive as separate reads.
                    self->timer.expires_after(std::chrono::milliseconds(1));
                    self->timer.async_wait([self](const boost::system::error_code&) {
                        self->writing = false;
                        self->pump();
                    });
                });
            });
        }

        void respond(const json& id, const json& result) { deliver({{"jsonrpc", "2.0"}, {"id", id}, {"result", result}}); }
        void error(const json& id, int code, const std::string& message) {
            deliver({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
        }

        void handle(std::string_view line) {
            const json request = json::parse(line, nullptr, false);
            if (request.is_discarded() || !request.is_object() || request.value("jsonrpc", "") != "2.0" ||
                !request.contains("id") || !request["id"].is_number_integer() || !request.contains("method") ||
                !request["method"].is_string() || !request.contains("params") || !request["params"].is_array()) {
                error(nullptr, -32600, "invalid request");
                return;
            }
            const json& id = request["id"];
            const std::string method = request["method"];
            const json& params = request["params"];
            {
                std::lock_guard lock(server.log_mutex);
                server.requests.push_back(method);
                server.last_params[method] = params.dump();
            }
            if (!versioned && method != "server.version") {
                error(id, 1, "server.version must be the first message");
                return close_after_writes();
            }
            if (server.stalled.count(method)) return;
            if (auto failure = server.failures.find(method); failure != server.failures.end()) {
                error(id, failure->second.first, failure->second.second);
                server.failures.erase(failure);
                return;
            }
            answer(id, method, params);
        }

        void answer(const json& id, const std::string& method, const json& params) {
            const auto script_param = [&]() -> std::string {
                return params.size() == 1 && params[0].is_string() ? params[0].get<std::string>() : "";
            };
            if (method == "server.version") {
                if (params.size() != 2 || !params[0].is_string()) return error(id, 1, "bad server.version params");
                versioned = true;
                return respond(id, json::array({"FlashTestElectrum 1.0", "1.4"}));
            }
            if (method == "server.ping") return respond(id, nullptr);
            if (method == "blockchain.headers.subscribe") {
                headers = true;
                return respond(id, header_json(server.tip));
            }
            if (method == "blockchain.scripthash.subscribe") {
                const std::string sh = script_param();
                if (sh.empty()) return error(id, 1, "bad script hash");
                scripts.insert(sh);
                return respond(id, status_json(server.scripts[sh].history));
            }
            if (method == "blockchain.scripthash.get_history") {
                json out = json::array();
                for (const HistoryItem& item : server.scripts[script_param()].history)
                    out.push_back({{"tx_hash", item.tx_hash}, {"height", item.height}});
                return respond(id, out);
            }
            if (method == "blockchain.scripthash.listunspent") {
                json out = json::array();
                for (const Unspent& u : server.scripts[script_param()].unspent)
                    out.push_back({{"tx_hash", u.txid}, {"tx_pos", u.vout}, {"height", u.height}, {"value", u.value_sat}});
                return respond(id, out);
            }
            if (method == "blockchain.transaction.get") {
                const auto found = server.transactions.find(script_param());
                if (found == server.transactions.end())
                    return error(id, 2, "daemon error: DaemonError({'code': -5, 'message': 'No such mempool or "
                                        "blockchain transaction. Use gettransaction for wallet transactions.'})");
                return respond(id, found->second);
            }
            if (method == "blockchain.transaction.broadcast") {
                const std::string hex = script_param();
                {
                    std::lock_guard lock(server.log_mutex);
                    server.broadcasts.push_back(hex);
                }
                try {
                    const Bytes raw = codec::hex_decode(hex);
                    const std::string txid = bitcoin::txid_hex(bitcoin::txid(bitcoin::parse_transaction(raw)));
                    server.transactions[txid] = hex;
                    return respond(id, txid);
                } catch (const std::exception&) {
                    return error(id, 1, "the transaction was rejected by network rules.\n\nTX decode failed");
                }
            }
            if (method == "blockchain.estimatefee") return respond(id, server.fee);
            error(id, -32601, "unknown method \"" + method + "\"");
        }

        void close_after_writes() {
            // Give the error a moment to leave, as ElectrumX does before it hangs up.
            auto self = shared_from_this();
            timer.expires_after(std::chrono::milliseconds(50));
            timer.async_wait([self](const boost::system::error_code&) { self->close(); });
        }

        void close() {
            if (closed) return;
            closed = true;
            boost::system::error_code ignored;
            if (tls)
                tls->lowest_layer().close(ignored);
            else
                socket.close(ignored);
            timer.cancel();
            server.sessions.erase(shared_from_this());
        }
    };

    void accept() {
        // `this` outlives every handler: the destructor stops and joins the thread first.
        acceptor.async_accept([self = this](const boost::system::error_code& ec, tcp::socket socket) {
            if (ec) return;
            {
                std::lock_guard lock(self->log_mutex);
                ++self->accepted;
            }
            socket.set_option(tcp::no_delay(true));
            auto session = std::make_shared<Session>(*self, std::move(socket));
            self->sessions.insert(session);
            session->start();
            self->accept();
        });
    }

    /// Runs `f` on the io thread and waits for it.
    template <class F>
    void run(F&& f) {
        std::promise<void> done;
        asio::post(io, [&] {
            f();
            done.set_value();
        });
        done.get_future().wait();
    }
};

ElectrumServer::ElectrumServer(bool tls) : state_(std::make_unique<State>()) {
    if (tls) {
        const SelfSignedCertificate identity = make_self_signed_certificate("electrum test");
        state_->dir = std::make_unique<TempDir>();
        std::ofstream(state_->dir->file("server.crt")) << identity.cert_pem;
        state_->tls = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
        state_->tls->use_certificate_chain(asio::buffer(identity.cert_pem));
        state_->tls->use_private_key(asio::buffer(identity.key_pem), asio::ssl::context::pem);
    }
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    state_->acceptor.open(endpoint.protocol());
    state_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    state_->acceptor.bind(endpoint);
    state_->acceptor.listen();
    state_->accept();
    state_->thread = std::thread([state = state_.get()] { state->io.run(); });
}

ElectrumServer::~ElectrumServer() {
    state_->run([state = state_.get()] {
        boost::system::error_code ignored;
        state->acceptor.close(ignored);
        for (const auto& session : std::set(state->sessions)) session->close();
    });
    state_->io.stop();
    state_->thread.join();
}

std::uint16_t ElectrumServer::port() const { return state_->acceptor.local_endpoint().port(); }

std::string ElectrumServer::cert_file() const { return state_->dir ? state_->dir->file("server.crt") : ""; }

void ElectrumServer::set_tip(std::int64_t height) {
    state_->run([&, state = state_.get()] {
        state->tip = height;
        for (const auto& session : state->sessions) {
            if (session->headers)
                session->deliver({{"jsonrpc", "2.0"}, {"method", "blockchain.headers.subscribe"},
                                  {"params", json::array({header_json(height)})}});
        }
    });
}

std::string ElectrumServer::tip_hash() const {
    std::string hash;
    state_->run([&, state = state_.get()] { hash = bitcoin::txid_hex(crypto::sha256d(header_for(state->tip))); });
    return hash;
}

void ElectrumServer::set_script(const std::string& script_hash, std::vector<HistoryItem> history,
                                std::vector<Unspent> unspent) {
    state_->run([&, state = state_.get()] {
        state->scripts[script_hash] = {std::move(history), std::move(unspent)};
        const json status = status_json(state->scripts[script_hash].history);
        for (const auto& session : state->sessions) {
            if (session->scripts.count(script_hash))
                session->deliver({{"jsonrpc", "2.0"}, {"method", "blockchain.scripthash.subscribe"},
                                  {"params", json::array({script_hash, status})}});
        }
    });
}

std::string ElectrumServer::add_transaction(const Bytes& raw) {
    const std::string txid = bitcoin::txid_hex(bitcoin::txid(bitcoin::parse_transaction(raw)));
    state_->run([&, state = state_.get()] { state->transactions[txid] = codec::hex_encode(raw); });
    return txid;
}

void ElectrumServer::set_fee(double btc_per_kb) {
    state_->run([&, state = state_.get()] { state->fee = btc_per_kb; });
}

void ElectrumServer::set_framing(Framing framing) {
    state_->run([&, state = state_.get()] { state->framing = framing; });
}

void ElectrumServer::fail_next(const std::string& method, int code, const std::string& message) {
    state_->run([&, state = state_.get()] { state->failures[method] = {code, message}; });
}

void ElectrumServer::stall(const std::string& method, bool on) {
    state_->run([&, state = state_.get()] {
        if (on)
            state->stalled.insert(method);
        else
            state->stalled.erase(method);
    });
}

void ElectrumServer::drop_connections() {
    state_->run([state = state_.get()] {
        for (const auto& session : std::set(state->sessions)) session->close();
    });
}

void ElectrumServer::send_raw_line(const std::string& line) {
    state_->run([&, state = state_.get()] {
        for (const auto& session : state->sessions) {
            session->outbox.push_back(line + "\n");
            session->pump();
        }
    });
}

std::vector<std::string> ElectrumServer::requests() const {
    std::lock_guard lock(state_->log_mutex);
    return state_->requests;
}

std::string ElectrumServer::last_params(const std::string& method) const {
    std::lock_guard lock(state_->log_mutex);
    const auto found = state_->last_params.find(method);
    return found == state_->last_params.end() ? "" : found->second;
}

std::size_t ElectrumServer::accepted() const {
    std::lock_guard lock(state_->log_mutex);
    return state_->accepted;
}

std::vector<std::string> ElectrumServer::broadcasts() const {
    std::lock_guard lock(state_->log_mutex);
    return state_->broadcasts;
}

}  // namespace flash::test
