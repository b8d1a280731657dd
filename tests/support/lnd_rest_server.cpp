#include "support/lnd_rest_server.hpp"

#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

#include "core/codec/base64.hpp"
#include "core/codec/hex.hpp"
#include "core/codec/percent.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/random.hpp"
#include "core/lightning/bolt11.hpp"
#include "support/loopback_http.hpp"
#include "support/self_signed_cert.hpp"
#include "support/temp_dir.hpp"

namespace flash::test {
namespace {

namespace bolt11 = flash::lightning::bolt11;
using loopback::Answer;
using loopback::Request;
using loopback::Response;
using loopback::Stream;
using nlohmann::json;

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

/// A `bytes` parameter (already percent-decoded) as grpc-gateway reads it: standard base64, else
/// padded URL-safe base64.
std::optional<ByteArray<32>> hash_param(const std::string& text) {
    for (auto decode : {&codec::base64_decode, &codec::base64url_decode}) {
        try {
            const Bytes bytes = decode(text);
            if (bytes.size() != 32) return std::nullopt;
            ByteArray<32> out{};
            std::copy(bytes.begin(), bytes.end(), out.begin());
            return out;
        } catch (const std::exception&) {
        }
    }
    return std::nullopt;
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
    std::optional<ByteArray<32>> description_hash;  ///< set: the invoice carries `h` instead of `d`
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
            {"description_hash", r.description_hash ? codec::base64_encode(*r.description_hash) : ""},
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

/// A streamed response as grpc-gateway sends it: JSON, the head only with the first message.
std::shared_ptr<Stream> new_stream(unsigned status = 200) {
    return std::make_shared<Stream>(status, std::vector<loopback::Header>{{"Content-Type", "application/json"}});
}

/// One message of a stream, cut into two chunks (a reader must join them).
void send_line(Stream& stream, const std::string& line) {
    const std::size_t half = line.size() / 2;
    stream.send(line.substr(0, half));
    stream.send(line.substr(half));
}

/// A stream that ends after one message.
std::shared_ptr<Stream> single_line_stream(unsigned status, const std::string& line) {
    auto stream = new_stream(status);
    send_line(*stream, line);
    stream->end();
    return stream;
}

}  // namespace

struct LndRestServer::State {
    TempDir dir;
    std::string macaroon_hex;
    crypto::SecretKey node_key = crypto::secret_key_from(crypto::random_array<32>());
    crypto::SecretKey other_key = crypto::secret_key_from(crypto::random_array<32>());

    mutable std::mutex mutex;  // everything below; the server's thread holds it while it answers
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

    std::vector<std::shared_ptr<Stream>> subscriptions;
    std::multimap<ByteArray<32>, std::shared_ptr<Stream>> payment_watchers;
    std::size_t subscription_count = 0;
    std::string last_subscribe_target;
    std::vector<std::pair<std::string, Fault>> faults;
    std::map<std::string, std::size_t> request_counts;

    /// Last: stopped first, before the state its handler reads goes.
    std::unique_ptr<loopback::HttpServer> server;

    std::string make_invoice(const crypto::SecretKey& key, bolt11::Network network, std::uint64_t amount_msat,
                             const std::string& memo, std::uint64_t expiry, const ByteArray<32>& preimage,
                             const ByteArray<32>& secret,
                             const std::optional<ByteArray<32>>& description_hash = std::nullopt) const {
        bolt11::Invoice invoice;
        invoice.network = network;
        invoice.amount_msat = amount_msat;
        invoice.timestamp = static_cast<std::uint64_t>(unix_now());
        invoice.fields = {bolt11::PaymentHash{crypto::sha256(preimage)}, bolt11::PaymentSecret{secret}};
        if (description_hash) invoice.fields.push_back(bolt11::DescriptionHash{*description_hash});
        else invoice.fields.push_back(bolt11::Description{memo});
        invoice.fields.insert(invoice.fields.end(),
                              {bolt11::Expiry{expiry}, bolt11::MinFinalCltvExpiry{80}, bolt11::Features{{8, 14}}});
        return bolt11::encode(invoice, key);
    }

    /// SETTLED with the next settle_index, sent to every subscription.
    void settle(InvoiceRecord& invoice) {
        invoice.state = "SETTLED";
        invoice.settle_index = ++settle_counter;
        for (const auto& stream : subscriptions) send_line(*stream, line_of({{"result", invoice_json(invoice)}}));
    }

    Fault fault_for(std::string_view path) const {
        for (const auto& [prefix, fault] : faults) {
            if (path.starts_with(prefix)) return fault;
        }
        return Fault::none;
    }
};

namespace {

using State = LndRestServer::State;
using Outcome = LndRestServer::Outcome;
using Fault = LndRestServer::Fault;

Response json_response(unsigned status, std::string body) {
    return {status, {{"Content-Type", "application/json"}}, std::move(body)};
}

Response error_response(int code, const std::string& message) {
    return json_response(http_status_of(code), error_object(code, message).dump());
}

/// A stream that fails before its first message: the error's status and one {"error"} line.
std::shared_ptr<Stream> stream_error(int code, const std::string& message) {
    return single_line_stream(http_status_of(code), line_of({{"error", error_object(code, message)}}));
}

bool is_stream_route(std::string_view path) {
    return path == "/v1/invoices/subscribe" || path == "/v2/router/send" || path.starts_with("/v2/router/track/");
}

Answer faulty(Fault fault, bool streaming) {
    if (fault == Fault::stall) return loopback::Stall{};
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
    if (!streaming) return json_response(200, body);
    return single_line_stream(200, body + "\n");
}

Answer send_payment(State& s, const Request& request) {
    s.last_send_body = request.body;
    const json body = json::parse(request.body);
    const std::string pay_req = body.value("payment_request", "");
    bolt11::SignedInvoice decoded;
    try {
        decoded = bolt11::decode(pay_req);
    } catch (const std::exception& e) {
        return stream_error(2, std::string("invalid payment request: ") + e.what());
    }
    const ByteArray<32> hash = decoded.invoice.payment_hash();
    ++s.send_counts[hash];
    // Paying one of our own invoices is a circular payment (a rebalance): LND wants it spelled out.
    const auto own = s.invoices.find(hash);
    if (own != s.invoices.end() && !body.value("allow_self_payment", false))
        return stream_error(2, "self-payments not allowed");
    if (auto it = s.payments.find(hash); it != s.payments.end() && it->second.status != "FAILED")
        return stream_error(6, it->second.status == "SUCCEEDED" ? "invoice is already paid" : "payment is in transition");
    PaymentRecord& payment = s.payments[hash];
    payment = PaymentRecord{};
    payment.hash = hash;
    payment.bolt11 = pay_req;
    payment.amount_msat = decoded.invoice.amount_msat.value_or(0);
    payment.index = ++s.payment_counter;

    auto stream = new_stream();
    send_line(*stream, line_of({{"result", payment_json(payment)}}));
    const auto script = s.scripts.find(hash);
    const Outcome outcome = script == s.scripts.end() ? Outcome::succeed : script->second;
    const std::uint64_t fee_msat = 1000;
    if (outcome == Outcome::in_flight) {
        payment.status = "IN_FLIGHT";
        send_line(*stream, line_of({{"result", payment_json(payment)}}));
        s.payment_watchers.emplace(hash, stream);
    } else if (outcome == Outcome::no_route || int64_field(body, "fee_limit_msat") < fee_msat) {
        payment.status = "FAILED";
        payment.failure_reason = "FAILURE_REASON_NO_ROUTE";
        send_line(*stream, line_of({{"result", payment_json(payment)}}));
        stream->end();
    } else {
        payment.status = "SUCCEEDED";
        payment.fee_msat = fee_msat;
        if (own != s.invoices.end()) {
            payment.preimage = own->second.preimage;
            s.settle(own->second);  // the circle closed: our invoice is paid
        } else if (auto foreign = s.foreign_preimages.find(hash); foreign != s.foreign_preimages.end()) {
            payment.preimage = foreign->second;
        }
        send_line(*stream, line_of({{"result", payment_json(payment)}}));
        stream->end();
    }
    return stream;
}

Answer track_payment(State& s, std::string_view path) {
    const std::optional<std::string> segment =
        codec::percent_decode(path.substr(std::string_view("/v2/router/track/").size()), false);
    const std::optional<ByteArray<32>> hash = segment ? hash_param(*segment) : std::nullopt;
    if (!hash) return stream_error(3, "invalid payment hash");
    const auto it = s.payments.find(*hash);
    if (it == s.payments.end()) return stream_error(5, "payment isn't initiated");
    auto stream = new_stream();
    send_line(*stream, line_of({{"result", payment_json(it->second)}}));
    if (it->second.status == "IN_FLIGHT" || it->second.status == "INITIATED") s.payment_watchers.emplace(*hash, stream);
    else stream->end();
    return stream;
}

Answer subscribe_invoices(State& s, const Request& request) {
    ++s.subscription_count;
    s.last_subscribe_target = request.target;
    const std::string from = request.query("settle_index").value_or("");
    const std::uint64_t settle_index = from.empty() ? 0 : std::stoull(from);
    auto stream = new_stream();
    if (settle_index > 0) {
        // The backlog: every settlement after the index, in order, in one chunk.
        std::map<std::uint64_t, const InvoiceRecord*> missed;
        for (const auto& [hash, invoice] : s.invoices) {
            if (invoice.settle_index > settle_index) missed.emplace(invoice.settle_index, &invoice);
        }
        std::string backlog;
        for (const auto& [index, invoice] : missed) backlog += line_of({{"result", invoice_json(*invoice)}});
        stream->send(backlog);
    }
    s.subscriptions.push_back(stream);
    return stream;
}

Answer handle(State& s, const Request& request) {
    const std::string path = request.path();
    const bool streaming = is_stream_route(path);
    const std::string macaroon = request.header("Grpc-Metadata-macaroon");
    if (macaroon != s.macaroon_hex) {
        const std::string message = macaroon.empty() ? "expected 1 macaroon, got 0"
                                                     : "verification failed: signature mismatch after caveat verification";
        if (streaming) return single_line_stream(s.auth_status, line_of({{"error", error_object(2, message)}}));
        return json_response(s.auth_status, error_object(2, message).dump());
    }
    ++s.request_counts[path];
    if (const Fault fault = s.fault_for(path); fault != Fault::none) return faulty(fault, streaming);

    const std::string& method = request.method;
    if (method == "GET" && path == "/v1/getinfo") {
        const json info = {{"version", "0.21.0-beta (flash test server)"},
                           {"identity_pubkey", codec::hex_encode(crypto::public_key(s.node_key))},
                           {"alias", "lnd test"},
                           {"num_active_channels", 1},
                           {"block_height", 800},
                           {"synced_to_chain", true},
                           {"chains", json::array({{{"chain", "bitcoin"}, {"network", "regtest"}}})}};
        return json_response(200, info.dump());
    }
    if (method == "POST" && path == "/v1/invoices") {
        const json body = json::parse(request.body);
        InvoiceRecord r;
        r.preimage = crypto::random_array<32>();
        r.hash = crypto::sha256(r.preimage);
        r.secret = crypto::random_array<32>();
        r.amount_msat = body.contains("value_msat") ? int64_field(body, "value_msat") : int64_field(body, "value") * 1000;
        r.memo = body.value("memo", "");
        if (body.contains("description_hash")) {
            r.description_hash = hash_param(body["description_hash"].get<std::string>());
            if (!r.description_hash) return error_response(3, "invalid description hash");
        }
        r.expiry = body.contains("expiry") ? int64_field(body, "expiry") : 86400;
        r.created = unix_now();
        r.add_index = ++s.add_counter;
        r.bolt11 = s.make_invoice(s.node_key, bolt11::Network::regtest, r.amount_msat, r.memo, r.expiry, r.preimage,
                                  r.secret, r.description_hash);
        s.invoices[r.hash] = r;
        const json answer = {{"r_hash", codec::base64_encode(r.hash)},
                             {"payment_request", r.bolt11},
                             {"add_index", str(r.add_index)},
                             {"payment_addr", codec::base64_encode(r.secret)}};
        return json_response(200, answer.dump());
    }
    if (method == "GET" && path == "/v2/invoices/lookup") {
        const std::optional<std::string> param = request.query("payment_hash");
        const std::optional<ByteArray<32>> hash = param ? hash_param(*param) : std::nullopt;
        const auto it = hash ? s.invoices.find(*hash) : s.invoices.end();
        if (it == s.invoices.end()) return error_response(5, "unable to locate invoice");
        return json_response(200, invoice_json(it->second).dump());
    }
    if (method == "GET" && path == "/v1/invoices/subscribe") return subscribe_invoices(s, request);
    if (method == "POST" && path == "/v2/router/send") return send_payment(s, request);
    if (method == "GET" && path.starts_with("/v2/router/track/")) return track_payment(s, path);
    if (method == "GET" && path == "/v1/balance/channels") {
        const json zero = {{"sat", "0"}, {"msat", "0"}};
        const json answer = {{"balance", "700000"},
                             {"pending_open_balance", "0"},
                             {"local_balance", {{"sat", "700000"}, {"msat", "700000000"}}},
                             {"remote_balance", {{"sat", "300000"}, {"msat", "300000000"}}},
                             {"unsettled_local_balance", zero},
                             {"unsettled_remote_balance", zero},
                             {"pending_open_local_balance", zero},
                             {"pending_open_remote_balance", zero}};
        return json_response(200, answer.dump());
    }
    if (method == "GET" && path == "/v1/channels") {
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
        return json_response(200, answer.dump());
    }
    if (method == "GET" && path == "/v1/balance/blockchain") {
        const json answer = {{"total_balance", "150000"},      {"confirmed_balance", "100000"},
                             {"unconfirmed_balance", "50000"}, {"locked_balance", "0"},
                             {"reserved_balance_anchor_chan", "0"}, {"account_balance", json::object()}};
        return json_response(200, answer.dump());
    }
    return json_response(404, "{\"code\":5,\"message\":\"Not Found\",\"details\":[]}");
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
    s.server = std::make_unique<loopback::HttpServer>(
        [&s](const Request& request) {
            std::lock_guard lock(s.mutex);
            return handle(s, request);
        },
        &cert);
}

LndRestServer::~LndRestServer() = default;

std::string LndRestServer::url() const { return state_->server->url(); }
std::string LndRestServer::cert_file() const { return state_->dir.file("tls.cert"); }
std::string LndRestServer::macaroon_file() const { return state_->dir.file("admin.macaroon"); }
std::string LndRestServer::other_cert_file() const { return state_->dir.file("other.cert"); }

void LndRestServer::settle(const ByteArray<32>& payment_hash) {
    std::lock_guard lock(state_->mutex);
    state_->settle(state_->invoices.at(payment_hash));
}

std::string LndRestServer::foreign_invoice(std::uint64_t amount_msat, const std::string& description) {
    State& s = *state_;
    std::lock_guard lock(s.mutex);
    const ByteArray<32> preimage = crypto::random_array<32>();
    s.foreign_preimages[crypto::sha256(preimage)] = preimage;
    return s.make_invoice(s.other_key, bolt11::Network::regtest, amount_msat, description, 3600, preimage,
                          crypto::random_array<32>());
}

std::string LndRestServer::mainnet_invoice(std::uint64_t amount_msat) {
    return state_->make_invoice(state_->other_key, bolt11::Network::mainnet, amount_msat, "mainnet", 3600,
                                crypto::random_array<32>(), crypto::random_array<32>());
}

void LndRestServer::script(const ByteArray<32>& payment_hash, Outcome outcome) {
    std::lock_guard lock(state_->mutex);
    state_->scripts[payment_hash] = outcome;
}

void LndRestServer::finish_payment(const ByteArray<32>& payment_hash, bool succeeded) {
    State& s = *state_;
    std::lock_guard lock(s.mutex);
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
        send_line(*it->second, line_of({{"result", payment_json(payment)}}));
        it->second->end();
    }
    s.payment_watchers.erase(payment_hash);
}

std::size_t LndRestServer::send_calls(const ByteArray<32>& payment_hash) const {
    std::lock_guard lock(state_->mutex);
    const auto it = state_->send_counts.find(payment_hash);
    return it == state_->send_counts.end() ? std::size_t{0} : it->second;
}

std::string LndRestServer::last_send_body() const {
    std::lock_guard lock(state_->mutex);
    return state_->last_send_body;
}

void LndRestServer::drop_subscriptions() {
    std::lock_guard lock(state_->mutex);
    for (const auto& stream : state_->subscriptions) stream->drop();
    state_->subscriptions.clear();
}

std::size_t LndRestServer::subscriptions() const {
    std::lock_guard lock(state_->mutex);
    return state_->subscription_count;
}

std::string LndRestServer::last_subscribe_target() const {
    std::lock_guard lock(state_->mutex);
    return state_->last_subscribe_target;
}

std::size_t LndRestServer::requests(const std::string& path) const {
    std::lock_guard lock(state_->mutex);
    const auto it = state_->request_counts.find(path);
    return it == state_->request_counts.end() ? std::size_t{0} : it->second;
}

void LndRestServer::fault(const std::string& path_prefix, Fault fault) {
    std::lock_guard lock(state_->mutex);
    state_->faults.emplace_back(path_prefix, fault);
}

void LndRestServer::auth_failure_status(unsigned status) {
    std::lock_guard lock(state_->mutex);
    state_->auth_status = status;
}

}  // namespace flash::test
