// LndBackend: LightningBackend over LND's REST API (lnd v0.21: SendPaymentSync is gone, payments
// go through the router's SendPaymentV2 and TrackPaymentV2 streams).
//
//   create_invoice  POST /v1/invoices (with `memo`, or `description_hash` for LNURL-pay)
//   invoice_state   the LndInvoiceWatch cache (GET /v1/invoices/subscribe, background thread), else
//                   GET /v2/invoices/lookup?payment_hash=<base64url>
//   decode          locally (core/lightning/bolt11), checking the invoice is for LND's network
//                   (GET /v1/getinfo, asked once)
//   pay             POST /v2/router/send, read until a final status or the first IN_FLIGHT; a
//                   payment hash LND already has (ALREADY_EXISTS: paid or in flight) is reported
//                   from GET /v2/router/track/{hash} instead of paying again
//   payment         the first message of GET /v2/router/track/{hash}; NOT_FOUND is unknown
//   rebalance       POST /v1/invoices (an invoice of our own), then POST /v2/router/send with
//                   outgoing_chan_ids, last_hop_pubkey and allow_self_payment (a circular payment)
//   balances        GET /v1/balance/channels, GET /v1/channels, GET /v1/balance/blockchain
//
// Failures of LND (unreachable, TLS, timeout, an error answer, malformed JSON) throw LightningError
// with LND's message; nothing LND sends can crash the node. Every call but invoice_state() on a
// known invoice is a network round trip bounded by the connection's timeout.
// The LightningBackend methods are called from one thread (the server's); the watch runs on its own.
#pragma once
#include <cstdint>
#include <mutex>
#include <optional>

#include "core/lightning/bolt11.hpp"
#include "node/lightning/lightning_backend.hpp"
#include "node/lightning/lnd_invoice_watch.hpp"
#include "node/lightning/lnd_rest.hpp"

namespace flash::node::lightning {

struct LndOptions {
    LndConnection connection;
    std::uint32_t pay_timeout_s = 60;  ///< LND's timeout_seconds: how long it may look for a route
    WatchBackoff backoff;              ///< the invoice subscription's reconnect delays
};

class LndBackend final : public LightningBackend {
public:
    /// Reads the macaroon and starts the invoice watch; LND need not be up yet.
    /// Throws Error(bad_config) as LndRest does.
    explicit LndBackend(const LndOptions& options);

    std::string name() const override { return "lnd"; }

    /// Error(bad_argument) for an amount of 0 or a description that is not UTF-8 or longer than
    /// 639 bytes (what fits a BOLT 11 `d` field).
    Invoice create_invoice(std::uint64_t amount_msat, const std::string& description,
                           std::uint32_t expiry_s) override;
    /// Error(bad_argument) for an amount of 0.
    Invoice create_invoice_with_hash(std::uint64_t amount_msat, const ByteArray<32>& description_hash,
                                     std::uint32_t expiry_s) override;
    InvoiceState invoice_state(const ByteArray<32>& payment_hash) override;
    DecodedInvoice decode(const std::string& bolt11) override;
    PaymentResult pay(const std::string& bolt11, std::uint64_t max_fee_msat) override;
    PaymentResult payment(const ByteArray<32>& payment_hash) override;
    ChannelBalances channel_balances() override;
    WalletBalance wallet_balance() override;
    /// Error(bad_argument) for an amount of 0 or above 21,000,000 BTC, a channel id that is not a
    /// decimal short channel id, or a peer that is not a hex public key.
    PaymentResult rebalance(const std::string& out_channel_id, const std::string& in_channel_peer,
                            std::uint64_t amount_sat, std::uint64_t max_fee_msat) override;

    /// The settlement cache and its subscription (for health checks and tests).
    const LndInvoiceWatch& watch() const noexcept { return watch_; }

private:
    /// POST /v1/invoices with `request`; checks that the invoice LND made has the hash it reports,
    /// `amount_msat` and, when given, `description_hash`. LightningError otherwise.
    Invoice add_invoice(const nlohmann::json& request, std::uint64_t amount_msat,
                        const std::optional<ByteArray<32>>& description_hash);
    flash::lightning::bolt11::Network network();
    /// Decodes `bolt11` and checks it is for LND's network; Error(bad_argument) otherwise.
    flash::lightning::bolt11::SignedInvoice decode_for_lnd(const std::string& bolt11);
    /// POST /v2/router/send with `request` for the invoice with `payment_hash`, read until a final
    /// status or the first IN_FLIGHT; an attempt LND already has is reported from payment().
    PaymentResult send(const nlohmann::json& request, const ByteArray<32>& payment_hash);

    LndRest rest_;
    std::uint32_t pay_timeout_s_;
    std::mutex network_mutex_;
    std::optional<flash::lightning::bolt11::Network> network_;
    LndInvoiceWatch watch_;  ///< last: its thread uses rest_
};

}  // namespace flash::node::lightning
