// NIP-98: the Authorization header round trip and every server-side check.
#include <catch2/catch.hpp>
#include <string>

#include "core/codec/base64.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/nostr/nip98.hpp"
#include "support/errors.hpp"

using namespace flash;
using namespace flash::nostr;
using test::require_error;

namespace {

const crypto::SecretKey& key() {
    static const crypto::SecretKey k = crypto::secret_key_from(codec::hex_decode(std::string(62, '0') + "98"));
    return k;
}

constexpr std::int64_t now = 1700000000;
const std::string url = "https://node.example/api/v1/invoices?x=1";
const std::string body = R"({"amount":21})";

HttpRequestFacts facts(std::optional<crypto::Hash256> body_hash = std::nullopt) {
    HttpRequestFacts f;
    f.url = url;
    f.method = "POST";
    f.body_sha256 = body_hash;
    f.now_s = now;
    return f;
}

}  // namespace

TEST_CASE("NIP-98 header round trip and acceptance", "[nostr][nip98]") {
    const crypto::Hash256 hash = crypto::sha256(as_bytes(body));
    const UnsignedEvent draft = make_http_auth_event(url, "POST", now, hash);
    CHECK(draft.kind == 27235);
    CHECK(*first_tag_value(draft.tags, "u") == url);
    CHECK(*first_tag_value(draft.tags, "method") == "POST");
    CHECK(*first_tag_value(draft.tags, "payload") == codec::hex_encode(hash));

    const Event ev = sign(draft, key());
    const std::string header = authorization_header(ev);
    CHECK(header.rfind("Nostr ", 0) == 0);
    const Event back = parse_authorization_header(header);
    CHECK(back.id == ev.id);
    CHECK(parse_authorization_header("nostr  " + header.substr(6)).id == ev.id);

    const HttpAuthCheck check = validate_http_auth(back, facts(hash));
    CHECK(check.ok());
    CHECK(check.pubkey == crypto::xonly_public_key(key()).key);
    // Without a payload tag a body request passes unless the server requires the tag.
    const Event no_payload = sign(make_http_auth_event(url, "POST", now), key());
    CHECK(validate_http_auth(no_payload, facts(hash)).ok());
    HttpRequestFacts strict = facts(hash);
    strict.require_payload_tag = true;
    CHECK(validate_http_auth(no_payload, strict).status == HttpAuthStatus::payload_mismatch);
    CHECK(validate_http_auth(no_payload, facts()).ok());
}

TEST_CASE("NIP-98 validation reports each failure", "[nostr][nip98]") {
    const crypto::Hash256 hash = crypto::sha256(as_bytes(body));
    const Event ev = sign(make_http_auth_event(url, "POST", now, hash), key());
    HttpRequestFacts f = facts(hash);
    f.url = "https://node.example/api/v1/invoices";
    CHECK(validate_http_auth(ev, f).status == HttpAuthStatus::url_mismatch);
    f = facts(hash);
    f.method = "post";
    CHECK(validate_http_auth(ev, f).status == HttpAuthStatus::method_mismatch);
    CHECK(validate_http_auth(ev, facts(crypto::sha256(as_bytes("other")))).status == HttpAuthStatus::payload_mismatch);
    CHECK(validate_http_auth(ev, facts()).status == HttpAuthStatus::payload_mismatch);
    f = facts(hash);
    f.now_s = now + 61;
    CHECK(validate_http_auth(ev, f).status == HttpAuthStatus::stale);
    f.now_s = now - 61;
    CHECK(validate_http_auth(ev, f).status == HttpAuthStatus::stale);
    f.now_s = now + 60;
    CHECK(validate_http_auth(ev, f).ok());

    Event tampered = ev;
    tampered.sig[10] ^= 0x40;
    CHECK(validate_http_auth(tampered, facts(hash)).status == HttpAuthStatus::bad_signature);
    UnsignedEvent wrong = make_http_auth_event(url, "POST", now, hash);
    wrong.kind = 27236;
    CHECK(validate_http_auth(sign(wrong, key()), facts(hash)).status == HttpAuthStatus::wrong_kind);
    UnsignedEvent bad_hex = make_http_auth_event(url, "POST", now);
    bad_hex.tags.push_back({"payload", "zz"});
    CHECK(validate_http_auth(sign(bad_hex, key()), facts(hash)).status == HttpAuthStatus::payload_mismatch);
}

TEST_CASE("NIP-98 header parse errors", "[nostr][nip98]") {
    require_error(Errc::bad_argument, [] { parse_authorization_header("Bearer abc"); });
    require_error(Errc::bad_argument, [] { parse_authorization_header("Nostr"); });
    require_error(Errc::bad_base64, [] { parse_authorization_header("Nostr !!!"); });
    require_error(Errc::bad_json, [] {
        parse_authorization_header("Nostr " + codec::base64_encode(as_bytes(std::string_view("{nope"))));
    });
    require_error(Errc::bad_event, [] {
        parse_authorization_header("Nostr " + codec::base64_encode(as_bytes(std::string_view("{\"kind\":1}"))));
    });
    require_error(Errc::too_large, [] { parse_authorization_header("Nostr " + std::string(20000, 'A')); });
}
