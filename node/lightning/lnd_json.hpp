// LND's JSON, both ways (grpc-gateway with proto field names): 64-bit integers are decimal strings,
// `bytes` fields base64 (hashes in Payment messages are hex strings instead), enums their names.
// A reader throws LightningError("malformed ... from LND") when a field it needs is missing or of
// the wrong type; absent optional fields read as proto3 defaults (0, "").
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/bytes.hpp"
#include "core/lightning/bolt11.hpp"
#include "node/lightning/lightning_backend.hpp"

namespace flash::node::lightning::lnd_json {

// Requests.

/// AddInvoice (POST /v1/invoices): `value_msat`, `memo`, `expiry`.
nlohmann::json add_invoice_request(std::uint64_t amount_msat, const std::string& memo, std::uint32_t expiry_s);
/// AddInvoice with `description_hash` (base64) in place of a memo: LND then writes BOLT 11 `h`.
nlohmann::json add_hashed_invoice_request(std::uint64_t amount_msat, const ByteArray<32>& description_hash,
                                          std::uint32_t expiry_s);
/// SendPaymentV2 (POST /v2/router/send): `payment_request`, `fee_limit_msat` (0 would allow only
/// fee-free routes), `timeout_seconds`, in-flight updates on.
nlohmann::json send_payment_request(const std::string& bolt11, std::uint64_t max_fee_msat, std::uint32_t timeout_s);
/// SendPaymentV2 of an invoice of our own around a circle: send_payment_request() plus
/// `outgoing_chan_ids` [out_channel_id] (the way out), `last_hop_pubkey` (base64 of the peer of the
/// way back) and `allow_self_payment` true (LND refuses payments to itself without it).
nlohmann::json circular_payment_request(const std::string& bolt11, std::uint64_t max_fee_msat, std::uint32_t timeout_s,
                                        std::uint64_t out_channel_id, const ByteArray<33>& last_hop_pubkey);

// Answers.

/// AddInvoiceResponse.
struct AddedInvoice {
    ByteArray<32> payment_hash{};  ///< r_hash
    std::string payment_request;
};
AddedInvoice read_added_invoice(const nlohmann::json& answer);

/// Invoice (lookup answer, subscription message).
struct InvoiceUpdate {
    ByteArray<32> payment_hash{};  ///< r_hash
    InvoiceState state = InvoiceState::open;  ///< OPEN and ACCEPTED (held HTLCs) read as open
    std::uint64_t settle_index = 0;           ///< 0 until settled
};
InvoiceUpdate read_invoice(const nlohmann::json& invoice);

/// Payment (send and track stream messages).
struct PaymentUpdate {
    PaymentResult result;    ///< INITIATED and the deprecated UNKNOWN read as in_flight
    bool initiated = false;  ///< INITIATED: LND registered the payment but has sent no HTLC yet
};
PaymentUpdate read_payment(const nlohmann::json& payment);

/// ChannelBalanceResponse (GET /v1/balance/channels) and ListChannelsResponse (GET /v1/channels).
ChannelBalances read_channel_balances(const nlohmann::json& balance, const nlohmann::json& list);
/// WalletBalanceResponse (GET /v1/balance/blockchain).
WalletBalance read_wallet_balance(const nlohmann::json& answer);
/// The network of GetInfoResponse's first chain (GET /v1/getinfo): "mainnet", "testnet",
/// "testnet4", "signet", "regtest", "simnet".
flash::lightning::bolt11::Network read_network(const nlohmann::json& info);

}  // namespace flash::node::lightning::lnd_json
