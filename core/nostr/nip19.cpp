// NIP-19 bech32 entities: bare keys and ids, and the TLV-encoded nprofile, nevent and naddr.
#include "core/nostr/nip19.hpp"

#include <algorithm>

#include "core/codec/bech32.hpp"
#include "core/crypto/memory.hpp"
#include "core/error.hpp"
#include "core/nostr/json_fields.hpp"

namespace flash::nostr::nip19 {
namespace {

enum TlvType : std::uint8_t { special = 0, relay = 1, author = 2, kind = 3 };

[[noreturn]] void bad(const std::string& what) { throw Error(Errc::bad_nip19, what); }

// Wipes a buffer when it goes out of scope, whatever throws: an nsec passes through several.
struct WipeOnExit {
    Bytes& bytes;
    ~WipeOnExit() { crypto::wipe(bytes.data(), bytes.size()); }
};

struct Payload {
    std::string hrp;
    crypto::SecretBytes bytes;
};

Payload decode_payload(std::string_view text) {
    codec::Bech32Data decoded = codec::bech32_decode(text, max_length);
    WipeOnExit wipe_groups{decoded.data};
    if (decoded.variant != codec::Bech32Variant::bech32)
        throw Error(Errc::bad_checksum, "NIP-19 uses bech32, not bech32m");
    Bytes bytes = codec::convert_bits(decoded.data, 5, 8, false);
    WipeOnExit wipe_bytes{bytes};
    return {std::move(decoded.hrp), crypto::SecretBytes(bytes.begin(), bytes.end())};
}

template <std::size_t N>
void copy_fixed(ByteView value, std::uint8_t* out, const char* what) {
    if (value.size() != N) bad(std::string(what) + " is not " + std::to_string(N) + " bytes");
    std::copy(value.begin(), value.end(), out);
}

template <std::size_t N>
ByteArray<N> fixed(ByteView value, const char* what) {
    ByteArray<N> out{};
    copy_fixed<N>(value, out.data(), what);
    return out;
}

std::string utf8(ByteView value, const char* what) {
    const std::string_view s = as_chars(value);
    if (!is_utf8(s)) bad(std::string(what) + " is not UTF-8");
    return std::string(s);
}

std::uint16_t read_kind(ByteView value) {
    const auto bytes = fixed<4>(value, "kind");
    const std::uint32_t kind = std::uint32_t{bytes[0]} << 24 | std::uint32_t{bytes[1]} << 16 |
                               std::uint32_t{bytes[2]} << 8 | bytes[3];
    if (kind > 65535) bad("kind " + std::to_string(kind) + " above 65535");
    return static_cast<std::uint16_t>(kind);
}

// Calls visit(type, value) for each TLV entry in order.
template <typename Visit>
void for_each_tlv(ByteView data, Visit&& visit) {
    std::size_t i = 0;
    while (i < data.size()) {
        if (data.size() - i < 2) bad("truncated TLV header");
        const std::uint8_t type = data[i], length = data[i + 1];
        i += 2;
        if (data.size() - i < length) bad("TLV value longer than the data");
        visit(type, data.subspan(i, length));
        i += length;
    }
}

template <typename T>
T required(const std::optional<T>& value, const char* what) {
    if (!value) bad(std::string("missing ") + what);
    return *value;
}

Profile decode_profile(ByteView data) {
    std::optional<crypto::XOnlyKey> pubkey;
    Profile profile;
    for_each_tlv(data, [&](std::uint8_t type, ByteView value) {
        if (type == special && !pubkey) pubkey = fixed<32>(value, "nprofile pubkey");
        if (type == relay) profile.relays.push_back(utf8(value, "relay"));
    });
    profile.pubkey = required(pubkey, "nprofile pubkey");
    return profile;
}

EventPointer decode_event_pointer(ByteView data) {
    std::optional<EventId> id;
    EventPointer pointer;
    for_each_tlv(data, [&](std::uint8_t type, ByteView value) {
        if (type == special && !id) id = fixed<32>(value, "nevent id");
        if (type == relay) pointer.relays.push_back(utf8(value, "relay"));
        if (type == author && !pointer.author) pointer.author = fixed<32>(value, "nevent author");
        if (type == kind && !pointer.kind) pointer.kind = read_kind(value);
    });
    pointer.id = required(id, "nevent id");
    return pointer;
}

AddressPointer decode_address_pointer(ByteView data) {
    std::optional<std::string> identifier;
    std::optional<crypto::XOnlyKey> pubkey;
    std::optional<std::uint16_t> kind_value;
    AddressPointer pointer;
    for_each_tlv(data, [&](std::uint8_t type, ByteView value) {
        if (type == special && !identifier) identifier = utf8(value, "naddr identifier");
        if (type == relay) pointer.relays.push_back(utf8(value, "relay"));
        if (type == author && !pubkey) pubkey = fixed<32>(value, "naddr author");
        if (type == kind && !kind_value) kind_value = read_kind(value);
    });
    pointer.identifier = required(identifier, "naddr identifier");
    pointer.pubkey = required(pubkey, "naddr author");
    pointer.kind = required(kind_value, "naddr kind");
    return pointer;
}

void put_tlv(Bytes& out, std::uint8_t type, ByteView value) {
    if (value.size() > 255) throw Error(Errc::too_large, "a NIP-19 TLV value holds at most 255 bytes");
    out.push_back(type);
    out.push_back(static_cast<std::uint8_t>(value.size()));
    out.insert(out.end(), value.begin(), value.end());
}

void put_string(Bytes& out, std::uint8_t type, std::string_view value) {
    if (!is_utf8(value)) bad("string is not UTF-8");
    put_tlv(out, type, as_bytes(value));
}

void put_relays(Bytes& out, const std::vector<std::string>& relays) {
    for (const std::string& r : relays) put_string(out, relay, r);
}

void put_kind(Bytes& out, std::uint16_t value) {
    const std::uint8_t bytes[4] = {0, 0, static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value)};
    put_tlv(out, kind, bytes);
}

// Every intermediate buffer is wiped: the payload may be a secret key.
std::string to_bech32(std::string_view hrp, ByteView payload) {
    // hrp, separator, 5-bit groups, checksum.
    if (hrp.size() + 1 + (payload.size() * 8 + 4) / 5 + 6 > max_length)
        throw Error(Errc::too_large, "NIP-19 string longer than 5000 characters");
    Bytes groups = codec::convert_bits(payload, 8, 5, true);
    WipeOnExit wipe_groups{groups};
    return codec::bech32_encode(hrp, groups, codec::Bech32Variant::bech32, max_length);
}

}  // namespace

bool SecretKey::operator==(const SecretKey& other) const noexcept { return crypto::ct_equal(key.view(), other.key.view()); }

Entity decode(std::string_view text) {
    const Payload payload = decode_payload(text);
    const ByteView data(payload.bytes.data(), payload.bytes.size());
    if (payload.hrp == "npub") return Pubkey{fixed<32>(data, "npub")};
    if (payload.hrp == "nsec") {
        SecretKey secret;
        copy_fixed<32>(data, secret.key.data(), "nsec");  // straight into wiped storage
        return secret;
    }
    if (payload.hrp == "note") return NoteId{fixed<32>(data, "note")};
    if (payload.hrp == "nprofile") return decode_profile(data);
    if (payload.hrp == "nevent") return decode_event_pointer(data);
    if (payload.hrp == "naddr") return decode_address_pointer(data);
    bad("unknown prefix " + payload.hrp);
}

crypto::XOnlyKey decode_npub(std::string_view text) {
    const Entity entity = decode(text);
    if (const auto* pubkey = std::get_if<Pubkey>(&entity)) return pubkey->key;
    bad("not an npub");
}

crypto::SecretKey decode_nsec(std::string_view text) {
    const Entity entity = decode(text);
    if (const auto* secret = std::get_if<SecretKey>(&entity)) return secret->key;
    bad("not an nsec");
}

std::string encode_npub(const crypto::XOnlyKey& key) { return to_bech32("npub", key); }

std::string encode_nsec(const crypto::SecretKey& key) { return to_bech32("nsec", key.view()); }

std::string encode_note(const EventId& id) { return to_bech32("note", id); }

std::string encode_nprofile(const Profile& profile) {
    Bytes tlv;
    put_tlv(tlv, special, profile.pubkey);
    put_relays(tlv, profile.relays);
    return to_bech32("nprofile", tlv);
}

std::string encode_nevent(const EventPointer& pointer) {
    Bytes tlv;
    put_tlv(tlv, special, pointer.id);
    put_relays(tlv, pointer.relays);
    if (pointer.author) put_tlv(tlv, author, *pointer.author);
    if (pointer.kind) put_kind(tlv, *pointer.kind);
    return to_bech32("nevent", tlv);
}

std::string encode_naddr(const AddressPointer& pointer) {
    Bytes tlv;
    put_string(tlv, special, pointer.identifier);
    put_relays(tlv, pointer.relays);
    put_tlv(tlv, author, pointer.pubkey);
    put_kind(tlv, pointer.kind);
    return to_bech32("naddr", tlv);
}

std::string encode(const Entity& entity) {
    struct Encoder {
        std::string operator()(const Pubkey& v) const { return encode_npub(v.key); }
        std::string operator()(const SecretKey& v) const { return encode_nsec(v.key); }
        std::string operator()(const NoteId& v) const { return encode_note(v.id); }
        std::string operator()(const Profile& v) const { return encode_nprofile(v); }
        std::string operator()(const EventPointer& v) const { return encode_nevent(v); }
        std::string operator()(const AddressPointer& v) const { return encode_naddr(v); }
    };
    return std::visit(Encoder{}, entity);
}

}  // namespace flash::nostr::nip19
