// NIP-19: nostr/nip19.vectors.json and nostr/nip06.vectors.json (read from shared/vectors),
// decoded values compared field by field, then re-encoded; TLV edge cases and errors.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <string>

#include "core/codec/bech32.hpp"
#include "core/codec/hex.hpp"
#include "core/nostr/nip19.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using namespace flash;
using namespace flash::nostr;
using codec::hex_decode;
using codec::hex_encode;
using test::require_error;

namespace {

// A hand-built entity: arbitrary 8-bit payload under any prefix, for malformed cases.
std::string raw(std::string_view hrp, const Bytes& payload,
                codec::Bech32Variant variant = codec::Bech32Variant::bech32) {
    return codec::bech32_encode_bytes(hrp, payload, variant, nip19::max_length);
}

Bytes tlv(std::uint8_t type, const Bytes& value) {
    Bytes out = {type, static_cast<std::uint8_t>(value.size())};
    out.insert(out.end(), value.begin(), value.end());
    return out;
}

const Bytes key32 = hex_decode("3bf0c63fcb93463407af97a5e5ee64fa883d107ef9e558472c4eb9aaaefa459d");

}  // namespace

TEST_CASE("NIP-19 key vectors", "[nostr][nip19]") {
    const auto file = test::load_vector_json("nostr/nip19.vectors.json");
    REQUIRE(file.at("keys").size() == 7);
    for (const auto& v : file.at("keys")) {
        const std::string text = v.at("bech32"), hex = v.at("hex"), hrp = v.at("hrp");
        INFO(text);
        const nip19::Entity entity = nip19::decode(text);
        if (hrp == "npub") {
            REQUIRE(std::holds_alternative<nip19::Pubkey>(entity));
            CHECK(hex_encode(std::get<nip19::Pubkey>(entity).key) == hex);
            CHECK(hex_encode(nip19::decode_npub(text)) == hex);
            CHECK(nip19::encode_npub(codec::hex_decode_array<32>(hex)) == text);
            require_error(Errc::bad_nip19, [&] { nip19::decode_nsec(text); });
        } else {
            REQUIRE(hrp == "nsec");
            REQUIRE(std::holds_alternative<nip19::SecretKey>(entity));
            CHECK(hex_encode(std::get<nip19::SecretKey>(entity).key.view()) == hex);
            CHECK(hex_encode(nip19::decode_nsec(text).view()) == hex);
            CHECK(nip19::encode_nsec(crypto::secret_key_from(hex_decode(hex))) == text);
            require_error(Errc::bad_nip19, [&] { nip19::decode_npub(text); });
        }
        CHECK(nip19::encode(entity) == text);
    }
}

TEST_CASE("NIP-19 NIP-06 vectors' npub and nsec", "[nostr][nip19]") {
    const auto file = test::load_vector_json("nostr/nip06.vectors.json");
    int checked = 0;
    for (const auto& v : file.at("seed_to_key")) {
        if (!v.contains("nsec")) continue;
        const std::string nsec = v.at("nsec"), npub = v.at("npub");
        CHECK(hex_encode(nip19::decode_nsec(nsec).view()) == v.at("private_key_hex").get<std::string>());
        CHECK(hex_encode(nip19::decode_npub(npub)) == v.at("public_key_hex").get<std::string>());
        // The npub is the nsec's public key.
        CHECK(crypto::xonly_public_key(nip19::decode_nsec(nsec)).key == nip19::decode_npub(npub));
        ++checked;
    }
    CHECK(checked >= 2);
}

TEST_CASE("NIP-19 TLV vectors", "[nostr][nip19]") {
    const auto file = test::load_vector_json("nostr/nip19.vectors.json");
    REQUIRE(file.at("tlv_decode").size() == 3);
    for (const auto& v : file.at("tlv_decode")) {
        const std::string text = v.at("bech32"), type = v.at("type");
        INFO(text);
        const auto relays = v.at("relays").get<std::vector<std::string>>();
        const nip19::Entity entity = nip19::decode(text);
        if (type == "nprofile") {
            REQUIRE(std::holds_alternative<nip19::Profile>(entity));
            const auto& profile = std::get<nip19::Profile>(entity);
            CHECK(hex_encode(profile.pubkey) == v.at("pubkey").get<std::string>());
            CHECK(profile.relays == relays);
            // 19.md writes the TLVs in type order, as we do: the exact bytes and string come back.
            const auto payload = codec::bech32_decode(nip19::encode(entity), nip19::max_length);
            CHECK(hex_encode(codec::convert_bits(payload.data, 5, 8, false)) == v.at("raw_tlv_hex").get<std::string>());
            CHECK(nip19::encode(entity) == text);
        } else {
            REQUIRE(type == "naddr");
            REQUIRE(std::holds_alternative<nip19::AddressPointer>(entity));
            const auto& address = std::get<nip19::AddressPointer>(entity);
            CHECK(address.identifier == v.at("identifier").get<std::string>());
            CHECK(hex_encode(address.pubkey) == v.at("pubkey").get<std::string>());
            CHECK(address.kind == v.at("kind").get<int>());
            CHECK(address.relays == relays);
        }
        // TLV order is free: compare decoded values after a round trip, not strings.
        CHECK(nip19::decode(nip19::encode(entity)) == entity);
    }
}

TEST_CASE("NIP-19 must_fail vectors", "[nostr][nip19]") {
    const auto file = test::load_vector_json("nostr/nip19.vectors.json");
    REQUIRE(!file.at("must_fail").empty());
    for (const auto& v : file.at("must_fail")) {
        const std::string text = v.at("bech32");
        INFO(text);
        require_error(Errc::bad_nip19, [&] { nip19::decode(text); });
    }
}

TEST_CASE("NIP-19 note and nevent round trips", "[nostr][nip19]") {
    EventId id{};
    id.fill(0xab);
    const std::string note = nip19::encode_note(id);
    CHECK(note.rfind("note1", 0) == 0);
    REQUIRE(std::holds_alternative<nip19::NoteId>(nip19::decode(note)));
    CHECK(std::get<nip19::NoteId>(nip19::decode(note)).id == id);

    nip19::EventPointer pointer;
    pointer.id = id;
    CHECK(nip19::decode(nip19::encode_nevent(pointer)) == nip19::Entity{pointer});
    pointer.relays = {"wss://relay.one", "wss://relay.two"};
    pointer.author = codec::hex_decode_array<32>(hex_encode(key32));
    pointer.kind = 65535;
    const std::string text = nip19::encode_nevent(pointer);
    const auto decoded = std::get<nip19::EventPointer>(nip19::decode(text));
    CHECK(decoded == pointer);
    // Kind is 4 bytes big-endian: 00 00 ff ff.
    const auto payload = codec::convert_bits(codec::bech32_decode(text, nip19::max_length).data, 5, 8, false);
    const Bytes kind_tlv = {3, 4, 0, 0, 0xff, 0xff};
    CHECK(std::equal(kind_tlv.begin(), kind_tlv.end(), payload.end() - 6));
    // Upper case is bech32 too.
    std::string upper = text;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(nip19::decode(upper) == nip19::Entity{pointer});
}

TEST_CASE("NIP-19 TLV decoding rules", "[nostr][nip19]") {
    const Bytes relay = {'w', 's', 's', ':', '/', '/', 'r'};
    // Unknown types are ignored, wherever they are.
    Bytes payload = concat(tlv(9, {1, 2, 3}), tlv(0, key32), tlv(200, {}), tlv(1, relay));
    auto profile = std::get<nip19::Profile>(nip19::decode(raw("nprofile", payload)));
    CHECK(Bytes(profile.pubkey.begin(), profile.pubkey.end()) == key32);
    CHECK(profile.relays == std::vector<std::string>{"wss://r"});
    // A repeated single-valued entry: the first wins.
    Bytes other = key32;
    other[0] ^= 1;
    profile = std::get<nip19::Profile>(nip19::decode(raw("nprofile", concat(tlv(0, key32), tlv(0, other)))));
    CHECK(Bytes(profile.pubkey.begin(), profile.pubkey.end()) == key32);
    // naddr with an empty identifier (a replaceable event) and kind > 16 bits.
    const Bytes kind = {0, 0, 0, 3};
    const auto address = std::get<nip19::AddressPointer>(
        nip19::decode(raw("naddr", concat(tlv(2, key32), tlv(3, kind), tlv(0, {})))));
    CHECK(address.identifier.empty());
    CHECK(address.kind == 3);

    const auto fails = [](std::string_view hrp, const Bytes& bytes) {
        INFO(hrp << " " << hex_encode(bytes));
        require_error(Errc::bad_nip19, [&] { nip19::decode(raw(hrp, bytes)); });
    };
    fails("nprofile", {});                                         // no pubkey
    fails("nprofile", tlv(1, relay));                              // no pubkey
    fails("nprofile", Bytes(key32.begin(), key32.end()));          // bare key, not TLV
    fails("nprofile", concat(tlv(0, key32), Bytes{1}));            // truncated header
    fails("nprofile", concat(tlv(0, key32), Bytes{1, 5, 'w'}));    // truncated value
    fails("nprofile", tlv(0, Bytes(31, 1)));                       // short pubkey
    fails("nprofile", concat(tlv(0, key32), tlv(1, {0xff})));      // relay not UTF-8
    fails("nevent", tlv(1, relay));                                // no id
    fails("nevent", concat(tlv(0, key32), tlv(2, Bytes(33, 1))));  // long author
    fails("nevent", concat(tlv(0, key32), tlv(3, {0, 1})));        // short kind
    fails("nevent", concat(tlv(0, key32), tlv(3, {0, 1, 0, 0})));  // kind 65536
    fails("naddr", concat(tlv(2, key32), tlv(3, kind)));           // no identifier
    fails("naddr", concat(tlv(0, {'x'}), tlv(3, kind)));           // no author
    fails("naddr", concat(tlv(0, {'x'}), tlv(2, key32)));          // no kind
    fails("naddr", concat(tlv(0, {0xc0, 0x80}), tlv(2, key32), tlv(3, kind)));  // overlong UTF-8
    fails("npub", Bytes(31, 1));
    fails("npub", Bytes(33, 1));
    fails("nsec", Bytes(0));
    fails("note", concat(key32, Bytes{0}));
    fails("nfoo", key32);
    fails("npubx", key32);
}

TEST_CASE("NIP-19 bech32 errors pass through", "[nostr][nip19]") {
    const std::string npub = nip19::encode_npub(codec::hex_decode_array<32>(hex_encode(key32)));
    std::string flipped = npub;
    flipped[10] = flipped[10] == 'q' ? 'p' : 'q';
    require_error(Errc::bad_checksum, [&] { nip19::decode(flipped); });
    require_error(Errc::bad_checksum, [&] { nip19::decode(raw("npub", key32, codec::Bech32Variant::bech32m)); });
    std::string mixed = npub;
    mixed[0] = 'N';
    require_error(Errc::bad_bech32, [&] { nip19::decode(mixed); });
    require_error(Errc::bad_bech32, [&] { nip19::decode("npub"); });
    require_error(Errc::bad_bech32, [&] { nip19::decode(""); });
    // Over 5000 characters.
    const Bytes long_payload = concat(tlv(0, key32), Bytes(3200, 0));
    require_error(Errc::bad_bech32, [&] { nip19::decode(codec::bech32_encode_bytes("nprofile", long_payload,
                                                                                  codec::Bech32Variant::bech32, 6000)); });
}

TEST_CASE("NIP-19 encoding limits", "[nostr][nip19]") {
    nip19::Profile profile;
    profile.relays = {std::string(255, 'r')};
    CHECK(nip19::decode(nip19::encode_nprofile(profile)) == nip19::Entity{profile});
    profile.relays = {std::string(256, 'r')};
    require_error(Errc::too_large, [&] { nip19::encode_nprofile(profile); });
    profile.relays = {"\xff"};
    require_error(Errc::bad_nip19, [&] { nip19::encode_nprofile(profile); });

    nip19::AddressPointer address;
    address.identifier = std::string(256, 'd');
    require_error(Errc::too_large, [&] { nip19::encode_naddr(address); });
    address.identifier = "slug";
    address.relays.assign(12, std::string(255, 'r'));  // > 5000 characters in all
    require_error(Errc::too_large, [&] { nip19::encode_naddr(address); });
    address.relays.resize(10);
    const std::string text = nip19::encode_naddr(address);
    CHECK(text.size() <= nip19::max_length);
    CHECK(nip19::decode(text) == nip19::Entity{address});
}
