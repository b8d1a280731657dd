// BtcpayServer: a loopback stand-in for a BTCPay Server's Greenfield API, for tests of flash-node's
// BTCPay integration (node/merchant/btcpay).
//
// It speaks the API as BTCPay's swagger documents it, over plain HTTP on 127.0.0.1: store routes
// need "Authorization: token <key>" (an unknown or missing key gets 401 with no body, a key without
// the route's permission 403 {"code": "missing-permission", "message", "missingPermission"}),
// validation failures are 422 [{"path", "message"}], other refusals {"code", "message"}, decimals
// are strings and times unix seconds.
//
// Routes: POST/GET /api/v1/stores/{storeId}/invoices[/{invoiceId}[/payment-methods]],
// POST /api/v1/stores/{storeId}/pull-payments, POST and GET /api/v1/pull-payments/{id}/payouts
// (public: no key).
//
// Webhooks are delivered as BTCPay does (WebhookSender.cs): POST of indented JSON signed with
// "BTCPay-Sig: sha256=<hex HMAC-SHA256(secret, body)>"; the first delivery of an event has
// originalDeliveryId = its own deliveryId, a redelivery a new deliveryId, the first one's
// originalDeliveryId, isRedelivery true and the event's timestamp; with automatic redelivery a
// delivery answered 5xx, 408, 429 or not at all is redelivered (here at once, up to 8 times).
//
// Runs on its own thread; every method may be called from the test's thread.
#pragma once
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace flash::test {

class BtcpayServer {
public:
    /// What a route does instead of answering.
    enum class Fault {
        none,
        stall,        ///< reads the request and never answers
        malformed,    ///< 200 with a body that is not JSON
        wrong_types,  ///< 200 with JSON of the wrong shape
        bad_gateway,  ///< 502 with an HTML page, as a proxy in front of a stopped server sends
    };

    /// Permissions a store key gets unless told otherwise: everything the client uses.
    static std::vector<std::string> all_permissions();

    /// Starts on 127.0.0.1 (a free port).
    BtcpayServer();
    ~BtcpayServer();
    BtcpayServer(const BtcpayServer&) = delete;
    BtcpayServer& operator=(const BtcpayServer&) = delete;

    std::string url() const;  ///< http://127.0.0.1:PORT

    struct Store {
        std::string id;
        std::string api_key;
    };
    /// A new store and an API key for it with `permissions` (e.g. "btcpay.store.cancreateinvoice").
    Store add_store(const std::vector<std::string>& permissions = all_permissions());
    /// The store's webhook: deliveries go to `url` signed with `secret`. Returns the webhook's id.
    std::string set_webhook(const std::string& store_id, const std::string& url, const std::string& secret);

    /// One delivery attempt and what the receiver answered (status 0: no answer).
    struct Delivery {
        std::string delivery_id;
        unsigned status = 0;
        std::string body;     ///< what was sent
        std::string answer;   ///< what came back
    };

    /// The invoice takes `status` ("Processing", "Settled", "Expired", "Invalid") and the event of
    /// that status (InvoiceProcessing, ...) goes to the store's webhook with automatic redelivery.
    /// Returns every attempt, in order.
    std::vector<Delivery> mark_invoice(const std::string& invoice_id, const std::string& status);
    /// An event of `type` about `invoice_id` to the store's webhook (one attempt, no redelivery).
    /// `timestamp` nullopt: now. `extra` is merged into the event.
    Delivery deliver(const std::string& store_id, const std::string& type, const std::string& invoice_id,
                     std::optional<std::int64_t> timestamp = std::nullopt,
                     const nlohmann::json& extra = nlohmann::json::object());
    /// Redelivers a delivery made before (by its id): a new delivery of the same event.
    Delivery redeliver(const std::string& delivery_id);
    /// Sets whether a failed delivery is redelivered by mark_invoice() (default: yes).
    void automatic_redelivery(bool on);

    /// POSTs `body` to `url` with `signature` as the BTCPay-Sig header (none when nullopt), for
    /// tests of what the receiver refuses.
    static Delivery post(const std::string& url, const std::string& body, const std::optional<std::string>& signature);
    /// "sha256=<hex HMAC-SHA256(secret, body)>".
    static std::string sign(const std::string& secret, const std::string& body);

    /// The invoice as GET would answer it (throws when unknown).
    nlohmann::json invoice(const std::string& invoice_id) const;

    /// Every later request to a path starting with `path_prefix` gets `fault`.
    void fault(const std::string& path_prefix, Fault fault);
    /// Requests that reached a route whose path starts with `path_prefix`.
    std::size_t requests(const std::string& path_prefix) const;
    /// The last request's Authorization header ("" when none) and body.
    std::string last_authorization() const;
    std::string last_body() const;

    struct State;  ///< everything, guarded by its mutex (defined in the .cpp)

private:
    std::unique_ptr<State> state_;
};

}  // namespace flash::test
