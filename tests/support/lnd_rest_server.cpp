#include "support/lnd_rest_server.hpp"

#include <cstdio>
#include <deque>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <thread>

#include "core/codec/base64.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/random.hpp"
#include "core/lightning/bolt11.hpp"
#include "node/server/asio.hpp"
#include "support/self_signed_cert.hpp"
#include "support/temp_dir.hpp"

namespace flash::test {
namespace {

namespace asio = flash::node::asio;
namespace beast = flash::node::beast;
namespace http = flash::node::http;
namespace bolt11 = flash::lightning::bolt11;
using tcp = flash::node::tcp;
using asio::awaitable;
using asio::redirect_error;
using asio::use_awaitable;
using nlohmann::json;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

void write_file(const std::string& path, std::string_view content) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) throw std::runtime_error("cannot write " + path);
    std::fwrite(content.data(), 1, content.size(), f);
    std::fclose(f);
}

// ---- LND's JSON ------------------------------------------------------------------------------------

std::string str(std::uint64_t n) { return std::to_string(n); }

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

/// HTTP status grpc-gateway gives a gRPC code.
unsigned http_status_of(int code) {
    switch (code) {
        case 5: return 404;   // NOT_FOUND
        case 6: return 409;   // ALREADY_EXISTS
        case 7: return 403;   // PERMISSION_DENIED
        case 16: return 401;  // UNAUTHENTICATED
        case 3: return 400;   // INVALID_ARGUMENT
        default: return 500;  // UNKNOWN and the rest
    }
}

json error_object(int code, const std::string& message) {
    return {{"code", code}, {"message", message}, {"details", json::array()}};
}

/// A `bytes` parameter as grpc-gateway reads it: standard base64, else padded URL-safe base64.
std::optional<ByteArray<32>> hash_param(std::string text) {
    // Undo percent-encoding (only %XX matters here).
    std::string plain;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            plain += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            plain += text[i];
        }
    }
    for (auto decode : {&codec::base64_decode, &codec::base64url_decode}) {
        try {
            const Bytes bytes = decode(plain);
            if (bytes.size() != 32) return std::nullopt;
            ByteArray<32> out{};
            std::copy(bytes.begin(), bytes.end(), out.begin());
            return out;
        } catch (const std::exception&) {
        }
    }
    return std::nullopt;
}

std::string query_value(std::string_view target, std::string_view key) {
    const std::size_t q = target.find('?');
    if (q == std::string_view::npos) return {};
    std::string_view query = target.substr(q + 1);
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const std::size_t eq = pair.find('=');
        if (pair.substr(0, eq) == key) return eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return {};
}

std::uint64_t int64_field(const json& body, const char* key) {
    if (!body.contains(key)) return 0;
    const json& v = body[key];
    if (v.is_string()) return std::stoull(v.get<std::string>());
    return v.get<std::uint64_t>();
}

struct InvoiceRecord {
    ByteArray<32> preimage{};
    ByteArray<32> hash{};
    ByteArray<32> secret{};
    std::string bolt11;
    std::string memo;
    std::uint64_t amount_msat = 0;
    std::uint64_t add_index = 0;
    std::uint64_t settle_index = 0;
    std::string state = "OPEN";
    std::int64_t created = 0;
    std::uint64_t expiry = 0;
};

json invoice_json(const InvoiceRecord& r) {
    const bool settled = r.state == "SETTLED";
    return {{"memo", r.memo},
            {"r_preimage", codec::base64_encode(r.preimage)},
            {"r_hash", codec::base64_encode(r.hash)},
            {"value", str(r.amount_msat / 1000)},
            {"value_msat", str(r.amount_msat)},
            {"settled", settled},
            {"creation_date", std::to_string(r.created)},
            {"settle_date", settled ? std::to_string(unix_now()) : "0"},
            {"payment_request", r.bolt11},
            {"description_hash", ""},
            {"expiry", str(r.expiry)},
            {"fallback_addr", ""},
            {"cltv_expiry", "80"},
            {"route_hints", json::array()},
            {"private", false},
            {"add_index", str(r.add_index)},
            {"settle_index", str(r.settle_index)},
            {"amt_paid", str(settled ? r.amount_msat : 0)},
            {"amt_paid_sat", str(settled ? r.amount_msat / 1000 : 0)},
            {"amt_paid_msat", str(settled ? r.amount_msat : 0)},
            {"state", r.state},
            {"htlcs", json::array()},
            {"features", json::object()},
            {"is_keysend", false},
            {"payment_addr", codec::base64_encode(r.secret)},
            {"is_amp", false},
            {"amp_invoice_state", json::object()}};
}

struct PaymentRecord {
    ByteArray<32> hash{};
    std::string bolt11;
    std::uint64_t amount_msat = 0;
    std::string status = "INITIATED";
    std::uint64_t fee_msat = 0;
    ByteArray<32> preimage{};  ///< zero until it succeeded
    std::string failure_reason = "FAILURE_REASON_NONE";
    std::uint64_t index = 0;
};

json payment_json(const PaymentRecord& p) {
    return {{"payment_hash", codec::hex_encode(p.hash)},
            {"value", str(p.amount_msat / 1000)},
            {"creation_date", std::to_string(unix_now())},
            {"fee", str(p.fee_msat / 1000)},
            {"payment_preimage", codec::hex_encode(p.preimage)},
            {"value_sat", str(p.amount_msat / 1000)},
            {"value_msat", str(p.amount_msat)},
            {"payment_request", p.bolt11},
            {"status", p.status},
            {"fee_sat", str(p.fee_msat / 1000)},
            {"fee_msat", str(p.fee_msat)},
            {"creation_time_ns", std::to_string(unix_now() * 1'000'000'000)},
            {"htlcs", json::array()},
            {"payment_index", str(p.index)},
            {"failure_reason", p.failure_reason}};
}

std::string line_of(const json& message) { return message.dump() + "\n"; }

/// One streamed response: what to send, in chunks, and when to stop.
struct Sink {
    explicit Sink(const asio::any_io_executor& executor) : wake(executor) {}
    unsigned status = 200;
    std::deque<std::string> chunks;
    bool finish = false;  ///< send the last chunk after `chunks`
    bool drop = false;    ///< close the connection without finishing
    asio::steady_timer wake;

    /// A message cut into two chunks (a reader must join them).
    void send(const std::string& line) {
        const std::size_t half = line.size() / 2;
        chunks.push_back(line.substr(0, half));
        chunks.push_back(line.substr(half));
        wake.cancel();
    }
    void end() {
        finish = true;
        wake.cancel();
    }
};

}  // namespace

struct LndRestServer::State {
    asio::io_context io{1};
    asio::ssl::context tls{asio::ssl::context::tls_server};
    tcp::acceptor acceptor{io};
    TempDir dir;
    std::string macaroon_hex;
    crypto::SecretKey node_key = crypto::secret_key_from(crypto::random_array<32>());
    crypto::SecretKey other_key = crypto::secret_key_from(crypto::random_array<32>());
    unsigned auth_status = 500;

    std::map<ByteArray<32>, InvoiceRecord> invoices;
    std::map<ByteArray<32>, ByteArray<32>> foreign_preimages;
    std::map<ByteArray<32>, PaymentRecord> payments;
    std::map<ByteArray<32>, Outcome> scripts;
    std::map<ByteArray<32>, std::size_t> send_counts;
    std::string last_send_body;
    std::uint64_t add_counter = 0;
    std::uint64_t settle_counter = 0;
    std::uint64_t payment_counter = 0;

    std::vector<std::shared_ptr<Sink>> subscriptions;
    std::multimap<ByteArray<32>, std::shared_ptr<Sink>> payment_watchers;
    std::size_t subscription_count = 0;
    std::string last_subscribe_target;
    std::vector<std::pair<std::string, Fault>> faults;
    std::map<std::string, std::size_t> request_counts;

    std::thread thread;

    /// Runs `f` on the server's thread and returns its result.
    template <class F>
    auto on_io(F f) -> decltype(f()) {
        std::packaged_task<decltype(f())()> task(std::move(f));
        auto result = task.get_future();
        asio::post(io, [&task] { task(); });
        return result.get();
    }

    std::string make_invoice(const crypto::SecretKey& key, bolt11::Network network, std::uint64_t amount_msat,
                             const std::string& memo, std::uint64_t expiry, const ByteArray<32>& preimage,
                             const ByteArray<32>& secret) const {
        bolt11::Invoice invoice;
        invoice.network = network;
        invoice.amount_msat = amount_msat;
        invoice.timestamp = static_cast<std::uint64_t>(unix_now());
        invoice.fields = {bolt11::PaymentHash{crypto::sha256(preimage)}, bolt11::PaymentSecret{secret},
                          bolt11::Description{memo}, bolt11::Expiry{expiry}, bolt11::MinFinalCltvExpiry{80},
                          bolt11::Features{{8, 14}}};
        return bolt11::encode(invoice, key);
    }

    /// SETTLED with the next settle_index, sent to every subscription.
    void settle(InvoiceRecord& invoice) {
        invoice.state = "SETTLED";
        invoice.settle_index = ++settle_counter;
        for (const auto& sink : subscriptions) sink->send(line_of({{"result", invoice_json(invoice)}}));
    }

    Fault fault_for(std::string_view path) const {
        for (const auto& [prefix, fault] : faults) {
            if (path.starts_with(prefix)) return fault;
        }
        return Fault::none;
    }
};

namespace {

using Request = http::request<http::string_body>;
using State = LndRestServer::State;
using Outcome = LndRestServer::Outcome;
using Fault = LndRestServer::Fault;

awaitable<void> write_json(TlsStream& stream, unsigned status, const std::string& body) {
    http::response<http::string_body> response{static_cast<http::status>(status), 11};
    response.set(http::field::content_type, "application/json");
    response.keep_alive(false);
    response.body() = body;
    response.prepare_payload();
    beast::error_code ec;
    co_await http::async_write(stream, response, redirect_error(use_awaitable, ec));
}

awaitable<void> write_error(TlsStream& stream, int code, const std::string& message) {
    co_await write_json(stream, http_status_of(code), error_object(code, message).dump());
}

/// Sends `sink` as grpc-gateway does: the head only with the first chunk, then chunks as they come.
awaitable<void> run_sink(TlsStream& stream, std::shared_ptr<Sink> sink) {
    beast::error_code ec;
    bool head_sent = false;
    for (;;) {
        while (sink->chunks.empty() && !sink->finish && !sink->drop) {
            sink->wake.expires_at(asio::steady_timer::time_point::max());
            co_await sink->wake.async_wait(redirect_error(use_awaitable, ec));
        }
        if (sink->drop) co_return;
        if (!head_sent) {
            http::response<http::empty_body> head{static_cast<http::status>(sink->status), 11};
            head.set(http::field::content_type, "application/json");
            head.chunked(true);
            http::response_serializer<http::empty_body> serializer{head};
            co_await http::async_write_header(stream, serializer, redirect_error(use_awaitable, ec));
            if (ec) co_return;
            head_sent = true;
        }
        while (!sink->chunks.empty()) {
            const std::string chunk = std::move(sink->chunks.front());
            sink->chunks.pop_front();
            co_await asio::async_write(stream, http::make_chunk(asio::buffer(chunk)), redirect_error(use_awaitable, ec));
            if (ec) co_return;
        }
        if (sink->finish) {
            co_await asio::async_write(stream, http::make_chunk_last(), redirect_error(use_awaitable, ec));
            co_return;
        }
    }
}

/// A stream that fails before its first message: the error's status and one {"error"} line.
awaitable<void> stream_error(TlsStream& stream, int code, const std::string& message) {
    auto sink = std::make_shared<Sink>(stream.get_executor());
    sink->status = http_status_of(code);
    sink->send(line_of({{"error", error_object(code, message)}}));
    sink->end();
    co_await run_sink(stream, sink);
}

bool is_stream_route(std::string_view path) {
    return path == "/v1/invoices/subscribe" || path == "/v2/router/send" || path.starts_with("/v2/router/track/");
}

awaitable<void> faulty(TlsStream& stream, State& s, Fault fault, bool streaming) {
    if (fault == Fault::stall) {
        asio::steady_timer never(s.io, asio::steady_timer::time_point::max());
        beast::error_code ec;
        co_await never.async_wait(redirect_error(use_awaitable, ec));
        co_return;
    }
    const std::string body = fault == Fault::malformed
                                 ? std::string("{\"result\": {\"status\": \"SUCC")
                                 : json{{"result", {{"r_hash", 5}, {"status", 9}, {"state", json::array()}}},
                                        {"r_hash", 5},
                                        {"payment_request", 7},
                                        {"state", 1},
                                        {"local_balance", 3},
                                        {"remote_balance", 3},
                                        {"channels", 2},
                                        {"chains", 2},
                                        {"confirmed_balance", {{"x", 1}}}}
                                       .dump();
    if (!streaming) {
        co_await write_json(stream, 200, body);
        co_return;
    }
    auto sink = std::make_shared<Sink>(stream.get_executor());
    sink->send(body + "\n");
    sink->end();
    co_await run_sink(stream, sink);
}

awaitable<void> send_payment(TlsStream& stream, State& s, const Request& request) {
    s.last_send_body = request.body();
    const json body = json::parse(request.body());
    const std::string pay_req = body.value("payment_request", "");
    bolt11::SignedInvoice decoded;
    std::string invalid;
    try {
        decoded = bolt11::decode(pay_req);
    } catch (const std::exception& e) {
        invalid = e.what();
    }
    if (!invalid.empty()) {
        co_await stream_error(stream, 2, "invalid payment request: " + invalid);
        co_return;
    }
    const ByteArray<32> hash = decoded.invoice.payment_hash();
    ++s.send_counts[hash];
    // Paying one of our own invoices is a circular payment (a rebalance): LND wants it spelled out.
    const auto own = s.invoices.find(hash);
    if (own != s.invoices.end() && !body.value("allow_self_payment", false)) {
        co_await stream_error(stream, 2, "self-payments not allowed");
        co_return;
    }
    if (auto it = s.payments.find(hash); it != s.payments.end() && it->second.status != "FAILED") {
        co_await stream_error(stream, 6,
                              it->second.status == "SUCCEEDED" ? "invoice is already paid" : "payment is in transition");
        co_return;
    }
    PaymentRecord& payment = s.payments[hash];
    payment = PaymentRecord{};
    payment.hash = hash;
    payment.bolt11 = pay_req;
    payment.amount_msat = decoded.invoice.amount_msat.value_or(0);
    payment.index = ++s.payment_counter;

    auto sink = std::make_shared<Sink>(stream.get_executor());
    sink->send(line_of({{"result", payment_json(payment)}}));
    const auto script = s.scripts.find(hash);
    const Outcome outcome = script == s.scripts.end() ? Outcome::succeed : script->second;
    const std::uint64_t fee_msat = 1000;
    if (outcome == Outcome::in_flight) {
        payment.status = "IN_FLIGHT";
        sink->send(line_of({{"result", payment_json(payment)}}));
        s.payment_watchers.emplace(hash, sink);
    } else if (outcome == Outcome::no_route || int64_field(body, "fee_limit_msat") < fee_msat) {
        payment.status = "FAILED";
        payment.failure_reason = "FAILURE_REASON_NO_ROUTE";
        sink->send(line_of({{"result", payment_json(payment)}}));
        sink->end();
    } else {
        payment.status = "SUCCEEDED";
        payment.fee_msat = fee_msat;
        if (own != s.invoices.end()) {
            payment.preimage = own->second.preimage;
            s.settle(own->second);  // the circle closed: our invoice is paid
        } else if (auto foreign = s.foreign_preimages.find(hash); foreign != s.foreign_preimages.end()) {
            payment.preimage = foreign->second;
        }
        sink->send(line_of({{"result", payment_json(payment)}}));
        sink->end();
    }
    co_await run_sink(stream, sink);
}

awaitable<void> track_payment(TlsStream& stream, State& s, std::string_view path) {
    const std::optional<ByteArray<32>> hash = hash_param(std::string(path.substr(std::string_view("/v2/router/track/").size())));
    if (!hash) {
        co_await stream_error(stream, 3, "invalid payment hash");
        co_return;
    }
    const auto it = s.payments.find(*hash);
    if (it == s.payments.end()) {
        co_await stream_error(stream, 5, "payment isn't initiated");
        co_return;
    }
    auto sink = std::make_shared<Sink>(stream.get_executor());
    sink->send(line_of({{"result", payment_json(it->second)}}));
    if (it->second.status == "IN_FLIGHT" || it->second.status == "INITIATED") s.payment_watchers.emplace(*hash, sink);
    else sink->end();
    co_await run_sink(stream, sink);
}

awaitable<void> subscribe_invoices(TlsStream& stream, State& s, const Request& request) {
    ++s.subscription_count;
    s.last_subscribe_target = std::string(request.target());
    const std::string from = query_value(request.target(), "settle_index");
    const std::uint64_t settle_index = from.empty() ? 0 : std::stoull(from);
    auto sink = std::make_shared<Sink>(stream.get_executor());
    if (settle_index > 0) {
        // The backlog: every settlement after the index, in order, in one chunk.
        std::map<std::uint64_t, const InvoiceRecord*> missed;
        for (const auto& [hash, invoice] : s.invoices) {
            if (invoice.settle_index > settle_index) missed.emplace(invoice.settle_index, &invoice);
        }
        std::string backlog;
        for (const auto& [index, invoice] : missed) backlog += line_of({{"result", invoice_json(*invoice)}});
        if (!backlog.empty()) sink->chunks.push_back(backlog);
    }
    s.subscriptions.push_back(sink);
    co_await run_sink(stream, sink);
}

awaitable<void> handle(TlsStream& stream, State& s, const Request& request) {
    const std::string target(request.target());
    const std::string path = target.substr(0, target.find('?'));
    const bool streaming = is_stream_route(path);
    if (request["Grpc-Metadata-macaroon"] != s.macaroon_hex) {
        const std::string message = request["Grpc-Metadata-macaroon"].empty()
                                        ? "expected 1 macaroon, got 0"
                                        : "verification failed: signature mismatch after caveat verification";
        if (streaming) {
            auto sink = std::make_shared<Sink>(stream.get_executor());
            sink->status = s.auth_status;
            sink->send(line_of({{"error", error_object(2, message)}}));
            sink->end();
            co_await run_sink(stream, sink);
        } else {
            co_await write_json(stream, s.auth_status, error_object(2, message).dump());
        }
        co_return;
    }
    ++s.request_counts[path];
    if (const Fault fault = s.fault_for(path); fault != Fault::none) {
        co_await faulty(stream, s, fault, streaming);
        co_return;
    }

    const http::verb method = request.method();
    if (method == http::verb::get && path == "/v1/getinfo") {
        const json info = {{"version", "0.21.0-beta (flash test server)"},
                           {"identity_pubkey", codec::hex_encode(crypto::public_key(s.node_key))},
                           {"alias", "lnd test"},
                           {"num_active_channels", 1},
                           {"block_height", 800},
                           {"synced_to_chain", true},
                           {"chains", json::array({{{"chain", "bitcoin"}, {"network", "regtest"}}})}};
        co_await write_json(stream, 200, info.dump());
    } else if (method == http::verb::post && path == "/v1/invoices") {
        const json body = json::parse(request.body());
        InvoiceRecord r;
        r.preimage = crypto::random_array<32>();
        r.hash = crypto::sha256(r.preimage);
        r.secret = crypto::random_array<32>();
        r.amount_msat = body.contains("value_msat") ? int64_field(body, "value_msat") : int64_field(body, "value") * 1000;
        r.memo = body.value("memo", "");
        r.expiry = body.contains("expiry") ? int64_field(body, "expiry") : 86400;
        r.created = unix_now();
        r.add_index = ++s.add_counter;
        r.bolt11 = s.make_invoice(s.node_key, bolt11::Network::regtest, r.amount_msat, r.memo, r.expiry, r.preimage, r.secret);
        s.invoices[r.hash] = r;
        const json answer = {{"r_hash", codec::base64_encode(r.hash)},
                             {"payment_request", r.bolt11},
                             {"add_index", str(r.add_index)},
                             {"payment_addr", codec::base64_encode(r.secret)}};
        co_await write_json(stream, 200, answer.dump());
    } else if (method == http::verb::get && path == "/v2/invoices/lookup") {
        const std::optional<ByteArray<32>> hash = hash_param(query_value(target, "payment_hash"));
        const auto it = hash ? s.invoices.find(*hash) : s.invoices.end();
        if (it == s.invoices.end()) co_await write_error(stream, 5, "unable to locate invoice");
        else co_await write_json(stream, 200, invoice_json(it->second).dump());
    } else if (method == http::verb::get && path == "/v1/invoices/subscribe") {
        co_await subscribe_invoices(stream, s, request);
    } else if (method == http::verb::post && path == "/v2/router/send") {
        co_await send_payment(stream, s, request);
    } else if (method == http::verb::get && path.starts_with("/v2/router/track/")) {
        co_await track_payment(stream, s, path);
    } else if (method == http::verb::get && path == "/v1/balance/channels") {
        const json zero = {{"sat", "0"}, {"msat", "0"}};
        const json answer = {{"balance", "700000"},
                             {"pending_open_balance", "0"},
                             {"local_balance", {{"sat", "700000"}, {"msat", "700000000"}}},
                             {"remote_balance", {{"sat", "300000"}, {"msat", "300000000"}}},
                             {"unsettled_local_balance", zero},
                             {"unsettled_remote_balance", zero},
                             {"pending_open_local_balance", zero},
                             {"pending_open_remote_balance", zero}};
        co_await write_json(stream, 200, answer.dump());
    } else if (method == http::verb::get && path == "/v1/channels") {
        const auto channel = [&](bool active, const char* id, const char* capacity, const char* local, const char* remote) {
            return json{{"active", active},
                        {"remote_pubkey", codec::hex_encode(crypto::public_key(s.other_key))},
                        {"channel_point", codec::hex_encode(crypto::random_array<32>()) + ":0"},
                        {"chan_id", id},
                        {"capacity", capacity},
                        {"local_balance", local},
                        {"remote_balance", remote},
                        {"commit_fee", "2810"},
                        {"unsettled_balance", "0"},
                        {"private", false},
                        {"initiator", true}};
        };
        const json answer = {{"channels", json::array({channel(true, "880000000000000001", "1000000", "700000", "300000"),
                                                       channel(false, "880000000000000002", "500000", "250000", "250000")})}};
        co_await write_json(stream, 200, answer.dump());
    } else if (method == http::verb::get && path == "/v1/balance/blockchain") {
        const json answer = {{"total_balance", "150000"},      {"confirmed_balance", "100000"},
                             {"unconfirmed_balance", "50000"}, {"locked_balance", "0"},
                             {"reserved_balance_anchor_chan", "0"}, {"account_balance", json::object()}};
        co_await write_json(stream, 200, answer.dump());
    } else {
        co_await write_json(stream, 404, "{\"code\":5,\"message\":\"Not Found\",\"details\":[]}");
    }
}

awaitable<void> serve(tcp::socket socket, State& s) {
    TlsStream stream(std::move(socket), s.tls);
    beast::error_code ec;
    co_await stream.async_handshake(asio::ssl::stream_base::server, redirect_error(use_awaitable, ec));
    if (ec) co_return;  // e.g. a client that does not trust our certificate
    beast::flat_buffer buffer;
    Request request;
    co_await http::async_read(stream, buffer, request, redirect_error(use_awaitable, ec));
    if (ec) co_return;
    try {
        co_await handle(stream, s, request);
    } catch (const std::exception&) {
        // A test sent something this stand-in does not understand: drop the connection.
    }
    beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ec);
}

awaitable<void> accept_loop(State& s) {
    for (;;) {
        beast::error_code ec;
        tcp::socket socket = co_await s.acceptor.async_accept(redirect_error(use_awaitable, ec));
        if (ec) co_return;
        asio::co_spawn(s.io, serve(std::move(socket), s), asio::detached);
    }
}

}  // namespace

LndRestServer::LndRestServer() : state_(std::make_unique<State>()) {
    State& s = *state_;
    // CN "lnd test": no name the client connects to, so only pinning trusts it (like LND's tls.cert).
    const SelfSignedCertificate cert = make_self_signed_certificate("lnd test");
    const SelfSignedCertificate other = make_self_signed_certificate("lnd test");
    write_file(s.dir.file("tls.cert"), cert.cert_pem);
    write_file(s.dir.file("other.cert"), other.cert_pem);
    const ByteArray<32> macaroon = crypto::random_array<32>();  // binary, as LND writes admin.macaroon
    write_file(s.dir.file("admin.macaroon"), as_chars(macaroon));
    s.macaroon_hex = codec::hex_encode(macaroon);

    s.tls.use_certificate_chain(asio::buffer(cert.cert_pem));
    s.tls.use_private_key(asio::buffer(cert.key_pem), asio::ssl::context::pem);
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    s.acceptor.open(endpoint.protocol());
    s.acceptor.set_option(asio::socket_base::reuse_address(true));
    s.acceptor.bind(endpoint);
    s.acceptor.listen();
    asio::co_spawn(s.io, accept_loop(s), asio::detached);
    s.thread = std::thread([&s] { s.io.run(); });
}

LndRestServer::~LndRestServer() {
    state_->io.stop();
    state_->thread.join();
}

std::string LndRestServer::url() const {
    return "https://127.0.0.1:" + std::to_string(state_->acceptor.local_endpoint().port());
}
std::string LndRestServer::cert_file() const { return state_->dir.file("tls.cert"); }
std::string LndRestServer::macaroon_file() const { return state_->dir.file("admin.macaroon"); }
std::string LndRestServer::other_cert_file() const { return state_->dir.file("other.cert"); }

void LndRestServer::settle(const ByteArray<32>& payment_hash) {
    state_->on_io([&] { state_->settle(state_->invoices.at(payment_hash)); });
}

std::string LndRestServer::foreign_invoice(std::uint64_t amount_msat, const std::string& description) {
    return state_->on_io([&] {
        State& s = *state_;
        const ByteArray<32> preimage = crypto::random_array<32>();
        s.foreign_preimages[crypto::sha256(preimage)] = preimage;
        return s.make_invoice(s.other_key, bolt11::Network::regtest, amount_msat, description, 3600, preimage,
                              crypto::random_array<32>());
    });
}

std::string LndRestServer::mainnet_invoice(std::uint64_t amount_msat) {
    return state_->on_io([&] {
        return state_->make_invoice(state_->other_key, bolt11::Network::mainnet, amount_msat, "mainnet", 3600,
                                    crypto::random_array<32>(), crypto::random_array<32>());
    });
}

void LndRestServer::script(const ByteArray<32>& payment_hash, Outcome outcome) {
    state_->on_io([&] { state_->scripts[payment_hash] = outcome; });
}

void LndRestServer::finish_payment(const ByteArray<32>& payment_hash, bool succeeded) {
    state_->on_io([&] {
        State& s = *state_;
        PaymentRecord& payment = s.payments.at(payment_hash);
        if (succeeded) {
            payment.status = "SUCCEEDED";
            payment.fee_msat = 1000;
            if (auto foreign = s.foreign_preimages.find(payment_hash); foreign != s.foreign_preimages.end())
                payment.preimage = foreign->second;
        } else {
            payment.status = "FAILED";
            payment.failure_reason = "FAILURE_REASON_TIMEOUT";
        }
        const auto [first, last] = s.payment_watchers.equal_range(payment_hash);
        for (auto it = first; it != last; ++it) {
            it->second->send(line_of({{"result", payment_json(payment)}}));
            it->second->end();
        }
        s.payment_watchers.erase(payment_hash);
    });
}

std::size_t LndRestServer::send_calls(const ByteArray<32>& payment_hash) const {
    return state_->on_io([&] {
        const auto it = state_->send_counts.find(payment_hash);
        return it == state_->send_counts.end() ? std::size_t{0} : it->second;
    });
}

std::string LndRestServer::last_send_body() const {
    return state_->on_io([&] { return state_->last_send_body; });
}

void LndRestServer::drop_subscriptions() {
    state_->on_io([&] {
        for (const auto& sink : state_->subscriptions) {
            sink->drop = true;
            sink->wake.cancel();
        }
        state_->subscriptions.clear();
    });
}

std::size_t LndRestServer::subscriptions() const {
    return state_->on_io([&] { return state_->subscription_count; });
}

std::string LndRestServer::last_subscribe_target() const {
    return state_->on_io([&] { return state_->last_subscribe_target; });
}

std::size_t LndRestServer::requests(const std::string& path) const {
    return state_->on_io([&] {
        const auto it = state_->request_counts.find(path);
        return it == state_->request_counts.end() ? std::size_t{0} : it->second;
    });
}

void LndRestServer::fault(const std::string& path_prefix, Fault fault) {
    state_->on_io([&] { state_->faults.emplace_back(path_prefix, fault); });
}

void LndRestServer::auth_failure_status(unsigned status) {
    state_->on_io([&] { state_->auth_status = status; });
}

}  // namespace flash::test
