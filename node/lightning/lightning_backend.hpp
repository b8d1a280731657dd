// LightningBackend: what flash-node needs from a Lightning node (the mint's bolt11 quotes, the
// node's own API). Implementations: `fake` (embedded default, fake_backend.hpp) and LND's REST API
// (lnd_backend.hpp); make_backend.hpp picks one from the configuration.
//
// Calls are synchronous and made from the server's I/O thread; an implementation that talks to a
// remote node bounds each call by its own timeout, and answers invoice_state() from memory when it
// can (the mint asks it for every watched quote twice a second). Errors: flash::Error(bad_argument)
// for an invoice that does not decode or a hash the backend does not know; LightningError for a
// failure of the backend itself (unreachable, refused, malformed answer).
#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/bytes.hpp"

namespace flash::node::lightning {

/// The backend is unreachable or refused a call (not a payment failure: see PaymentStatus).
class LightningError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Invoice {
    std::string bolt11;
    ByteArray<32> payment_hash{};
    std::uint64_t amount_msat = 0;
    std::uint64_t expiry_unix = 0;  ///< when the invoice stops being payable
};

enum class InvoiceState { open, settled, canceled };

enum class PaymentStatus { unknown, in_flight, succeeded, failed };

struct PaymentResult {
    PaymentStatus status = PaymentStatus::unknown;
    std::uint64_t fee_msat = 0;                ///< routing fee paid (succeeded only)
    std::optional<ByteArray<32>> preimage;     ///< succeeded only
    std::string failure_reason;                ///< failed only
};

/// One payment channel of the node.
struct Channel {
    std::string id;                ///< the backend's channel id (LND: the short channel id, decimal)
    std::string peer;              ///< the peer's node id, hex (33-byte compressed key)
    std::uint64_t capacity_sat = 0;
    std::uint64_t local_sat = 0;   ///< what the node can send through it
    std::uint64_t remote_sat = 0;  ///< what it can receive through it
    bool active = false;           ///< the peer is online and the channel usable
};

/// The node's channels and their totals (what the backend reports; the totals may leave out
/// balances that are not settled yet, so they need not equal the sums over `channels`).
struct ChannelBalances {
    std::uint64_t local_sat = 0;
    std::uint64_t remote_sat = 0;
    std::vector<Channel> channels;
};

/// The node's on-chain wallet.
struct WalletBalance {
    std::uint64_t confirmed_sat = 0;
    std::uint64_t unconfirmed_sat = 0;
};

/// What a bolt11 invoice asks for, as the backend reads it.
struct DecodedInvoice {
    ByteArray<32> payment_hash{};
    std::optional<std::uint64_t> amount_msat;  ///< nullopt for an amountless invoice
    std::uint64_t expiry_unix = 0;
    std::string description;
};

class LightningBackend {
public:
    virtual ~LightningBackend() = default;

    /// "fake" or "lnd": logged at start and shown where the backend matters.
    virtual std::string name() const = 0;

    /// A new invoice for `amount_msat` with `description`, payable for `expiry_s` seconds.
    virtual Invoice create_invoice(std::uint64_t amount_msat, const std::string& description,
                                   std::uint32_t expiry_s) = 0;

    /// The same with a description hash (BOLT 11 `h`) instead of a description: an LNURL-pay
    /// invoice commits to the SHA-256 of the pay request's metadata (LUD-06).
    virtual Invoice create_invoice_with_hash(std::uint64_t amount_msat, const ByteArray<32>& description_hash,
                                             std::uint32_t expiry_s) = 0;

    /// The state of an invoice this backend created. Does not block when the backend already knows
    /// the answer (LND: a cache kept current by a background subscription to settlements; a lookup
    /// only for a hash it has not seen, or while that subscription is down).
    /// Error(bad_argument) for an unknown hash.
    virtual InvoiceState invoice_state(const ByteArray<32>& payment_hash) = 0;

    /// Decodes a bolt11 invoice. Error(bad_argument) when it does not decode or is for another network.
    virtual DecodedInvoice decode(const std::string& bolt11) = 0;

    /// Pays `bolt11` spending at most `max_fee_msat` in routing fees. Returns the outcome known when
    /// the call returns (in_flight when the payment is still routing; track it with payment()).
    /// Paying the same invoice twice must not pay twice: while an attempt is in flight or after it
    /// succeeded, a second call reports that attempt (after a final failure a backend may try again
    /// (LND) or report the failure again (fake)). Error(bad_argument) for an invoice it cannot pay
    /// (does not decode, other network, no amount).
    virtual PaymentResult pay(const std::string& bolt11, std::uint64_t max_fee_msat) = 0;

    /// The outcome of an earlier pay() of the invoice with `payment_hash`; unknown when the backend
    /// never saw it (so it is safe to pay it now).
    virtual PaymentResult payment(const ByteArray<32>& payment_hash) = 0;

    /// The node's channels with their balances.
    virtual ChannelBalances channel_balances() = 0;

    /// The node's on-chain wallet balance.
    virtual WalletBalance wallet_balance() = 0;

    /// A circular payment to self that moves `amount_sat` of outbound liquidity from the channel
    /// `out_channel_id` (it leaves through it) to a channel with the peer `in_channel_peer` (hex
    /// node id; the payment comes back through it), spending at most `max_fee_msat` in routing fees.
    /// Returns the outcome known when the call returns, as pay() does. Error(bad_argument) for an
    /// amount of 0, a malformed channel id or peer, or (fake) a channel it does not have; a channel
    /// that cannot carry the amount is a failed payment, not an error. LightningError when the
    /// backend fails or cannot rebalance (the default: backends without circular payments).
    virtual PaymentResult rebalance(const std::string& /*out_channel_id*/, const std::string& /*in_channel_peer*/,
                                    std::uint64_t /*amount_sat*/, std::uint64_t /*max_fee_msat*/) {
        throw LightningError("the " + name() + " Lightning backend cannot rebalance channels");
    }
};

}  // namespace flash::node::lightning
