// LndRest: the transport to LND's REST API (lnrpc/lightning.yaml, routerrpc/router.yaml): the
// macaroon header, JSON bodies, LND's error objects and its newline-delimited JSON streams.
//
// LND answers errors as {"code": <gRPC code>, "message", "details"} with an HTTP 4xx/5xx status; a
// stream sends {"result": {...}} per message and ends with {"error": {...}} when it fails. Both
// become LndCallError carrying LND's message. Everything else that goes wrong (connect, TLS, a
// timeout, an answer that is not the JSON LND sends) is a LightningError too, so a caller never sees
// an exception of the HTTP layer. Thread-safe: every call has its own connection.
#pragma once
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>

#include "node/lightning/lightning_backend.hpp"
#include "node/net/http_client.hpp"

namespace flash::node::lightning {

/// LND refused a call: its gRPC status code and message.
class LndCallError : public LightningError {
public:
    /// gRPC codes LND uses for the cases a caller handles.
    static constexpr int not_found = 5;       ///< e.g. "payment isn't initiated", "unable to locate invoice"
    static constexpr int already_exists = 6;  ///< e.g. "invoice is already paid", "payment is in transition"

    LndCallError(int code, unsigned http_status, const std::string& message)
        : LightningError("LND: " + message), code_(code), http_status_(http_status) {}
    int code() const noexcept { return code_; }
    unsigned http_status() const noexcept { return http_status_; }

private:
    int code_;
    unsigned http_status_;
};

/// Where LND is and how to prove the right to call it.
struct LndConnection {
    std::string rest_url{};                    ///< https://host:port (LND's restlisten)
    std::string macaroon_file{};               ///< admin.macaroon (binary, or its hex)
    std::optional<std::string> tls_cert_file{};  ///< LND's tls.cert, pinned; nullopt: the system's CA store
    std::chrono::milliseconds timeout{30'000};  ///< per unary call, and the silence allowed in a payment stream
};

class LndRest {
public:
    /// Reads the macaroon. Throws Error(bad_config) for an unreadable or empty macaroon file, a bad
    /// URL or certificate file.
    explicit LndRest(const LndConnection& connection);

    /// A unary call: `method` on `target` with `body` (none when null); the answer's JSON object.
    nlohmann::json call(std::string_view method, const std::string& target,
                        const nlohmann::json* body = nullptr) const;

    /// A streaming call: hands every message's "result" object to `on_result` until it returns false
    /// or the stream ends; an {"error"} message throws LndCallError. `on_sent` (optional) runs once
    /// the request is on the wire. `idle_timeout` nullopt waits for ever (until `stop`, then
    /// LightningError).
    void stream(std::string_view method, const std::string& target, const nlohmann::json* body,
                const std::function<bool(const nlohmann::json& result)>& on_result,
                std::optional<std::chrono::milliseconds> idle_timeout, std::stop_token stop = {},
                const std::function<void()>& on_sent = {}) const;

    std::chrono::milliseconds timeout() const noexcept { return timeout_; }

private:
    net::HttpRequest request(std::string_view method, const std::string& target, const nlohmann::json* body) const;

    net::HttpClient http_;
    std::string macaroon_hex_;
    std::chrono::milliseconds timeout_;
};

}  // namespace flash::node::lightning
