// BOLT 11 Lightning invoices: decoding (with signature check and payee recovery) and encoding
// (signing with the payee's node key).
//
// An invoice is the human-readable part (network prefix, optional amount), a timestamp, a list of
// tagged fields in the order the writer chose (the signature covers that order), and a signature.
// Invoice keeps the fields as that ordered list so that re-encoding a decoded invoice with the same
// key reproduces it byte for byte; the accessors give the typed view (first field of a kind wins,
// as the spec tells readers).
//
// Decoding follows the reader rules of lightning/bolts 11-payment-encoding.md:
//   - bech32 without the 90-character limit (up to max_invoice_length), either case, not mixed;
//   - `p`, `h`, `s`, `n` fields of the wrong data_length, `f` fields with an unknown version
//     (19..31) and fields of unknown type are skipped, and kept as SkippedField;
//   - an unknown even feature bit fails, unknown odd bits are kept and mean nothing; a feature
//     set without its BOLT 9 dependency (payment_secret without var_onion_optin, basic_mpp
//     without payment_secret) fails ("MUST NOT attempt the payment");
//   - with an `n` field the signature is verified against it and must be low-S; without one the
//     payee is recovered from the signature (low-S or high-S);
//   - a `p` field, an `s` field and a `d` or `h` field are required (exactly one of `d`/`h`).
// Every violation throws Error(bad_invoice), except the bech32 layer's own errors (bad_bech32,
// bad_checksum), which pass through unchanged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/bytes.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::lightning::bolt11 {

/// Longest invoice string decode() accepts (the spec lifts bech32's 90-character limit but sets
/// none; this bounds the work on outside input and fits any QR code).
inline constexpr std::size_t max_invoice_length = 7089;

/// The currency prefix after "ln".
enum class Network {
    mainnet,  ///< "bc"
    testnet,  ///< "tb"
    signet,   ///< "tbs"
    regtest,  ///< "bcrt"
    simnet,   ///< "sb"
};

/// "bc", "tb", "tbs", "bcrt" or "sb".
std::string_view currency_prefix(Network network) noexcept;

// The tagged fields (type letter and number in brackets).

/// `p` (1): SHA-256 of the payment preimage.
struct PaymentHash {
    ByteArray<32> hash{};
    bool operator==(const PaymentHash&) const = default;
};
/// `s` (16): the payment secret the payer puts in the onion.
struct PaymentSecret {
    ByteArray<32> secret{};
    bool operator==(const PaymentSecret&) const = default;
};
/// `d` (13): description, UTF-8 (at most 639 bytes fit in one field).
struct Description {
    std::string text;
    bool operator==(const Description&) const = default;
};
/// `h` (23): SHA-256 of a description transported some other way.
struct DescriptionHash {
    ByteArray<32> hash{};
    bool operator==(const DescriptionHash&) const = default;
};
/// `x` (6): seconds after the timestamp when the invoice expires.
struct Expiry {
    std::uint64_t seconds = 0;
    bool operator==(const Expiry&) const = default;
};
/// `c` (24): min_final_cltv_expiry_delta, in blocks.
struct MinFinalCltvExpiry {
    std::uint64_t blocks = 0;
    bool operator==(const MinFinalCltvExpiry&) const = default;
};
/// `f` (9): on-chain fallback: version 0..16 with a witness program (2..40 bytes, 20 or 32 for
/// version 0), 17 with a 20-byte P2PKH hash, 18 with a 20-byte P2SH hash.
struct Fallback {
    std::uint8_t version = 0;
    Bytes program;
    bool operator==(const Fallback&) const = default;
};
/// One hop of a private route (BOLT 7 channel_update values).
struct RouteHop {
    crypto::PublicKey pubkey{};             ///< node at the start of the channel
    std::uint64_t short_channel_id = 0;     ///< block height << 40 | tx index << 16 | output index
    std::uint32_t fee_base_msat = 0;
    std::uint32_t fee_proportional_millionths = 0;
    std::uint16_t cltv_expiry_delta = 0;
    bool operator==(const RouteHop&) const = default;
};
/// `r` (3): one private route, hops in forward order (at least one).
struct RouteHint {
    std::vector<RouteHop> hops;
    bool operator==(const RouteHint&) const = default;
};
/// `9` (5): feature bits, as the positions of the set bits, ascending (bit 0 = least significant).
struct Features {
    std::vector<std::uint16_t> bits;
    bool has(unsigned bit) const noexcept;
    bool operator==(const Features&) const = default;
};
/// `m` (27): payment metadata the payer passes back to the payee.
struct Metadata {
    Bytes data;
    bool operator==(const Metadata&) const = default;
};
/// `n` (19): the payee's node id, stated explicitly.
struct PayeeNodeId {
    crypto::PublicKey key{};
    bool operator==(const PayeeNodeId&) const = default;
};
/// A field the reader must skip: unknown type, `p`/`h`/`s`/`n` of the wrong length, `f` of an
/// unknown version. Kept verbatim (5-bit words) because the signature covers it.
struct SkippedField {
    std::uint8_t type = 0;  ///< 0..31; the bech32 character of the tag is "qpzry9x8..."[type]
    Bytes words;            ///< the data, one 5-bit value per byte
    bool operator==(const SkippedField&) const = default;
};

using TaggedField = std::variant<PaymentHash, PaymentSecret, Description, DescriptionHash, Expiry,
                                 MinFinalCltvExpiry, Fallback, RouteHint, Features, Metadata,
                                 PayeeNodeId, SkippedField>;

/// The defaults the spec gives when `x` or `c` is absent.
inline constexpr std::uint64_t default_expiry_seconds = 3600;
inline constexpr std::uint64_t default_min_final_cltv_expiry = 18;

/// What the signature covers. encode() writes `fields` in their order.
struct Invoice {
    Network network = Network::mainnet;
    std::optional<std::uint64_t> amount_msat;  ///< nullopt: any amount (donation)
    std::uint64_t timestamp = 0;               ///< unix seconds, below 2^35
    std::vector<TaggedField> fields;

    /// The first field of type `Field`, or nullptr. The pointer is into `fields`.
    template <class Field>
    const Field* first() const noexcept {
        for (const auto& field : fields)
            if (const auto* f = std::get_if<Field>(&field)) return f;
        return nullptr;
    }
    /// Every field of type `Field`, in order (fallbacks and route hints may repeat).
    template <class Field>
    std::vector<Field> all() const {
        std::vector<Field> out;
        for (const auto& field : fields)
            if (const auto* f = std::get_if<Field>(&field)) out.push_back(*f);
        return out;
    }

    /// The payment hash and secret. Error(bad_invoice) when the field is missing (never for a
    /// decoded invoice).
    const ByteArray<32>& payment_hash() const;
    const ByteArray<32>& payment_secret() const;
    /// The `d` text, or nullopt when the invoice has an `h` instead.
    std::optional<std::string> description() const;
    std::optional<ByteArray<32>> description_hash() const;
    /// `x`, or 3600 when absent.
    std::uint64_t expiry_seconds() const noexcept;
    /// timestamp + expiry_seconds(), saturating.
    std::uint64_t expires_at() const noexcept;
    /// `c`, or 18 when absent.
    std::uint64_t min_final_cltv_expiry() const noexcept;
    /// The `9` field, or no bits when absent.
    Features features() const;

    bool operator==(const Invoice&) const = default;
};

/// A decoded invoice with what its signature says.
struct SignedInvoice {
    Invoice invoice;
    crypto::PublicKey payee{};           ///< the `n` field, or the key recovered from the signature
    crypto::Signature64 signature{};     ///< r || s as transmitted (s may be high without `n`)
    std::uint8_t recovery_id = 0;        ///< 0..3 as transmitted
};

/// Decodes and checks an invoice (see the rules at the top of this file). `text` may carry a
/// "lightning:" URI prefix in either case.
/// Throws Error(bad_bech32)/Error(bad_checksum) from the bech32 layer, Error(bad_invoice) for
/// everything BOLT 11 itself rejects (unknown prefix, bad amount, truncated data, malformed or
/// missing required field, unknown even feature, signature that does not recover or verify).
SignedInvoice decode(std::string_view text);

/// The bytes whose SHA-256 is signed: hrp (UTF-8) || data words before the signature packed
/// into bytes, zero-padded. Exposed for tests and for signing elsewhere (a hardware key).
Bytes signing_data(std::string_view hrp, ByteView data_words);

/// Encodes `invoice` in lower case and signs it with `node_key` (RFC 6979, low-S). The amount
/// uses the largest multiplier that represents it exactly. Throws Error(bad_argument) when the
/// invoice breaks a writer rule: no `p`, no `s`, not exactly one of `d`/`h`, zero amount, timestamp
/// of 2^35 or more, description not UTF-8, a field longer than 1023 words, an empty route hint, or
/// a fallback or SkippedField that is malformed, features without their BOLT 9 dependencies.
std::string encode(const Invoice& invoice, const crypto::SecretKey& node_key);

}  // namespace flash::lightning::bolt11
