// NIP-59: unwrapping every wrap of nostr/nip59-nip17-giftwrap.vectors.json, wrap -> unwrap round
// trips, randomised timestamps, and rejection of tampered wraps, bad seals and impersonation.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "core/codec/hex.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/nostr/nip19.hpp"
#include "core/nostr/nip44.hpp"
#include "core/nostr/nip59.hpp"
#include "support/errors.hpp"
#include "support/vectors.hpp"

using flash::Errc;
using flash::codec::hex_decode;
using flash::codec::hex_encode;
using flash::test::require_error;
using namespace flash::nostr;
namespace crypto = flash::crypto;
using Json = nlohmann::json;

namespace {

crypto::SecretKey key_from_hex(const Json& hex) { return crypto::secret_key_from(hex_decode(hex.get<std::string>())); }
crypto::XOnlyKey pub(const crypto::SecretKey& key) { return crypto::xonly_public_key(key).key; }

const Json& vectors() {
    static const Json file = flash::test::load_vector_json("nostr/nip59-nip17-giftwrap.vectors.json");
    return file;
}

void check_rumor(const Unwrapped& got, const Json& expected) {
    const UnsignedEvent want = unsigned_event_from_json(expected);
    CHECK(hex_encode(got.rumor_id) == expected.at("id").get<std::string>());
    CHECK(got.rumor.pubkey == want.pubkey);
    CHECK(got.rumor.created_at == want.created_at);
    CHECK(got.rumor.kind == want.kind);
    CHECK(got.rumor.tags == want.tags);
    CHECK(got.rumor.content == want.content);
    CHECK(to_json(got.rumor) == expected);
}

// A deterministic RandomSource: a counter run through the bytes (tests only).
RandomSource counter_source(std::uint8_t seed) {
    return [state = std::uint64_t{seed} * 0x9E3779B97F4A7C15ull](std::span<std::uint8_t> out) mutable {
        for (auto& b : out) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            b = static_cast<std::uint8_t>(state >> 56);
        }
    };
}

// A wrap built by hand around arbitrary seal JSON, signed by `wrapper`.
Event wrap_by_hand(const std::string& seal_json, const crypto::SecretKey& wrapper, const crypto::XOnlyKey& to) {
    UnsignedEvent wrap;
    wrap.kind = kind_gift_wrap;
    wrap.created_at = 1700000000;
    wrap.tags = {{"p", hex_encode(to)}};
    wrap.content = nip44_encrypt(seal_json, nip44_conversation_key(wrapper, to));
    return sign(wrap, wrapper);
}

// A seal by hand: `rumor_json` encrypted from `signer` to `to`, with a given kind.
Event seal_by_hand(const std::string& rumor_json, const crypto::SecretKey& signer, const crypto::XOnlyKey& to,
                   std::uint16_t kind = kind_seal) {
    UnsignedEvent seal;
    seal.kind = kind;
    seal.created_at = 1700000000;
    seal.content = nip44_encrypt(rumor_json, nip44_conversation_key(signer, to));
    return sign(seal, signer);
}

UnsignedEvent note(std::string content) {
    UnsignedEvent rumor;
    rumor.kind = 1;
    rumor.created_at = 1700000123;
    rumor.tags = {{"t", "flash"}};
    rumor.content = std::move(content);
    return rumor;
}

const auto alice = crypto::secret_key_from(hex_decode("0beebd062ec8735f4243466049d7747ef5d6594ee838de147f8aab842b15e273"));
const auto bob = crypto::secret_key_from(hex_decode("e108399bd8424357a710b606ae0c13166d853d327e47a6e5e038197346bdbf45"));
const auto mallory = crypto::secret_key_from(hex_decode("0000000000000000000000000000000000000000000000000000000000000003"));

}  // namespace

TEST_CASE("NIP-59 spec example unwraps", "[nostr][nip59]") {
    const Json& v = vectors().at("nip59");
    const auto author = key_from_hex(v.at("author_private_key_hex"));
    const auto recipient = key_from_hex(v.at("recipient_private_key_hex"));
    const auto ephemeral = key_from_hex(v.at("ephemeral_wrapper_private_key_hex"));
    const Event wrap = event_from_json(v.at("wrap"));
    CHECK(wrap.pubkey == pub(ephemeral));

    const Unwrapped got = unwrap_gift(wrap, recipient);
    check_rumor(got, v.at("expected_rumor"));
    CHECK(got.rumor.pubkey == pub(author));
    CHECK(to_json(got.seal) == v.at("seal"));
    // Only the recipient can open it.
    require_error(Errc::decrypt_failed, [&] { unwrap_gift(wrap, author); });
}

TEST_CASE("NIP-17 spec example wraps unwrap for receiver and sender", "[nostr][nip59]") {
    const Json& v = vectors().at("nip17");
    const auto sender = nip19::decode_nsec(v.at("sender_nsec").get<std::string>());
    const auto receiver = nip19::decode_nsec(v.at("receiver_nsec").get<std::string>());
    REQUIRE(hex_encode(pub(sender)) == v.at("sender_public_key_hex").get<std::string>());
    REQUIRE(hex_encode(pub(receiver)) == v.at("receiver_public_key_hex").get<std::string>());
    REQUIRE(v.at("wraps").size() == 2);
    for (const auto& w : v.at("wraps")) {
        const std::string to = w.at("addressed_to");
        INFO("addressed to " << to);
        REQUIRE((to == "receiver" || to == "sender"));
        const auto& mine = to == "receiver" ? receiver : sender;
        const auto& other = to == "receiver" ? sender : receiver;
        const Event wrap = event_from_json(w.at("wrap"));
        CHECK(*first_tag_value(wrap.tags, "p") == hex_encode(pub(mine)));
        check_rumor(unwrap_gift(wrap, mine), v.at("expected_rumor"));
        require_error(Errc::decrypt_failed, [&] { unwrap_gift(wrap, other); });
    }
}

TEST_CASE("NIP-59 wrap -> unwrap round trip", "[nostr][nip59]") {
    const std::int64_t now = 1750000000;
    const UnsignedEvent rumor = note("meet at noon \xF0\x9F\x8C\x9E");
    const Event wrap = wrap_rumor(rumor, alice, pub(bob), now);

    CHECK(wrap.kind == kind_gift_wrap);
    CHECK(verify(wrap));
    CHECK(wrap.pubkey != pub(alice));
    CHECK(wrap.tags == std::vector<Tag>{{"p", hex_encode(pub(bob))}});
    CHECK(wrap.created_at <= now);
    CHECK(wrap.created_at > now - gift_wrap_max_backdate_s);
    CHECK(wrap.content.find("meet") == std::string::npos);

    const Unwrapped got = unwrap_gift(wrap, bob);
    CHECK(got.rumor.pubkey == pub(alice));  // set by sealing, authenticated by the seal
    CHECK(got.rumor.content == rumor.content);
    CHECK(got.rumor.tags == rumor.tags);
    CHECK(got.rumor.created_at == rumor.created_at);
    CHECK(got.rumor_id == compute_id(got.rumor));
    CHECK(got.seal.kind == kind_seal);
    CHECK(got.seal.tags.empty());
    CHECK(got.seal.pubkey == pub(alice));
    CHECK(got.seal.created_at <= now);
    CHECK(got.seal.created_at > now - gift_wrap_max_backdate_s);

    // Fresh one-time keys and timestamps every time.
    const Event again = wrap_rumor(rumor, alice, pub(bob), now);
    CHECK(again.pubkey != wrap.pubkey);
    CHECK(again.content != wrap.content);

    // Options: ephemeral kind and extra tags.
    GiftWrapOptions options;
    options.kind = kind_ephemeral_gift_wrap;
    options.extra_tags = {{"expiration", "1750086400"}};
    const Event ephemeral = wrap_rumor(rumor, alice, pub(bob), now, crypto::random_bytes, options);
    CHECK(ephemeral.kind == kind_ephemeral_gift_wrap);
    CHECK(ephemeral.tags.size() == 2);
    CHECK(*first_tag_value(ephemeral.tags, "expiration") == "1750086400");
    CHECK(unwrap_gift(ephemeral, bob).rumor.content == rumor.content);
    options.kind = 1;
    require_error(Errc::bad_argument, [&] { wrap_rumor(rumor, alice, pub(bob), now, crypto::random_bytes, options); });
}

TEST_CASE("NIP-59 injected randomness is deterministic", "[nostr][nip59]") {
    const std::int64_t now = 1750000000;
    const Event a = wrap_rumor(note("x"), alice, pub(bob), now, counter_source(1));
    const Event b = wrap_rumor(note("x"), alice, pub(bob), now, counter_source(1));
    const Event c = wrap_rumor(note("x"), alice, pub(bob), now, counter_source(2));
    CHECK(to_json(a) == to_json(b));
    CHECK(a.id != c.id);
    CHECK(unwrap_gift(a, bob).rumor.content == "x");
    // A source that yields only zeros cannot make a key: an error, not an endless loop.
    const RandomSource zeros = [](std::span<std::uint8_t> out) { std::fill(out.begin(), out.end(), 0); };
    require_error(Errc::crypto_failure, [&] { wrap_rumor(note("x"), alice, pub(bob), now, zeros); });
}

TEST_CASE("NIP-59 rejects tampered wraps and seals", "[nostr][nip59]") {
    const std::int64_t now = 1750000000;
    const auto wrapper = crypto::secret_key_from(hex_decode("00000000000000000000000000000000000000000000000000000000000000aa"));
    const Event good_seal = seal_rumor(note("hi"), alice, pub(bob), now);
    REQUIRE(unwrap_gift(wrap_by_hand(to_json_string(good_seal), wrapper, pub(bob)), bob).rumor.content == "hi");

    SECTION("wrap content changed after signing") {
        Event wrap = wrap_rumor(note("hi"), alice, pub(bob), now);
        wrap.content[50] = wrap.content[50] == 'A' ? 'B' : 'A';
        require_error(Errc::bad_event, [&] { unwrap_gift(wrap, bob); });
    }
    SECTION("wrap content altered and re-signed: the MAC catches it") {
        Event wrap = wrap_by_hand(to_json_string(good_seal), wrapper, pub(bob));
        UnsignedEvent altered = wrap;
        altered.content[50] = altered.content[50] == 'A' ? 'B' : 'A';
        require_error(Errc::decrypt_failed, [&] { unwrap_gift(sign(altered, wrapper), bob); });
    }
    SECTION("not a gift wrap kind") {
        UnsignedEvent other = wrap_by_hand(to_json_string(good_seal), wrapper, pub(bob));
        other.kind = 1;
        require_error(Errc::bad_event, [&] { unwrap_gift(sign(other, wrapper), bob); });
    }
    SECTION("seal content altered") {
        Event seal = good_seal;
        seal.content[60] = seal.content[60] == 'A' ? 'B' : 'A';
        require_error(Errc::bad_event, [&] { unwrap_gift(wrap_by_hand(to_json_string(seal), wrapper, pub(bob)), bob); });
    }
    SECTION("seal signature broken") {
        Event seal = good_seal;
        seal.sig[10] ^= 1;
        require_error(Errc::bad_event, [&] { unwrap_gift(wrap_by_hand(to_json_string(seal), wrapper, pub(bob)), bob); });
    }
    SECTION("seal of the wrong kind") {
        const Event seal = seal_by_hand(to_json(UnsignedEvent(note("hi"))).dump(), alice, pub(bob), 14);
        require_error(Errc::bad_event, [&] { unwrap_gift(wrap_by_hand(to_json_string(seal), wrapper, pub(bob)), bob); });
    }
    SECTION("wrap holding something that is not JSON or not an event") {
        require_error(Errc::bad_json, [&] { unwrap_gift(wrap_by_hand("not json", wrapper, pub(bob)), bob); });
        require_error(Errc::bad_event, [&] { unwrap_gift(wrap_by_hand("{\"kind\":13}", wrapper, pub(bob)), bob); });
    }
    SECTION("rumor that is signed or has a wrong id") {
        const Event signed_rumor = sign(note("hi"), alice);
        const Event seal1 = seal_by_hand(to_json_string(signed_rumor), alice, pub(bob));
        require_error(Errc::bad_event, [&] { unwrap_gift(wrap_by_hand(to_json_string(seal1), wrapper, pub(bob)), bob); });
        UnsignedEvent rumor = note("hi");
        rumor.pubkey = pub(alice);
        Json json = to_json(rumor);
        json["content"] = "changed after the id was computed";
        const Event seal2 = seal_by_hand(json.dump(), alice, pub(bob));
        require_error(Errc::bad_event, [&] { unwrap_gift(wrap_by_hand(to_json_string(seal2), wrapper, pub(bob)), bob); });
    }
}

TEST_CASE("NIP-59 rejects impersonation (seal pubkey != rumor pubkey)", "[nostr][nip59]") {
    // Mallory seals a rumor that claims to come from Alice.
    UnsignedEvent forged = note("send me your seed words");
    forged.pubkey = pub(alice);
    const Event seal = seal_by_hand(to_json(forged).dump(), mallory, pub(bob));
    const Event wrap = gift_wrap(seal, pub(bob), 1750000000);
    try {
        unwrap_gift(wrap, bob);
        FAIL("impersonation accepted");
    } catch (const flash::Error& e) {
        CHECK(e.code() == Errc::bad_event);
        CHECK_THAT(e.what(), Catch::Contains("impersonation"));
    }
    // Sealing through the API cannot produce this: it sets the rumor's pubkey to the author's.
    const Unwrapped honest = unwrap_gift(wrap_rumor(forged, mallory, pub(bob), 1750000000), bob);
    CHECK(honest.rumor.pubkey == pub(mallory));
}
