#include "support/btcpay_server.hpp"

#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>

#include "core/codec/hex.hpp"
#include "core/codec/percent.hpp"
#include "core/crypto/mac.hpp"
#include "core/crypto/random.hpp"
#include "node/net/http_client.hpp"
#include "support/loopback_http.hpp"

namespace flash::test {
namespace {

using loopback::Request;
using loopback::Response;
using nlohmann::json;

constexpr const char* can_create_invoice = "btcpay.store.cancreateinvoice";
constexpr const char* can_view_invoices = "btcpay.store.canviewinvoices";
constexpr const char* can_create_pull_payments = "btcpay.store.cancreatepullpayments";
/// BTCPay's automatic redelivery: up to 8 more attempts (after waits this stand-in skips).
constexpr int max_redeliveries = 8;

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

/// An id in BTCPay's style: base58 characters.
std::string new_id(std::size_t length = 22) {
    static constexpr char alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    std::string out;
    for (const std::uint8_t byte : crypto::random_array<32>()) {
        if (out.size() == length) break;
        out += alphabet[byte % 58];
    }
    return out;
}

bool decimal_text(const std::string& text) {
    if (text.empty()) return false;
    std::size_t digits = 0;
    bool point = false;
    for (const char c : text) {
        if (c == '.' && !point) point = true;
        else if (c >= '0' && c <= '9') ++digits;
        else return false;
    }
    return digits > 0 && text.front() != '.' && text.back() != '.';
}

/// A decimal amount from a request: a decimal string or a JSON number; nullopt when neither.
std::optional<double> amount_of(const json& value) {
    if (value.is_number()) return value.get<double>();
    if (value.is_string() && decimal_text(value.get<std::string>())) return std::stod(value.get<std::string>());
    return std::nullopt;
}

std::string btc_text(double btc) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.8f", btc);
    return buffer;
}

/// The invoice amount in BTC (a fixed rate for fiat).
double to_btc(double amount, const std::string& currency) {
    if (currency == "BTC") return amount;
    if (currency == "SATS") return amount / 1e8;
    return amount / 65000.0;
}

std::vector<std::string> segments(std::string_view path) {
    std::vector<std::string> out;
    while (!path.empty()) {
        if (path.front() == '/') path.remove_prefix(1);
        const std::size_t slash = path.find('/');
        const std::string_view segment = path.substr(0, slash);
        out.push_back(codec::percent_decode(segment, false).value_or(std::string(segment)));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash);
    }
    return out;
}

json validation(const std::string& path, const std::string& message) {
    return json::array({{{"path", path}, {"message", message}}});
}

json api_error(const std::string& code, const std::string& message) { return {{"code", code}, {"message", message}}; }

/// A Greenfield answer; a Content-Type only with a body (BTCPay's 401 has neither).
Response reply(unsigned status, std::string body, const char* content_type = "application/json") {
    Response out{status, {{"Server", "btcpay test"}}, std::move(body)};
    if (!out.body.empty()) out.headers.push_back({"Content-Type", content_type});
    return out;
}

Response json_answer(unsigned status, const json& body) { return reply(status, body.dump()); }

struct Webhook {
    std::string id;
    std::string url;
    std::string secret;
};

struct StoreRecord {
    std::string api_key;
    std::set<std::string> permissions;
    std::optional<Webhook> webhook;
};

struct PullPayment {
    json data;
    double amount = 0;
    std::string store_id;
};

struct DeliveryRecord {
    std::string store_id;
    json event;
};

}  // namespace

struct BtcpayServer::State {
    mutable std::mutex mutex;  // everything below
    std::map<std::string, StoreRecord> stores;
    std::map<std::string, json> invoices;               ///< InvoiceData by id
    std::map<std::string, json> payment_methods;        ///< by invoice id
    std::map<std::string, PullPayment> pull_payments;
    std::vector<json> payouts;                          ///< PayoutData, in creation order
    std::map<std::string, DeliveryRecord> deliveries;   ///< the events sent, by delivery id
    std::vector<std::pair<std::string, Fault>> faults;
    std::vector<std::string> request_paths;
    std::string last_authorization;
    std::string last_body;
    bool auto_redeliver = true;
    /// Last: stopped first, before the state its handler reads goes.
    std::unique_ptr<loopback::HttpServer> server;

    Fault fault_for(std::string_view path) const {
        for (const auto& [prefix, fault] : faults) {
            if (path.starts_with(prefix)) return fault;
        }
        return Fault::none;
    }

    /// The store routes' check: 401 without a known key, 403 without the permission or store.
    std::optional<Response> refuse(const Request& request, const std::string& store_id, const char* permission) const {
        const std::string authorization = request.header("Authorization");
        constexpr std::string_view scheme = "token ";
        const StoreRecord* owner = nullptr;
        if (authorization.starts_with(scheme)) {
            const std::string key = authorization.substr(scheme.size());
            for (const auto& [id, store] : stores) {
                if (store.api_key == key) owner = &store;
            }
        }
        if (!owner) return reply(401, "");  // BTCPay's challenge has no body
        const auto store = stores.find(store_id);
        if (store == stores.end() || &store->second != owner || !owner->permissions.contains(permission)) {
            const std::string p = std::string(permission) + ":" + store_id;
            return json_answer(403, {{"code", "missing-permission"},
                                     {"message", "Insufficient API Permissions. Please use an API key with permission \"" +
                                                     p + "\"."},
                                     {"missingPermission", p}});
        }
        return std::nullopt;
    }

    Response create_invoice(const std::string& store_id, const json& body) {
        if (!body.is_object()) return json_answer(422, validation("", "The request body is not a JSON object"));
        json invoice = {{"id", new_id()}, {"storeId", store_id}, {"type", "Standard"}, {"archived", false}};
        double amount = 0;
        if (body.contains("amount") && !body["amount"].is_null()) {
            const std::optional<double> parsed = amount_of(body["amount"]);
            if (!parsed || *parsed <= 0) return json_answer(422, validation("amount", "Amount should be greater than 0"));
            amount = *parsed;
            invoice["amount"] = body["amount"].is_string() ? body["amount"].get<std::string>() : btc_text(amount);
        } else {
            invoice["type"] = "TopUp";
            invoice["amount"] = "0";
        }
        std::string currency = "BTC";
        if (body.contains("currency") && !body["currency"].is_null()) {
            static const std::set<std::string> known = {"BTC", "SATS", "USD", "EUR"};
            if (!body["currency"].is_string() || !known.contains(body["currency"].get<std::string>()))
                return json_answer(422, validation("currency", "Currency is not supported"));
            currency = body["currency"].get<std::string>();
        }
        invoice["currency"] = currency;
        std::int64_t expiration_minutes = 15;
        if (body.contains("checkout") && body["checkout"].is_object() && body["checkout"].contains("expirationMinutes")) {
            const json& minutes = body["checkout"]["expirationMinutes"];
            if (!minutes.is_number_integer() || minutes.get<std::int64_t>() <= 0)
                return json_answer(422, validation("checkout.expirationMinutes", "Expiration time must be at least 1 minute"));
            expiration_minutes = minutes.get<std::int64_t>();
        }
        const std::int64_t now = unix_now();
        invoice["metadata"] = body.contains("metadata") && body["metadata"].is_object() ? body["metadata"] : json::object();
        invoice["checkoutLink"] = url() + "/i/" + invoice["id"].get<std::string>();
        invoice["createdTime"] = now;
        invoice["expirationTime"] = now + expiration_minutes * 60;
        invoice["monitoringExpiration"] = now + expiration_minutes * 60 + 1440 * 60;
        invoice["status"] = "New";
        invoice["additionalStatus"] = "None";
        invoice["paidAmount"] = "0.00";
        invoice["availableStatusesForManualMarking"] = json::array({"Settled", "Invalid"});
        const std::string btc = btc_text(to_btc(amount, currency));
        const std::string rate = currency == "BTC" ? "1" : currency == "SATS" ? "0.00000001" : "65000";
        const std::string bolt11 = "lnbcrt" + new_id(60);
        const std::string address = "bcrt1q" + new_id(38);
        const auto method = [&](const char* id, const std::string& destination, const std::string& link) {
            return json{{"paymentMethodId", id}, {"currency", "BTC"}, {"destination", destination},
                        {"paymentLink", link},   {"rate", rate},       {"paymentMethodPaid", "0.00000000"},
                        {"totalPaid", "0.00000000"}, {"due", btc},    {"amount", btc},
                        {"paymentMethodFee", "0.00000000"}, {"payments", json::array()}, {"activated", true},
                        {"additionalData", json::object()}};
        };
        payment_methods[invoice["id"]] = json::array({method("BTC-LN", bolt11, "lightning:" + bolt11),
                                                      method("BTC-CHAIN", address, "bitcoin:" + address + "?amount=" + btc)});
        invoices[invoice["id"]] = invoice;
        return json_answer(200, invoice);
    }

    Response create_pull_payment(const std::string& store_id, const json& body) {
        if (!body.is_object()) return json_answer(422, validation("", "Missing body"));
        const std::optional<double> amount = body.contains("amount") ? amount_of(body["amount"]) : std::nullopt;
        if (!amount || *amount <= 0) return json_answer(422, validation("amount", "The amount should more than 0."));
        if (!body.contains("currency") || !body["currency"].is_string())
            return json_answer(422, validation("currency", "Invalid currency"));
        if (body.value("name", "").size() > 50)
            return json_answer(422, validation("name", "The name should be maximum 50 characters."));
        const std::string id = new_id(28);
        json data = {{"id", id},
                     {"name", body.value("name", "")},
                     {"description", body.value("description", "")},
                     {"currency", body["currency"]},
                     {"amount", body["amount"].is_string() ? body["amount"].get<std::string>() : btc_text(*amount)},
                     {"BOLT11Expiration", "30"},
                     {"autoApproveClaims", body.value("autoApproveClaims", false)},
                     {"archived", false},
                     {"viewLink", url() + "/pull-payments/" + id}};
        pull_payments[id] = {data, *amount, store_id};
        return json_answer(200, data);
    }

    Response create_payout(const std::string& pull_payment_id, const json& body) {
        const auto pp = pull_payments.find(pull_payment_id);
        if (pp == pull_payments.end())
            return json_answer(404, api_error("pullpayment-not-found", "The pull payment was not found"));
        if (!body.is_object() || !body.contains("destination") || !body["destination"].is_string() ||
            body["destination"].get<std::string>().empty())
            return json_answer(422, validation("destination", "The destination is required"));
        const std::string method = body.value("payoutMethodId", "");
        if (method != "BTC-LN" && method != "BTC-CHAIN")
            return json_answer(400, api_error("payment-method-not-supported", "Payout method not supported"));
        const std::optional<double> amount = body.contains("amount") ? amount_of(body["amount"]) : std::nullopt;
        if (!amount || *amount <= 0) return json_answer(422, validation("amount", "The amount should more than 0."));
        double claimed = 0;
        for (const json& payout : payouts) {
            if (payout["pullPaymentId"] != pull_payment_id || payout["state"] == "Cancelled") continue;
            if (payout["destination"] == body["destination"])
                return json_answer(400, api_error("duplicate-destination", "This destination is already in use"));
            claimed += std::stod(payout["originalAmount"].get<std::string>());
        }
        if (claimed + *amount > pp->second.amount + 1e-12)
            return json_answer(400, api_error("overdraft", "The payout amount exceeds the pull payment's remaining amount"));
        const bool approved = pp->second.data["autoApproveClaims"].get<bool>();
        json payout = {{"id", new_id()},
                       {"revision", 0},
                       {"pullPaymentId", pull_payment_id},
                       {"date", unix_now()},
                       {"destination", body["destination"]},
                       {"originalCurrency", pp->second.data["currency"]},
                       {"originalAmount", body["amount"].is_string() ? body["amount"].get<std::string>() : btc_text(*amount)},
                       {"payoutCurrency", "BTC"},
                       {"payoutAmount", approved ? json(btc_text(to_btc(*amount, pp->second.data["currency"].get<std::string>()))) : json()},
                       {"payoutMethodId", method},
                       {"state", approved ? "AwaitingPayment" : "AwaitingApproval"},
                       {"paymentProof", json()},
                       {"metadata", json::object()}};
        payouts.push_back(payout);
        return json_answer(200, payout);
    }

    Response list_payouts(const std::string& pull_payment_id, bool include_cancelled) const {
        if (!pull_payments.contains(pull_payment_id))
            return json_answer(404, api_error("pullpayment-not-found", "The pull payment was not found"));
        json list = json::array();
        for (const json& payout : payouts) {
            if (payout["pullPaymentId"] == pull_payment_id && (include_cancelled || payout["state"] != "Cancelled"))
                list.push_back(payout);
        }
        return json_answer(200, list);
    }

    loopback::Answer route(const Request& request) {
        const std::string& target = request.target;
        const std::string path = request.path();
        request_paths.push_back(path);
        last_authorization = request.header("Authorization");
        last_body = request.body;
        switch (fault_for(path)) {
            case Fault::none: break;
            case Fault::stall: return loopback::Stall{};
            case Fault::malformed: return reply(200, "<html>not json");
            case Fault::wrong_types: return json_answer(200, {{"id", 5}, {"status", json::array()}, {"amount", 1.5}});
            case Fault::bad_gateway: return reply(502, "<html><body>502 Bad Gateway</body></html>", "text/html");
        }
        json body;
        if (!request.body.empty()) body = json::parse(request.body, nullptr, false);
        const std::vector<std::string> s = segments(path);
        const std::string& method = request.method;
        const bool store_route = s.size() >= 5 && s[0] == "api" && s[1] == "v1" && s[2] == "stores";
        if (store_route && s[4] == "invoices") {
            const std::string& store_id = s[3];
            const char* permission = method == "POST" && s.size() == 5 ? can_create_invoice : can_view_invoices;
            if (auto refusal = refuse(request, store_id, permission)) return *refusal;
            if (method == "POST" && s.size() == 5) return create_invoice(store_id, body);
            if (method == "GET" && (s.size() == 6 || (s.size() == 7 && s[6] == "payment-methods"))) {
                const auto it = invoices.find(s[5]);
                if (it == invoices.end() || it->second["storeId"] != store_id)
                    return json_answer(404, api_error("invoice-not-found", "The invoice was not found"));
                return json_answer(200, s.size() == 6 ? it->second : payment_methods.at(s[5]));
            }
        }
        if (store_route && s.size() == 5 && s[4] == "pull-payments" && method == "POST") {
            if (auto refusal = refuse(request, s[3], can_create_pull_payments)) return *refusal;
            return create_pull_payment(s[3], body);
        }
        if (s.size() == 5 && s[0] == "api" && s[1] == "v1" && s[2] == "pull-payments" && s[4] == "payouts") {
            if (method == "POST") return create_payout(s[3], body);
            if (method == "GET") return list_payouts(s[3], target.find("includeCancelled=true") != std::string::npos);
        }
        return json_answer(404, api_error("not-found", "Not found"));
    }

    std::string url() const { return server->url(); }

    /// A new delivery of `event` to the store's webhook: its id set, recorded, body signed (under the lock).
    std::pair<Webhook, std::string> prepare(const std::string& store_id, json& event, const std::string& delivery_id) {
        const StoreRecord& store = stores.at(store_id);
        if (!store.webhook) throw std::logic_error("the store has no webhook");
        event["deliveryId"] = delivery_id;
        event["webhookId"] = store.webhook->id;
        deliveries[delivery_id] = {store_id, event};
        // Newtonsoft's Formatting.Indented, as BTCPay serialises deliveries.
        return {*store.webhook, event.dump(2)};
    }
};

namespace {

bool retried(unsigned status) { return status == 0 || status == 408 || status == 429 || status >= 500; }

}  // namespace

std::vector<std::string> BtcpayServer::all_permissions() {
    return {can_create_invoice, can_view_invoices, can_create_pull_payments};
}

BtcpayServer::BtcpayServer() : state_(std::make_unique<State>()) {
    State& s = *state_;
    std::lock_guard lock(s.mutex);  // the handler reads `server` (for URLs)
    s.server = std::make_unique<loopback::HttpServer>([&s](const Request& request) {
        std::lock_guard handler_lock(s.mutex);
        return s.route(request);
    });
}

BtcpayServer::~BtcpayServer() = default;

std::string BtcpayServer::url() const { return state_->url(); }

BtcpayServer::Store BtcpayServer::add_store(const std::vector<std::string>& permissions) {
    std::lock_guard lock(state_->mutex);
    Store store{new_id(44), new_id(40)};
    state_->stores[store.id] = {store.api_key, {permissions.begin(), permissions.end()}, std::nullopt};
    return store;
}

std::string BtcpayServer::set_webhook(const std::string& store_id, const std::string& url, const std::string& secret) {
    std::lock_guard lock(state_->mutex);
    const std::string id = new_id();
    state_->stores.at(store_id).webhook = Webhook{id, url, secret};
    return id;
}

BtcpayServer::Delivery BtcpayServer::post(const std::string& url, const std::string& body,
                                          const std::optional<std::string>& signature) {
    const std::size_t host_end = url.find('/', url.find("://") + 3);
    node::net::HttpClient client({.url = url.substr(0, host_end), .timeout = std::chrono::milliseconds(5000)});
    node::net::HttpRequest request{.method = "POST", .target = url.substr(host_end), .body = body};
    request.headers.push_back({"Content-Type", "application/json"});
    if (signature) request.headers.push_back({"BTCPay-Sig", *signature});
    Delivery out;
    out.body = body;
    try {
        const node::net::HttpResponse response = client.request(request);
        out.status = response.status;
        out.answer = response.body;
    } catch (const node::net::HttpError&) {
        out.status = 0;
    }
    return out;
}

std::string BtcpayServer::sign(const std::string& secret, const std::string& body) {
    return "sha256=" + codec::hex_encode(crypto::hmac_sha256(as_bytes(secret), as_bytes(body)));
}

BtcpayServer::Delivery BtcpayServer::deliver(const std::string& store_id, const std::string& type,
                                             const std::string& invoice_id, std::optional<std::int64_t> timestamp,
                                             const json& extra) {
    Webhook webhook;
    std::string body;
    const std::string delivery_id = new_id();
    {
        std::lock_guard lock(state_->mutex);
        json event = {{"originalDeliveryId", delivery_id},
                      {"isRedelivery", false},
                      {"type", type},
                      {"timestamp", timestamp.value_or(unix_now())},
                      {"storeId", store_id},
                      {"invoiceId", invoice_id}};
        if (const auto it = state_->invoices.find(invoice_id); it != state_->invoices.end())
            event["metadata"] = it->second["metadata"];
        event.update(extra);
        std::tie(webhook, body) = state_->prepare(store_id, event, delivery_id);
    }
    Delivery out = post(webhook.url, body, sign(webhook.secret, body));
    out.delivery_id = delivery_id;
    return out;
}

BtcpayServer::Delivery BtcpayServer::redeliver(const std::string& delivery_id) {
    Webhook webhook;
    std::string body;
    const std::string new_delivery_id = new_id();
    {
        std::lock_guard lock(state_->mutex);
        const DeliveryRecord& old = state_->deliveries.at(delivery_id);
        json event = old.event;
        if (event["originalDeliveryId"].is_null()) event["originalDeliveryId"] = delivery_id;
        event["isRedelivery"] = true;
        std::tie(webhook, body) = state_->prepare(old.store_id, event, new_delivery_id);
    }
    Delivery out = post(webhook.url, body, sign(webhook.secret, body));
    out.delivery_id = new_delivery_id;
    return out;
}

void BtcpayServer::automatic_redelivery(bool on) {
    std::lock_guard lock(state_->mutex);
    state_->auto_redeliver = on;
}

std::vector<BtcpayServer::Delivery> BtcpayServer::mark_invoice(const std::string& invoice_id, const std::string& status) {
    std::string store_id;
    bool auto_redeliver = true;
    {
        std::lock_guard lock(state_->mutex);
        json& invoice = state_->invoices.at(invoice_id);
        invoice["status"] = status;
        store_id = invoice["storeId"].get<std::string>();
        auto_redeliver = state_->auto_redeliver;
    }
    json extra = json::object();
    if (status == "Processing") extra = {{"overPaid", false}};
    else if (status == "Settled") extra = {{"manuallyMarked", false}, {"overPaid", false}};
    else if (status == "Expired") extra = {{"partiallyPaid", false}};
    else if (status == "Invalid") extra = {{"manuallyMarked", false}};
    std::vector<Delivery> attempts{deliver(store_id, "Invoice" + status, invoice_id, std::nullopt, extra)};
    const std::string first = attempts.front().delivery_id;
    while (auto_redeliver && retried(attempts.back().status) && attempts.size() <= max_redeliveries)
        attempts.push_back(redeliver(first));
    return attempts;
}

json BtcpayServer::invoice(const std::string& invoice_id) const {
    std::lock_guard lock(state_->mutex);
    return state_->invoices.at(invoice_id);
}

void BtcpayServer::fault(const std::string& path_prefix, Fault fault) {
    std::lock_guard lock(state_->mutex);
    state_->faults.emplace_back(path_prefix, fault);
}

std::size_t BtcpayServer::requests(const std::string& path_prefix) const {
    std::lock_guard lock(state_->mutex);
    std::size_t n = 0;
    for (const std::string& path : state_->request_paths) n += path.starts_with(path_prefix) ? 1 : 0;
    return n;
}

std::string BtcpayServer::last_authorization() const {
    std::lock_guard lock(state_->mutex);
    return state_->last_authorization;
}

std::string BtcpayServer::last_body() const {
    std::lock_guard lock(state_->mutex);
    return state_->last_body;
}

}  // namespace flash::test
