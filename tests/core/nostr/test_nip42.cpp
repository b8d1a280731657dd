// NIP-42: building the AUTH event and the relay's checks, one failure at a time; relay URLs.
#include <catch2/catch.hpp>
#include <limits>
#include <string>

#include "core/codec/hex.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/nostr/nip42.hpp"
#include "core/nostr/relay_url.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::nostr;
using test::require_error;

namespace {

const crypto::SecretKey& key() {
    static const crypto::SecretKey k = crypto::secret_key_from(codec::hex_decode(std::string(62, '0') + "11"));
    return k;
}

constexpr std::int64_t now = 1700000000;

}  // namespace

TEST_CASE("relay URLs normalise", "[nostr][nip42]") {
    CHECK(normalize_relay_url("wss://relay.example") == "wss://relay.example");
    CHECK(normalize_relay_url("WSS://Relay.Example/") == "wss://relay.example");
    CHECK(normalize_relay_url("wss://relay.example:443") == "wss://relay.example");
    CHECK(normalize_relay_url("ws://relay.example:80/") == "ws://relay.example");
    CHECK(normalize_relay_url("ws://relay.example:443") == "ws://relay.example:443");
    CHECK(normalize_relay_url("wss://relay.example/Path?x=1") == "wss://relay.example/Path?x=1");
    CHECK(normalize_relay_url("wss://relay.example/?x=1") == "wss://relay.example?x=1");
    CHECK(normalize_relay_url("ws://127.0.0.1:8080") == "ws://127.0.0.1:8080");
    for (const char* bad : {"", "relay.example", "https://relay.example", "wss://", "wss:///path", "wss://:443",
                            "wss://a b", "wss://user@host", "wss://host/#frag", "wss://host\n"})
        require_error(Errc::bad_argument, [&] { normalize_relay_url(bad); });
    CHECK(same_relay_url("wss://A.example/", "wss://a.example:443"));
    CHECK_FALSE(same_relay_url("wss://a.example", "ws://a.example"));
    CHECK_FALSE(same_relay_url("nonsense", "nonsense"));
}

TEST_CASE("NIP-42 AUTH event is built and accepted", "[nostr][nip42]") {
    const UnsignedEvent draft = make_auth_event("wss://relay.example/", "abc", now);
    CHECK(draft.kind == 22242);
    CHECK(draft.created_at == now);
    CHECK(draft.content.empty());
    CHECK(draft.tags == std::vector<Tag>{{"relay", "wss://relay.example/"}, {"challenge", "abc"}});
    const Event ev = sign(draft, key());
    const AuthCheck check = validate_auth_event(ev, "WSS://relay.example", "abc", now + 30);
    CHECK(check.ok());
    CHECK(check.pubkey == crypto::xonly_public_key(key()).key);
    CHECK(validate_auth_event(ev, "wss://relay.example", "abc", now + 600).ok());
    CHECK(validate_auth_event(ev, "wss://relay.example", "abc", now - 600).ok());
}

TEST_CASE("NIP-42 validation reports each failure", "[nostr][nip42]") {
    const Event ev = sign(make_auth_event("wss://relay.example", "abc", now), key());
    CHECK(validate_auth_event(ev, "wss://relay.example", "abd", now).status == AuthStatus::challenge_mismatch);
    CHECK(validate_auth_event(ev, "wss://relay.example", "", now).status == AuthStatus::challenge_mismatch);
    CHECK(validate_auth_event(ev, "wss://other.example", "abc", now).status == AuthStatus::relay_mismatch);
    CHECK(validate_auth_event(ev, "wss://relay.example", "abc", now + 601).status == AuthStatus::stale);
    CHECK(validate_auth_event(ev, "wss://relay.example", "abc", now - 601).status == AuthStatus::stale);
    CHECK(validate_auth_event(ev, "wss://relay.example", "abc", now + 61, 60).status == AuthStatus::stale);

    Event tampered = ev;
    tampered.sig[0] ^= 1;
    CHECK(validate_auth_event(tampered, "wss://relay.example", "abc", now).status == AuthStatus::bad_signature);

    UnsignedEvent other_kind = make_auth_event("wss://relay.example", "abc", now);
    other_kind.kind = 1;
    CHECK(validate_auth_event(sign(other_kind, key()), "wss://relay.example", "abc", now).status ==
          AuthStatus::wrong_kind);

    UnsignedEvent no_relay = make_auth_event("wss://relay.example", "abc", now);
    no_relay.tags.erase(no_relay.tags.begin());
    CHECK(validate_auth_event(sign(no_relay, key()), "wss://relay.example", "abc", now).status ==
          AuthStatus::relay_mismatch);

    Event extreme = ev;
    extreme.created_at = std::numeric_limits<std::int64_t>::min();
    CHECK(validate_auth_event(extreme, "wss://relay.example", "abc", std::numeric_limits<std::int64_t>::max())
              .status == AuthStatus::stale);
    CHECK(describe(AuthStatus::relay_mismatch).rfind("auth-required:", 0) == 0);
    CHECK(describe(AuthStatus::bad_signature).rfind("invalid:", 0) == 0);
}
