#include "node/lightning/lnd_json.hpp"

#include <charconv>

#include "core/codec/base64.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"

namespace flash::node::lightning::lnd_json {
namespace {

using nlohmann::json;
namespace bolt11 = flash::lightning::bolt11;

[[noreturn]] void malformed(std::string_view what) {
    throw LightningError("malformed answer from LND: " + std::string(what));
}

const json& object_at(const json& parent, const char* key) {
    if (!parent.is_object() || !parent.contains(key) || !parent[key].is_object()) {
        malformed(std::string(key) + " is not an object");
    }
    return parent[key];
}

/// A uint64/int64 field: a decimal string (how LND sends them), or a plain JSON number; absent or
/// null is 0. A negative or non-numeric value is malformed.
std::uint64_t u64(const json& object, const char* key) {
    if (!object.is_object()) malformed("expected an object");
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return 0;
    if (it->is_number_unsigned()) return it->get<std::uint64_t>();
    if (it->is_string()) {
        const std::string& text = it->get_ref<const std::string&>();
        std::uint64_t value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec == std::errc{} && end == text.data() + text.size() && !text.empty()) return value;
    }
    malformed(std::string(key) + " is not a non-negative integer");
}

std::string text(const json& object, const char* key) {
    if (!object.is_object()) malformed("expected an object");
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return {};
    if (!it->is_string()) malformed(std::string(key) + " is not a string");
    return it->get<std::string>();
}

bool flag(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return false;
    if (!it->is_boolean()) malformed(std::string(key) + " is not a boolean");
    return it->get<bool>();
}

/// A 32-byte `bytes` field (base64).
ByteArray<32> hash_base64(const json& object, const char* key) {
    try {
        const Bytes bytes = codec::base64_decode(text(object, key));
        if (bytes.size() == 32) {
            ByteArray<32> out{};
            std::copy(bytes.begin(), bytes.end(), out.begin());
            return out;
        }
    } catch (const Error&) {
        // reported below
    }
    malformed(std::string(key) + " is not 32 bytes of base64");
}

/// A 32-byte hash in a hex string field (Payment.payment_hash, payment_preimage).
ByteArray<32> hash_hex(const json& object, const char* key) {
    try {
        return codec::hex_decode_array<32>(text(object, key));
    } catch (const Error&) {
        malformed(std::string(key) + " is not 32 bytes of hex");
    }
}

}  // namespace

json add_invoice_request(std::uint64_t amount_msat, const std::string& memo, std::uint32_t expiry_s) {
    return {{"value_msat", std::to_string(amount_msat)}, {"memo", memo}, {"expiry", std::to_string(expiry_s)}};
}

json add_hashed_invoice_request(std::uint64_t amount_msat, const ByteArray<32>& description_hash, std::uint32_t expiry_s) {
    return {{"value_msat", std::to_string(amount_msat)},
            {"description_hash", codec::base64_encode(description_hash)},
            {"expiry", std::to_string(expiry_s)}};
}

json send_payment_request(const std::string& bolt11, std::uint64_t max_fee_msat, std::uint32_t timeout_s) {
    return {{"payment_request", bolt11},
            {"fee_limit_msat", std::to_string(max_fee_msat)},
            {"timeout_seconds", timeout_s},
            {"no_inflight_updates", false}};
}

json circular_payment_request(const std::string& bolt11, std::uint64_t max_fee_msat, std::uint32_t timeout_s,
                              std::uint64_t out_channel_id, const ByteArray<33>& last_hop_pubkey) {
    json request = send_payment_request(bolt11, max_fee_msat, timeout_s);
    request["outgoing_chan_ids"] = json::array({std::to_string(out_channel_id)});
    request["last_hop_pubkey"] = codec::base64_encode(last_hop_pubkey);
    request["allow_self_payment"] = true;
    return request;
}

AddedInvoice read_added_invoice(const json& answer) {
    AddedInvoice out;
    out.payment_hash = hash_base64(answer, "r_hash");
    out.payment_request = text(answer, "payment_request");
    if (out.payment_request.empty()) malformed("the new invoice has no payment_request");
    return out;
}

InvoiceUpdate read_invoice(const json& invoice) {
    InvoiceUpdate out;
    out.payment_hash = hash_base64(invoice, "r_hash");
    const std::string state = text(invoice, "state");
    if (state == "SETTLED") out.state = InvoiceState::settled;
    else if (state == "CANCELED") out.state = InvoiceState::canceled;
    else if (state == "OPEN" || state == "ACCEPTED") out.state = InvoiceState::open;
    else malformed("unknown invoice state '" + state + "'");
    out.settle_index = u64(invoice, "settle_index");
    return out;
}

PaymentUpdate read_payment(const json& payment) {
    PaymentUpdate out;
    const std::string status = text(payment, "status");
    if (status == "SUCCEEDED") {
        out.result.status = PaymentStatus::succeeded;
        out.result.fee_msat = u64(payment, "fee_msat");
        out.result.preimage = hash_hex(payment, "payment_preimage");
    } else if (status == "FAILED") {
        out.result.status = PaymentStatus::failed;
        out.result.failure_reason = text(payment, "failure_reason");
        if (out.result.failure_reason.empty()) out.result.failure_reason = "FAILURE_REASON_ERROR";
    } else if (status == "IN_FLIGHT" || status == "INITIATED" || status == "UNKNOWN") {
        // Never read an unclear state as failed: the mint would give the inputs back.
        out.result.status = PaymentStatus::in_flight;
        out.initiated = status == "INITIATED";
    } else {
        malformed("unknown payment status '" + status + "'");
    }
    return out;
}

ChannelBalances read_channel_balances(const json& balance, const json& list) {
    ChannelBalances out;
    out.local_sat = u64(object_at(balance, "local_balance"), "sat");
    out.remote_sat = u64(object_at(balance, "remote_balance"), "sat");
    if (!list.is_object()) malformed("the channel list is not an object");
    const auto channels = list.find("channels");
    if (channels == list.end() || channels->is_null()) return out;
    if (!channels->is_array()) malformed("channels is not an array");
    for (const json& channel : *channels) {
        Channel c;
        c.id = std::to_string(u64(channel, "chan_id"));
        c.peer = text(channel, "remote_pubkey");
        c.capacity_sat = u64(channel, "capacity");
        c.local_sat = u64(channel, "local_balance");
        c.remote_sat = u64(channel, "remote_balance");
        c.active = flag(channel, "active");
        out.channels.push_back(std::move(c));
    }
    return out;
}

WalletBalance read_wallet_balance(const json& answer) {
    return {u64(answer, "confirmed_balance"), u64(answer, "unconfirmed_balance")};
}

bolt11::Network read_network(const json& info) {
    if (!info.is_object() || !info.contains("chains") || !info["chains"].is_array() || info["chains"].empty()) {
        malformed("getinfo has no chains");
    }
    const std::string network = text(info["chains"][0], "network");
    if (network == "mainnet") return bolt11::Network::mainnet;
    if (network == "testnet" || network == "testnet3" || network == "testnet4") return bolt11::Network::testnet;
    if (network == "signet") return bolt11::Network::signet;
    if (network == "regtest") return bolt11::Network::regtest;
    if (network == "simnet") return bolt11::Network::simnet;
    malformed("unknown network '" + network + "'");
}

}  // namespace flash::node::lightning::lnd_json
