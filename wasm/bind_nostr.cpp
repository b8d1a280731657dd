// core/nostr for JS: events, NIP-19, NIP-04, NIP-44, NIP-17/59 gift-wrapped messages and NIP-98
// HTTP auth headers.
// Events and structured values cross as JSON text in the shapes nostr-tools uses (the JS side
// calls JSON.stringify/parse); keys and conversation keys as Uint8Array. Core has no clock:
// calls that date events take `now` in unix seconds.
#include <emscripten/bind.h>

#include <nlohmann/json.hpp>

#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/random.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/nostr/event.hpp"
#include "core/nostr/nip04.hpp"
#include "core/nostr/nip17.hpp"
#include "core/nostr/nip44.hpp"
#include "core/nostr/nip59.hpp"
#include "core/nostr/nip98.hpp"
#include "wasm/bind_support.hpp"

namespace flash::wasm {
namespace {

using nlohmann::json;

crypto::SecretKey secret_in(const val& secret) { return secret_array_in<32>(secret, "secret key"); }
crypto::XOnlyKey xonly_in(const val& key) { return crypto::parse_xonly_key(bytes_in(key)); }
crypto::XOnlyKey xonly_hex(const std::string& hex) { return crypto::parse_xonly_key(codec::hex_decode(hex)); }

/// An event template {kind, created_at, tags, content} (what nostr-tools' finalizeEvent takes)
/// with `author` as pubkey, parsed as strictly as any event.
nostr::UnsignedEvent template_in(const std::string& template_json, const crypto::XOnlyKey& author) {
    json event = parse_json(template_json);
    if (!event.is_object()) throw Error(Errc::bad_event, "an event template is a JSON object");
    event["pubkey"] = codec::hex_encode(author);
    event.erase("id");
    event.erase("sig");
    return nostr::unsigned_event_from_json(event);
}

std::string sign_event(const std::string& template_json, const val& secret) {
    return guarded([&] {
        const auto key = secret_in(secret);
        return nostr::to_json_string(nostr::sign(template_in(template_json, crypto::xonly_public_key(key).key), key));
    });
}

/// False for anything that is not a correctly signed event, malformed JSON included.
bool verify_event(const std::string& event_json) {
    try {
        return nostr::verify(nostr::parse_event(event_json));
    } catch (const Error&) {
        return false;
    }
}

val nip44_conversation_key(const val& secret, const val& pubkey) {
    return guarded([&] { return bytes_out(nostr::nip44_conversation_key(secret_in(secret), xonly_in(pubkey)).view()); });
}

std::string nip44_encrypt(const val& plaintext, const val& conversation_key) {
    return guarded([&] {
        return nostr::nip44_encrypt(utf8_in(plaintext), secret_array_in<32>(conversation_key, "conversation key"));
    });
}

std::string nip44_decrypt(const val& payload, const val& conversation_key) {
    return guarded([&] {
        return std::string(nostr::nip44_decrypt(utf8_in(payload), secret_array_in<32>(conversation_key, "conversation key")));
    });
}

std::string nip04_encrypt(const std::string& plaintext, const val& secret, const val& pubkey) {
    return guarded([&] { return nostr::nip04_encrypt(plaintext, secret_in(secret), xonly_in(pubkey)); });
}

std::string nip04_decrypt(const std::string& content, const val& secret, const val& pubkey) {
    return guarded([&] { return std::string(nostr::nip04_decrypt(content, secret_in(secret), xonly_in(pubkey))); });
}

/// NIP-59: seals the template as `secret`'s rumor and wraps it for `recipient` (hex pubkey);
/// returns the kind-1059 event JSON (nostr-tools nip59.wrapEvent).
std::string gift_wrap(const std::string& template_json, const val& secret, const std::string& recipient,
                      double now) {
    return guarded([&] {
        const auto key = secret_in(secret);
        auto rumor = template_in(template_json, crypto::xonly_public_key(key).key);
        return nostr::to_json_string(
            nostr::wrap_rumor(std::move(rumor), key, xonly_hex(recipient), static_cast<std::int64_t>(now)));
    });
}

/// NIP-59: the rumor inside a wrap addressed to `secret`, with its id (nostr-tools unwrapEvent).
std::string gift_unwrap(const std::string& wrap_json, const val& secret) {
    return guarded([&] {
        const auto opened = nostr::unwrap_gift(nostr::parse_event(wrap_json), secret_in(secret));
        return nostr::to_json(opened.rumor).dump();
    });
}

/// NIP-17: a kind-14 message {content, recipients: [hex], subject?, reply_to?} from `secret`,
/// wrapped for every recipient and the sender: [{recipient, wrap}], wrap as event JSON.
std::string dm_wrap(const std::string& message_json, const val& secret, double now) {
    return guarded([&] {
        const json message = parse_json(message_json);
        if (!message.is_object() || !message.contains("content") || !message.contains("recipients"))
            throw Error(Errc::bad_argument, "a message has content and recipients");
        nostr::DirectMessage dm;
        dm.created_at = static_cast<std::int64_t>(now);  // the real time, inside the seal
        dm.content = message.at("content").get<std::string>();
        for (const auto& recipient : message.at("recipients")) dm.recipients.push_back(xonly_hex(recipient.get<std::string>()));
        if (message.contains("subject")) dm.subject = message.at("subject").get<std::string>();
        if (message.contains("reply_to")) dm.reply_to = codec::hex_decode_array<32>(message.at("reply_to").get<std::string>());
        json out = json::array();
        for (const auto& addressed : nostr::wrap_dm(dm, secret_in(secret), static_cast<std::int64_t>(now)))
            out.push_back({{"recipient", codec::hex_encode(addressed.recipient)}, {"wrap", nostr::to_json(addressed.wrap)}});
        return out.dump();
    });
}

/// NIP-17: opens a wrap addressed to `secret`: {kind, sender, recipients, content, created_at,
/// subject?, reply_to?}; the sender is authenticated by the seal.
std::string dm_unwrap(const std::string& wrap_json, const val& secret) {
    return guarded([&] {
        const auto dm = nostr::unwrap_dm(nostr::parse_event(wrap_json), secret_in(secret));
        json out = {{"kind", dm.kind}, {"sender", codec::hex_encode(dm.sender)}, {"content", dm.content},
                    {"created_at", dm.created_at}, {"recipients", json::array()}};
        for (const auto& recipient : dm.recipients) out["recipients"].push_back(codec::hex_encode(recipient));
        if (dm.subject) out["subject"] = *dm.subject;
        if (dm.reply_to) out["reply_to"] = codec::hex_encode(*dm.reply_to);
        return out.dump();
    });
}

/// NIP-98: the Authorization header value ("Nostr <base64>") for a request to `url` (absolute,
/// query included) with `method`, signed by `secret` at `now` (unix seconds). `body` is the exact
/// body (Uint8Array), whose SHA-256 goes in a payload tag, or null/undefined for no body.
/// The event also carries a ["nonce", 32 random hex] tag: servers accept an event id once, and two
/// identical requests in the same second would otherwise have the same id.
std::string http_auth_header(const std::string& url, const std::string& method, const val& body, const val& secret,
                             double now) {
    return guarded([&] {
        std::optional<crypto::Hash256> body_sha256;
        if (!body.isNull() && !body.isUndefined()) body_sha256 = crypto::sha256(bytes_in(body));
        const auto key = secret_in(secret);
        auto event = nostr::make_http_auth_event(url, method, static_cast<std::int64_t>(now), body_sha256);
        event.tags.push_back({"nonce", codec::hex_encode(crypto::random_array<16>())});
        return nostr::authorization_header(nostr::sign(std::move(event), key));
    });
}

}  // namespace

EMSCRIPTEN_BINDINGS(flash_nostr) {
    using emscripten::function;
    function("signEvent", &sign_event);
    function("verifyEvent", &verify_event);
    function("nip44ConversationKey", &nip44_conversation_key);
    function("nip44Encrypt", &nip44_encrypt);
    function("nip44Decrypt", &nip44_decrypt);
    function("nip04Encrypt", &nip04_encrypt);
    function("nip04Decrypt", &nip04_decrypt);
    function("giftWrap", &gift_wrap);
    function("giftUnwrap", &gift_unwrap);
    function("dmWrap", &dm_wrap);
    function("dmUnwrap", &dm_unwrap);
    function("httpAuthHeader", &http_auth_header);
}

}  // namespace flash::wasm
