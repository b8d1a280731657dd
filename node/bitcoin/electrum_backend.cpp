#include "node/bitcoin/electrum_backend.hpp"

#include <future>
#include <utility>

#include "core/bitcoin/script_hash.hpp"
#include "core/bitcoin/transaction.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "node/bitcoin/electrum_results.hpp"
#include "node/bitcoin/electrum_rpc.hpp"
#include "node/net/tls_client_context.hpp"
#include "node/server/log.hpp"

namespace flash::node::bitcoin {
namespace {

using nlohmann::json;

/// The protocol versions flash-node speaks: 1.4 has everything it calls; 1.6 is the newest.
const json protocol_range = json::array({"1.4", "1.6"});

}  // namespace

ElectrumBackend::ElectrumBackend(ElectrumOptions options)
    : options_(std::move(options)),
      tls_(options_.tls ? net::make_client_tls_context(options_.pinned_cert_file) : nullptr),
      work_(asio::make_work_guard(io_)),
      backoff_(options_.reconnect_min),
      reconnect_timer_(io_),
      ping_timer_(io_) {
    asio::post(io_, [this] { connect(); });
    thread_ = std::thread([this] { io_.run(); });
}

ElectrumBackend::~ElectrumBackend() {
    shutdown();
    work_.reset();
    thread_.join();
}

void ElectrumBackend::shutdown() {
    asio::post(io_, [this] { stop_session(); });
}

void ElectrumBackend::drop_connection(const std::string& reason) {
    // A copy: closing runs closed(), which lets go of connection_.
    if (std::shared_ptr<electrum::Connection> connection = connection_) connection->close(reason);
}

void ElectrumBackend::stop_session() {
    stopping_ = true;
    reconnect_timer_.cancel();
    ping_timer_.cancel();
    drop_connection("shutting down");
    const ChainError gone(ChainErrc::unavailable, "electrum: the backend is shutting down");
    while (!waiting_.empty()) finish(waiting_, waiting_.begin()->first, nullptr, &gone);
}

// ----------------------------------------------------------------------------- the session

void ElectrumBackend::connect() {
    if (stopping_) return;
    connection_ = std::make_shared<electrum::Connection>(io_, tls_, options_.pinned_cert_file.has_value(),
                                                         options_.max_line_bytes);
    // A raw pointer: the handlers live in the connection, a shared_ptr would keep it alive forever.
    const electrum::Connection* current = connection_.get();
    connection_->open(options_.host, options_.port, options_.timeout,
                      {[this] { opened(); },
                       [this](std::string_view line) { on_line(line); },
                       [this, current](const std::string& reason) {
                           if (current == connection_.get()) closed(reason);
                       }});
}

void ElectrumBackend::opened() {
    // server.version must be the first message of a session (protocol 1.6).
    const std::uint64_t id = next_id_++;
    Request request{"server.version", json::array({options_.client_name, protocol_range}),
                    [this](const json* result, const ChainError* error) {
                        if (error) {
                            // A lost connection has been logged already; a refusal has not.
                            if (error->code() == ChainErrc::unavailable) return;
                            log::error("electrum server refused the protocol version", {{"error", error->what()}});
                            drop_connection("no common protocol version");
                            return;
                        }
                        handshake_done(*result);
                    },
                    nullptr};
    send(id, std::move(request));
}

void ElectrumBackend::handshake_done(const json& result) {
    const std::string version = electrum::protocol_version(result);
    ready_ = true;
    backoff_ = options_.reconnect_min;
    {
        std::lock_guard lock(changes_mutex_);
        connected_ = true;
    }
    log::info("electrum connected", {{"server", options_.host + ":" + std::to_string(options_.port)},
                                     {"tls", options_.tls},
                                     {"protocol", version}});
    submit("blockchain.headers.subscribe", json::array(), [this](const json* header, const ChainError* error) {
        if (error) return log::warn("electrum header subscription failed", {{"error", error->what()}});
        tip_seen(electrum::header_tip(*header));
    });
    for (const auto& entry : watched_) subscribe(entry.first);
    // Calls made while disconnected, in the order they were made.
    std::map<std::uint64_t, Request> queued;
    queued.swap(waiting_);
    for (auto& [id, request] : queued) send(id, std::move(request));
    ping_timer_.expires_after(options_.ping_interval);
    ping_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) ping();
    });
}

void ElectrumBackend::ping() {
    if (!ready_ || stopping_) return;
    submit("server.ping", json::array(), [](const json*, const ChainError*) {});  // a timeout drops the session
    ping_timer_.expires_after(options_.ping_interval);
    ping_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) ping();
    });
}

void ElectrumBackend::closed(const std::string& reason) {
    const bool was_ready = ready_;
    ready_ = false;
    connection_.reset();
    ping_timer_.cancel();
    {
        std::lock_guard lock(changes_mutex_);
        connected_ = false;
    }
    // Answers to these will never come; whether a broadcast among them reached the server is
    // unknown, so they fail rather than go out again.
    const ChainError lost(ChainErrc::unavailable, "electrum: connection lost (" + reason + ")");
    while (!in_flight_.empty()) finish(in_flight_, in_flight_.begin()->first, nullptr, &lost);
    if (stopping_) return;
    log::warn(was_ready ? "electrum connection lost" : "electrum connection failed",
              {{"reason", reason}, {"retry_in_ms", backoff_.count()}});
    reconnect_timer_.expires_after(backoff_);
    reconnect_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) connect();
    });
    backoff_ = std::min(backoff_ * 2, options_.reconnect_max);
}

void ElectrumBackend::on_line(std::string_view line) {
    try {
        electrum::Incoming incoming = electrum::parse_line(line);
        if (auto* response = std::get_if<electrum::Response>(&incoming)) {
            const auto found = in_flight_.find(response->id);
            if (found == in_flight_.end()) return;  // timed out already, or not ours
            if (response->error_code) {
                const ChainError error = electrum::error_for(found->second.method, *response);
                finish(in_flight_, response->id, nullptr, &error);
            } else {
                finish(in_flight_, response->id, &response->result, nullptr);
            }
            return;
        }
        const auto& notification = std::get<electrum::Notification>(incoming);
        if (notification.method == "blockchain.headers.subscribe") {
            if (notification.params.empty()) throw ChainError(ChainErrc::bad_response, "electrum: header notification without a header");
            tip_seen(electrum::header_tip(notification.params[0]));
        } else if (notification.method == "blockchain.scripthash.subscribe") {
            const json& params = notification.params;
            if (params.size() != 2 || !params[0].is_string())
                throw ChainError(ChainErrc::bad_response, "electrum: script hash notification without [scripthash, status]");
            status_seen(params[0].get<std::string>(), electrum::script_status(params[1]));
        }
    } catch (const ChainError& e) {
        log::warn("electrum server broke the protocol", {{"error", e.what()}});
        drop_connection(e.what());
    }
}

// ----------------------------------------------------------------------------- requests

void ElectrumBackend::submit(std::string method, json params, Done done) {
    if (stopping_) {
        const ChainError gone(ChainErrc::unavailable, "electrum: the backend is shutting down");
        return done(nullptr, &gone);
    }
    const std::uint64_t id = next_id_++;
    auto timer = std::make_shared<asio::steady_timer>(io_, options_.timeout);
    timer->async_wait([this, id](const boost::system::error_code& ec) {
        if (ec) return;
        if (waiting_.count(id)) {
            const ChainError error(ChainErrc::unavailable, "electrum: not connected to the server");
            return finish(waiting_, id, nullptr, &error);
        }
        if (!in_flight_.count(id)) return;
        const ChainError error(ChainErrc::timeout, "electrum " + in_flight_.at(id).method + ": no answer in time");
        finish(in_flight_, id, nullptr, &error);
        // A server that stops answering is replaced by a new session.
        drop_connection("a request timed out");
    });
    Request request{std::move(method), std::move(params), std::move(done), std::move(timer)};
    if (ready_)
        send(id, std::move(request));
    else
        waiting_.emplace(id, std::move(request));
}

void ElectrumBackend::send(std::uint64_t id, Request request) {
    const std::string line = electrum::request_line(id, request.method, request.params);
    in_flight_.emplace(id, std::move(request));
    connection_->send(line);
}

void ElectrumBackend::finish(std::map<std::uint64_t, Request>& from, std::uint64_t id, const json* result,
                             const ChainError* error) {
    const auto found = from.find(id);
    if (found == from.end()) return;
    Request request = std::move(found->second);
    from.erase(found);
    if (request.timer) request.timer->cancel();
    request.done(result, error);
}

json ElectrumBackend::call(const std::string& method, json params) {
    auto promise = std::make_shared<std::promise<json>>();
    std::future<json> answer = promise->get_future();
    asio::post(io_, [this, method, params = std::move(params), promise]() mutable {
        submit(method, std::move(params), [promise](const json* result, const ChainError* error) {
            if (error)
                promise->set_exception(std::make_exception_ptr(*error));
            else
                promise->set_value(*result);
        });
    });
    // The background thread answers every request by its timeout; the margin covers a busy thread.
    if (answer.wait_for(options_.timeout + std::chrono::seconds(5)) != std::future_status::ready)
        throw ChainError(ChainErrc::timeout, "electrum " + method + ": no answer in time");
    return answer.get();
}

// ----------------------------------------------------------------------------- subscriptions

void ElectrumBackend::subscribe(const std::string& script_hash) {
    submit("blockchain.scripthash.subscribe", json::array({script_hash}),
           [this, script_hash](const json* result, const ChainError* error) {
               if (error) return log::warn("electrum script subscription failed", {{"error", error->what()}});
               status_seen(script_hash, electrum::script_status(*result));
           });
}

void ElectrumBackend::status_seen(const std::string& script_hash, const std::optional<std::string>& status) {
    const auto found = watched_.find(script_hash);
    if (found == watched_.end()) return;
    Watched& watched = found->second;
    const bool changed = watched.known ? watched.status != status : status.has_value();
    watched.known = true;
    watched.status = status;
    if (!changed) return;
    {
        std::lock_guard lock(changes_mutex_);
        changed_scripts_.insert(watched.script);
    }
    changes_ready_.notify_all();
}

void ElectrumBackend::tip_seen(const ChainTip& tip) {
    if (tip_ == tip) return;
    tip_ = tip;
    {
        std::lock_guard lock(changes_mutex_);
        changed_tip_ = tip;
    }
    changes_ready_.notify_all();
}

void ElectrumBackend::watch(std::span<const Bytes> scripts) {
    std::vector<Bytes> copies(scripts.begin(), scripts.end());
    asio::post(io_, [this, copies = std::move(copies)] {
        for (const Bytes& script : copies) {
            const std::string script_hash = flash::bitcoin::electrum_script_hash(script);
            if (!watched_.emplace(script_hash, Watched{script, false, std::nullopt}).second) continue;
            if (ready_) subscribe(script_hash);
        }
    });
}

ChainChanges ElectrumBackend::wait_for_changes(std::chrono::milliseconds max_wait) {
    std::unique_lock lock(changes_mutex_);
    changes_ready_.wait_for(lock, max_wait, [this] { return changed_tip_ || !changed_scripts_.empty(); });
    ChainChanges changes;
    changes.tip = std::exchange(changed_tip_, std::nullopt);
    changes.scripts.assign(changed_scripts_.begin(), changed_scripts_.end());
    changed_scripts_.clear();
    return changes;
}

bool ElectrumBackend::connected() const {
    std::lock_guard lock(changes_mutex_);
    return connected_;
}

// ----------------------------------------------------------------------------- the calls

ChainTip ElectrumBackend::tip() { return electrum::header_tip(call("blockchain.headers.subscribe", json::array())); }

std::vector<HistoryItem> ElectrumBackend::history(ByteView script_pubkey) {
    return electrum::history(
        call("blockchain.scripthash.get_history", json::array({flash::bitcoin::electrum_script_hash(script_pubkey)})));
}

std::vector<Unspent> ElectrumBackend::unspent(ByteView script_pubkey) {
    return electrum::unspent(
        call("blockchain.scripthash.listunspent", json::array({flash::bitcoin::electrum_script_hash(script_pubkey)})));
}

Bytes ElectrumBackend::transaction(const std::string& txid) {
    const std::string canonical = flash::bitcoin::txid_hex(flash::bitcoin::txid_from_hex(txid));
    return electrum::raw_transaction(call("blockchain.transaction.get", json::array({canonical})));
}

std::string ElectrumBackend::broadcast(ByteView raw_tx) {
    return electrum::txid(call("blockchain.transaction.broadcast", json::array({codec::hex_encode(raw_tx)})));
}

std::optional<double> ElectrumBackend::fee_rate(unsigned target_blocks) {
    if (target_blocks < 1 || target_blocks > 1008) throw Error(Errc::bad_argument, "fee target must be 1..1008 blocks");
    return electrum::fee_rate(call("blockchain.estimatefee", json::array({target_blocks})));
}

}  // namespace flash::node::bitcoin
