#include "core/lightning/bolt11.hpp"

#include <algorithm>
#include <array>
#include <limits>

#include "core/codec/ascii.hpp"
#include "core/codec/bech32.hpp"
#include "core/codec/utf8.hpp"
#include "core/crypto/hash.hpp"
#include "core/error.hpp"

namespace flash::lightning::bolt11 {

namespace {

// Field types (the 5-bit value of the tag letter).
enum FieldType : std::uint8_t {
    kPaymentHash = 1,       // p
    kRouteHint = 3,         // r
    kFeatures = 5,          // 9
    kExpiry = 6,            // x
    kFallback = 9,          // f
    kDescription = 13,      // d
    kPaymentSecret = 16,    // s
    kPayeeNodeId = 19,      // n
    kDescriptionHash = 23,  // h
    kMinFinalCltv = 24,     // c
    kMetadata = 27,         // m
};

constexpr std::size_t kTimestampWords = 7;   // 35 bits
constexpr std::size_t kSignatureWords = 104; // 520 bits: r || s || recovery id
constexpr std::size_t kMaxFieldWords = 1023; // 10-bit data_length
constexpr std::size_t kHash256Words = 52;    // 256 bits + 4 padding
constexpr std::size_t kNodeIdWords = 53;     // 264 bits + 1 padding
constexpr std::size_t kRouteHopBytes = 51;   // pubkey 33, scid 8, fee base 4, fee ppm 4, cltv 2
constexpr std::uint8_t kMaxKnownFallbackVersion = 18;

// Even feature bits with a BOLT 9 meaning in invoices (context 9, or ASSUMED): var_onion_optin,
// payment_secret, basic_mpp, option_route_blinding, option_payment_metadata. Any other even bit
// asks for something this reader does not understand.
constexpr std::array<unsigned, 5> kKnownEvenFeatures = {8, 14, 16, 24, 48};

// BOLT 9 dependencies between those features (even bit of each pair): payment_secret needs
// var_onion_optin, basic_mpp needs payment_secret. An invoice that sets a feature without its
// dependency must not be paid.
struct FeatureDependency {
    unsigned feature;
    unsigned requires_feature;
};
constexpr std::array<FeatureDependency, 2> kFeatureDependencies = {{{14, 8}, {16, 14}}};

struct Multiplier {
    char letter;
    std::uint64_t msat_per_unit;  // msat per `amount` unit with this letter (p: divided by 10)
};
constexpr std::uint64_t kMsatPerBtc = 100'000'000'000;
// Largest first: the writer uses the shortest representation.
constexpr std::array<Multiplier, 4> kMultipliers = {{{'m', 100'000'000}, {'u', 100'000}, {'n', 100}, {'p', 0}}};

[[noreturn]] void fail(const std::string& detail) { throw Error(Errc::bad_invoice, detail); }
[[noreturn]] void misuse(const std::string& detail) { throw Error(Errc::bad_argument, detail); }

// ---- human-readable part ----

struct Hrp {
    Network network;
    std::optional<std::uint64_t> amount_msat;
};

// Longest prefixes first, so that "tbs" is not read as "tb" followed by an amount.
constexpr std::array<Network, 5> kNetworksByPrefixLength = {Network::regtest, Network::signet, Network::mainnet,
                                                            Network::testnet, Network::simnet};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::uint64_t checked_mul(std::uint64_t a, std::uint64_t b) {
    if (a > std::numeric_limits<std::uint64_t>::max() / b) fail("amount out of range");
    return a * b;
}

std::optional<std::uint64_t> parse_amount(std::string_view text) {
    if (text.empty()) return std::nullopt;
    const Multiplier* multiplier = nullptr;
    if (!is_digit(text.back())) {
        for (const auto& m : kMultipliers)
            if (m.letter == text.back()) multiplier = &m;
        if (multiplier == nullptr) fail(std::string("unknown amount multiplier '") + text.back() + "'");
        text.remove_suffix(1);
    }
    if (text.empty() || !std::all_of(text.begin(), text.end(), is_digit)) fail("amount is not a decimal number");
    if (text.front() == '0') fail("amount must be positive, without leading zeros");
    std::uint64_t value = 0;
    for (char c : text) {
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) fail("amount out of range");
        value = value * 10 + digit;
    }
    if (multiplier == nullptr) return checked_mul(value, kMsatPerBtc);
    if (multiplier->letter == 'p') {
        if (value % 10 != 0) fail("pico amount is not a whole number of millisatoshis");
        return value / 10;
    }
    return checked_mul(value, multiplier->msat_per_unit);
}

Hrp parse_hrp(std::string_view hrp) {
    if (hrp.substr(0, 2) != "ln") fail("prefix does not start with \"ln\"");
    hrp.remove_prefix(2);
    for (Network network : kNetworksByPrefixLength) {
        const std::string_view prefix = currency_prefix(network);
        if (hrp.substr(0, prefix.size()) != prefix) continue;
        const std::string_view amount = hrp.substr(prefix.size());
        if (!amount.empty() && !is_digit(amount.front())) continue;
        return {network, parse_amount(amount)};
    }
    fail("unknown currency prefix");
}

std::string amount_text(std::uint64_t msat) {
    if (msat == 0) misuse("invoice amount must be positive");
    if (msat % kMsatPerBtc == 0) return std::to_string(msat / kMsatPerBtc);
    for (const auto& m : kMultipliers) {
        if (m.letter == 'p') {
            if (msat > std::numeric_limits<std::uint64_t>::max() / 10) misuse("amount out of range");
            return std::to_string(msat * 10) + 'p';
        }
        if (msat % m.msat_per_unit == 0) return std::to_string(msat / m.msat_per_unit) + m.letter;
    }
    return {};  // unreachable: 'p' is last
}

// ---- words ----

std::uint64_t read_uint(ByteView words) {
    std::uint64_t value = 0;
    for (std::uint8_t w : words) {
        if ((value >> 59) != 0) fail("integer field longer than 64 bits");
        value = (value << 5) | w;
    }
    return value;
}

// Big-endian 5-bit words, the fewest that hold `value` (none for 0), or exactly `width` words.
Bytes uint_words(std::uint64_t value, std::size_t width = 0) {
    Bytes out;
    for (; value != 0 || out.size() < width; value >>= 5) out.push_back(static_cast<std::uint8_t>(value & 31));
    std::reverse(out.begin(), out.end());
    return out;
}

Bytes words_to_bytes(ByteView words) {
    try {
        return codec::convert_bits(words, 5, 8, false);
    } catch (const Error&) {
        fail("field data has non-zero or excess padding");
    }
}

Bytes bytes_to_words(ByteView bytes) { return codec::convert_bits(bytes, 8, 5, true); }

template <std::size_t N>
ByteArray<N> to_array(const Bytes& bytes) {
    ByteArray<N> out{};
    std::copy(bytes.begin(), bytes.end(), out.begin());
    return out;
}

std::uint64_t read_be(ByteView bytes) {
    std::uint64_t value = 0;
    for (std::uint8_t b : bytes) value = (value << 8) | b;
    return value;
}

void append_be(Bytes& out, std::uint64_t value, std::size_t width) {
    for (std::size_t i = width; i-- > 0;) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

// ---- fields ----

bool valid_fallback(std::uint8_t version, std::size_t program_size) {
    if (version == 17 || version == 18) return program_size == 20;
    if (version == 0) return program_size == 20 || program_size == 32;
    return version <= 16 && program_size >= 2 && program_size <= 40;
}

bool is_known_even_feature(unsigned bit) {
    return std::find(kKnownEvenFeatures.begin(), kKnownEvenFeatures.end(), bit) != kKnownEvenFeatures.end();
}

// The first feature whose dependency is missing (either bit of a pair counts as set), if any.
std::optional<FeatureDependency> missing_dependency(const Features& features) {
    const auto set = [&](unsigned even_bit) { return features.has(even_bit) || features.has(even_bit + 1); };
    for (const auto& dependency : kFeatureDependencies)
        if (set(dependency.feature) && !set(dependency.requires_feature)) return dependency;
    return std::nullopt;
}

std::string dependency_text(const FeatureDependency& dependency) {
    return "feature " + std::to_string(dependency.feature) + "/" + std::to_string(dependency.feature + 1) +
           " set without its dependency " + std::to_string(dependency.requires_feature) + "/" +
           std::to_string(dependency.requires_feature + 1);
}

RouteHint decode_route(ByteView words) {
    const Bytes bytes = words_to_bytes(words);
    if (bytes.empty() || bytes.size() % kRouteHopBytes != 0) fail("route hint is not a whole number of hops");
    RouteHint hint;
    for (std::size_t at = 0; at < bytes.size(); at += kRouteHopBytes) {
        const ByteView hop(bytes.data() + at, kRouteHopBytes);
        RouteHop h;
        try {
            h.pubkey = crypto::parse_public_key(hop.subspan(0, 33));
        } catch (const Error&) {
            fail("route hint node id is not a public key");
        }
        h.short_channel_id = read_be(hop.subspan(33, 8));
        h.fee_base_msat = static_cast<std::uint32_t>(read_be(hop.subspan(41, 4)));
        h.fee_proportional_millionths = static_cast<std::uint32_t>(read_be(hop.subspan(45, 4)));
        h.cltv_expiry_delta = static_cast<std::uint16_t>(read_be(hop.subspan(49, 2)));
        hint.hops.push_back(h);
    }
    return hint;
}

Features decode_features(ByteView words) {
    Features features;
    const std::size_t n = words.size();
    for (std::size_t i = n; i-- > 0;) {
        for (unsigned k = 0; k < 5; ++k) {
            if (((words[i] >> k) & 1) == 0) continue;
            const auto bit = static_cast<unsigned>((n - 1 - i) * 5 + k);
            if (bit % 2 == 0 && !is_known_even_feature(bit))
                fail("unknown required feature bit " + std::to_string(bit));
            features.bits.push_back(static_cast<std::uint16_t>(bit));
        }
    }
    if (const auto missing = missing_dependency(features)) fail(dependency_text(*missing));
    return features;
}

PayeeNodeId decode_node_id(ByteView words) {
    const Bytes bytes = words_to_bytes(words);
    try {
        return PayeeNodeId{crypto::parse_public_key(bytes)};
    } catch (const Error&) {
        fail("n field is not a public key");
    }
}

// One tagged field as the reader must take it: typed, or skipped.
TaggedField decode_field(std::uint8_t type, ByteView words) {
    switch (type) {
        case kPaymentHash:
            if (words.size() != kHash256Words) break;
            return PaymentHash{to_array<32>(words_to_bytes(words))};
        case kPaymentSecret:
            if (words.size() != kHash256Words) break;
            return PaymentSecret{to_array<32>(words_to_bytes(words))};
        case kDescriptionHash:
            if (words.size() != kHash256Words) break;
            return DescriptionHash{to_array<32>(words_to_bytes(words))};
        case kPayeeNodeId:
            if (words.size() != kNodeIdWords) break;
            return decode_node_id(words);
        case kDescription: {
            const Bytes bytes = words_to_bytes(words);
            std::string text(as_chars(bytes));
            if (!codec::is_utf8(text)) fail("description is not UTF-8");
            return Description{std::move(text)};
        }
        case kExpiry: return Expiry{read_uint(words)};
        case kMinFinalCltv: return MinFinalCltvExpiry{read_uint(words)};
        case kFallback: {
            if (words.empty()) fail("empty fallback field");
            if (words[0] > kMaxKnownFallbackVersion) break;
            Fallback fallback{words[0], words_to_bytes(words.subspan(1))};
            if (!valid_fallback(fallback.version, fallback.program.size()))
                fail("fallback program has the wrong length for its version");
            return fallback;
        }
        case kRouteHint: return decode_route(words);
        case kFeatures: return decode_features(words);
        case kMetadata: return Metadata{words_to_bytes(words)};
        default: break;
    }
    return SkippedField{type, Bytes(words.begin(), words.end())};
}

// The type and data words of a field, checking the writer rules encode() enforces.
struct EncodedField {
    std::uint8_t type;
    Bytes words;
};

struct FieldEncoder {
    const crypto::PublicKey& signer;

    EncodedField operator()(const PaymentHash& f) const { return {kPaymentHash, bytes_to_words(f.hash)}; }
    EncodedField operator()(const PaymentSecret& f) const { return {kPaymentSecret, bytes_to_words(f.secret)}; }
    EncodedField operator()(const Description& f) const {
        if (!codec::is_utf8(f.text)) misuse("description is not UTF-8");
        return {kDescription, bytes_to_words(as_bytes(f.text))};
    }
    EncodedField operator()(const DescriptionHash& f) const { return {kDescriptionHash, bytes_to_words(f.hash)}; }
    EncodedField operator()(const Expiry& f) const { return {kExpiry, uint_words(f.seconds)}; }
    EncodedField operator()(const MinFinalCltvExpiry& f) const { return {kMinFinalCltv, uint_words(f.blocks)}; }
    EncodedField operator()(const Fallback& f) const {
        if (!valid_fallback(f.version, f.program.size())) misuse("fallback program invalid for its version");
        Bytes words{f.version};
        const Bytes program = bytes_to_words(f.program);
        words.insert(words.end(), program.begin(), program.end());
        return {kFallback, std::move(words)};
    }
    EncodedField operator()(const RouteHint& f) const {
        if (f.hops.empty()) misuse("route hint without hops");
        Bytes bytes;
        for (const auto& hop : f.hops) {
            bytes.insert(bytes.end(), hop.pubkey.begin(), hop.pubkey.end());
            append_be(bytes, hop.short_channel_id, 8);
            append_be(bytes, hop.fee_base_msat, 4);
            append_be(bytes, hop.fee_proportional_millionths, 4);
            append_be(bytes, hop.cltv_expiry_delta, 2);
        }
        return {kRouteHint, bytes_to_words(bytes)};
    }
    EncodedField operator()(const Features& f) const {
        if (const auto missing = missing_dependency(f)) misuse(dependency_text(*missing));
        Bytes words;
        if (!f.bits.empty()) words.assign(*std::max_element(f.bits.begin(), f.bits.end()) / 5 + 1, 0);
        for (unsigned bit : f.bits) words[words.size() - 1 - bit / 5] |= static_cast<std::uint8_t>(1u << (bit % 5));
        return {kFeatures, std::move(words)};
    }
    EncodedField operator()(const Metadata& f) const { return {kMetadata, bytes_to_words(f.data)}; }
    EncodedField operator()(const PayeeNodeId& f) const {
        if (f.key != signer) misuse("n field is not the signing key's public key");
        return {kPayeeNodeId, bytes_to_words(f.key)};
    }
    EncodedField operator()(const SkippedField& f) const {
        if (f.type > 31 || std::any_of(f.words.begin(), f.words.end(), [](std::uint8_t w) { return w > 31; }))
            misuse("skipped field holds values above 31");
        return {f.type, f.words};
    }
};

template <class Field>
std::size_t count_fields(const Invoice& invoice) {
    return static_cast<std::size_t>(std::count_if(invoice.fields.begin(), invoice.fields.end(),
                                                  [](const TaggedField& f) { return std::holds_alternative<Field>(f); }));
}

// ecdsa_verify rejects high-S, as the spec requires when `n` is present; r or s not below the
// curve order makes it throw, which is just another invalid signature here.
bool verifies(const crypto::PublicKey& key, const crypto::Hash256& digest, ByteView signature) {
    try {
        return crypto::ecdsa_verify(key, digest, signature);
    } catch (const Error&) {
        return false;
    }
}

std::string_view strip_uri_scheme(std::string_view text) {
    constexpr std::string_view scheme = "lightning:";
    return codec::starts_with_ignore_case(text, scheme) ? text.substr(scheme.size()) : text;
}

}  // namespace

std::string_view currency_prefix(Network network) noexcept {
    switch (network) {
        case Network::mainnet: return "bc";
        case Network::testnet: return "tb";
        case Network::signet: return "tbs";
        case Network::regtest: return "bcrt";
        case Network::simnet: return "sb";
    }
    return "bc";
}

bool Features::has(unsigned bit) const noexcept { return std::find(bits.begin(), bits.end(), bit) != bits.end(); }

const ByteArray<32>& Invoice::payment_hash() const {
    if (const auto* f = first<PaymentHash>()) return f->hash;
    fail("no payment hash");
}

const ByteArray<32>& Invoice::payment_secret() const {
    if (const auto* f = first<PaymentSecret>()) return f->secret;
    fail("no payment secret");
}

std::optional<std::string> Invoice::description() const {
    if (const auto* f = first<Description>()) return f->text;
    return std::nullopt;
}

std::optional<ByteArray<32>> Invoice::description_hash() const {
    if (const auto* f = first<DescriptionHash>()) return f->hash;
    return std::nullopt;
}

std::uint64_t Invoice::expiry_seconds() const noexcept {
    const auto* f = first<Expiry>();
    return f ? f->seconds : default_expiry_seconds;
}

std::uint64_t Invoice::expires_at() const noexcept {
    const std::uint64_t expiry = expiry_seconds();
    return expiry > std::numeric_limits<std::uint64_t>::max() - timestamp ? std::numeric_limits<std::uint64_t>::max()
                                                                           : timestamp + expiry;
}

std::uint64_t Invoice::min_final_cltv_expiry() const noexcept {
    const auto* f = first<MinFinalCltvExpiry>();
    return f ? f->blocks : default_min_final_cltv_expiry;
}

Features Invoice::features() const {
    const auto* f = first<Features>();
    return f ? *f : Features{};
}

Bytes signing_data(std::string_view hrp, ByteView data_words) {
    return concat(as_bytes(hrp), codec::convert_bits(data_words, 5, 8, true));
}

SignedInvoice decode(std::string_view text) {
    const codec::Bech32Data bech = codec::bech32_decode(strip_uri_scheme(text), max_invoice_length);
    if (bech.variant != codec::Bech32Variant::bech32) fail("bech32m checksum (invoices use bech32)");
    const Hrp hrp = parse_hrp(bech.hrp);

    const Bytes& words = bech.data;
    if (words.size() < kTimestampWords + kSignatureWords) fail("too short for a timestamp and a signature");
    const ByteView data(words.data(), words.size() - kSignatureWords);

    SignedInvoice out;
    out.invoice.network = hrp.network;
    out.invoice.amount_msat = hrp.amount_msat;
    out.invoice.timestamp = read_uint(data.first(kTimestampWords));
    for (std::size_t at = kTimestampWords; at < data.size();) {
        if (data.size() - at < 3) fail("truncated tagged field");
        const std::uint8_t type = data[at];
        const std::size_t length = std::size_t{data[at + 1]} * 32 + data[at + 2];
        at += 3;
        if (data.size() - at < length) fail("tagged field runs into the signature");
        out.invoice.fields.push_back(decode_field(type, data.subspan(at, length)));
        at += length;
    }

    const Invoice& invoice = out.invoice;
    if (count_fields<PaymentHash>(invoice) == 0) fail("no payment hash (p)");
    if (count_fields<PaymentSecret>(invoice) == 0) fail("no payment secret (s)");
    if (count_fields<Description>(invoice) + count_fields<DescriptionHash>(invoice) != 1)
        fail("needs exactly one description (d) or description hash (h)");

    const Bytes signature = codec::convert_bits(ByteView(words).last(kSignatureWords), 5, 8, false);
    std::copy_n(signature.begin(), 64, out.signature.begin());
    out.recovery_id = signature[64];
    if (out.recovery_id > 3) fail("recovery id above 3");
    const crypto::Hash256 digest = crypto::sha256(signing_data(bech.hrp, data));
    if (const auto* n = invoice.first<PayeeNodeId>()) {
        out.payee = n->key;
        if (!verifies(n->key, digest, out.signature))
            fail("signature does not verify against the n field (or is high-S)");
    } else {
        try {
            out.payee = crypto::ecdsa_recover(concat(ByteArray<1>{out.recovery_id}, out.signature), digest);
        } catch (const Error&) {
            fail("no public key recovers from the signature");
        }
    }
    return out;
}

std::string encode(const Invoice& invoice, const crypto::SecretKey& node_key) {
    if (count_fields<PaymentHash>(invoice) == 0) misuse("invoice needs a payment hash (p)");
    if (count_fields<PaymentSecret>(invoice) == 0) misuse("invoice needs a payment secret (s)");
    if (count_fields<Description>(invoice) + count_fields<DescriptionHash>(invoice) != 1)
        misuse("invoice needs exactly one description (d) or description hash (h)");
    if (invoice.timestamp >> 35 != 0) misuse("timestamp does not fit in 35 bits");

    std::string hrp = "ln" + std::string(currency_prefix(invoice.network));
    if (invoice.amount_msat) hrp += amount_text(*invoice.amount_msat);

    const crypto::PublicKey signer = crypto::public_key(node_key);
    Bytes words = uint_words(invoice.timestamp, kTimestampWords);
    for (const auto& field : invoice.fields) {
        EncodedField encoded = std::visit(FieldEncoder{signer}, field);
        if (encoded.words.size() > kMaxFieldWords) misuse("tagged field longer than 1023 words");
        words.push_back(encoded.type);
        words.push_back(static_cast<std::uint8_t>(encoded.words.size() >> 5));
        words.push_back(static_cast<std::uint8_t>(encoded.words.size() & 31));
        words.insert(words.end(), encoded.words.begin(), encoded.words.end());
    }

    const crypto::Hash256 digest = crypto::sha256(signing_data(hrp, words));
    const ByteArray<65> recoverable = crypto::ecdsa_sign_recoverable(node_key, digest);  // recid || r || s
    const Bytes signature = concat(ByteView(recoverable).subspan(1), ByteView(recoverable).first(1));
    const Bytes signature_words = bytes_to_words(signature);
    words.insert(words.end(), signature_words.begin(), signature_words.end());
    return codec::bech32_encode(hrp, words, codec::Bech32Variant::bech32, max_invoice_length);
}

}  // namespace flash::lightning::bolt11
