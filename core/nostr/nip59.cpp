// NIP-59 seals and gift wraps.
#include "core/nostr/nip59.hpp"

#include <limits>

#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "core/nostr/json_text.hpp"
#include "core/nostr/nip44.hpp"

namespace flash::nostr {
namespace {

template <std::size_t N>
ByteArray<N> draw(const RandomSource& random) {
    ByteArray<N> out{};
    random(out);
    return out;
}

// Uniform enough in (now - 2 days, now]: the modulo bias of 64 random bits is below 2^-46.
std::int64_t backdated(std::int64_t now, const RandomSource& random) {
    const ByteArray<8> r = draw<8>(random);
    std::uint64_t v = 0;
    for (const std::uint8_t b : r) v = (v << 8) | b;
    return now - static_cast<std::int64_t>(v % static_cast<std::uint64_t>(gift_wrap_max_backdate_s));
}

crypto::SecretKey one_time_key(const RandomSource& random) {
    // A random 32-byte string is a valid key except with probability ~2^-128; a broken source
    // (all zeros, say) must not loop forever.
    for (int attempt = 0; attempt < 8; ++attempt) {
        const crypto::Secret<32> candidate(draw<32>(random));
        if (crypto::is_valid_secret_key(candidate.view())) return candidate;
    }
    throw Error(Errc::crypto_failure, "random source yields no valid secret key");
}

// NIP-44 from `author` to `recipient` with a nonce from `random`.
std::string encrypt_to(std::string_view plaintext, const crypto::SecretKey& author,
                       const crypto::XOnlyKey& recipient, const RandomSource& random) {
    const Nip44ConversationKey key = nip44_conversation_key(author, recipient);
    return nip44_encrypt(plaintext, key, draw<32>(random));
}

Event sign_with(UnsignedEvent event, const crypto::SecretKey& key, const RandomSource& random) {
    return sign(std::move(event), key, draw<32>(random));
}

// Decrypts `content` that `sender` encrypted to `recipient`, and parses it as JSON.
nlohmann::json open_json(const std::string& content, const crypto::SecretKey& recipient,
                         const crypto::XOnlyKey& sender) {
    const keys::SecretString text = nip44_decrypt(content, nip44_conversation_key(recipient, sender));
    return parse_json_text(text, std::numeric_limits<std::size_t>::max());
}

}  // namespace

Event seal_rumor(UnsignedEvent rumor, const crypto::SecretKey& author, const crypto::XOnlyKey& recipient,
                 std::int64_t now, const RandomSource& random) {
    rumor.pubkey = crypto::xonly_public_key(author).key;
    UnsignedEvent seal;
    seal.kind = kind_seal;
    seal.created_at = backdated(now, random);
    seal.content = encrypt_to(to_json(rumor).dump(), author, recipient, random);
    return sign_with(std::move(seal), author, random);
}

Event gift_wrap(const Event& seal, const crypto::XOnlyKey& recipient, std::int64_t now,
                const RandomSource& random, const GiftWrapOptions& options) {
    if (options.kind != kind_gift_wrap && options.kind != kind_ephemeral_gift_wrap)
        throw Error(Errc::bad_argument, "gift wrap kind must be 1059 or 21059");
    const crypto::SecretKey wrapper = one_time_key(random);
    UnsignedEvent wrap;
    wrap.kind = options.kind;
    wrap.created_at = backdated(now, random);
    wrap.tags.push_back({"p", codec::hex_encode(recipient)});
    wrap.tags.insert(wrap.tags.end(), options.extra_tags.begin(), options.extra_tags.end());
    wrap.content = encrypt_to(to_json_string(seal), wrapper, recipient, random);
    return sign_with(std::move(wrap), wrapper, random);
}

Event wrap_rumor(UnsignedEvent rumor, const crypto::SecretKey& author, const crypto::XOnlyKey& recipient,
                 std::int64_t now, const RandomSource& random, const GiftWrapOptions& options) {
    return gift_wrap(seal_rumor(std::move(rumor), author, recipient, now, random), recipient, now, random,
                     options);
}

Unwrapped unwrap_gift(const Event& wrap, const crypto::SecretKey& recipient, const EventLimits& limits) {
    if (wrap.kind != kind_gift_wrap && wrap.kind != kind_ephemeral_gift_wrap)
        throw Error(Errc::bad_event, "not a gift wrap (kind " + std::to_string(wrap.kind) + ")");
    if (!verify(wrap)) throw Error(Errc::bad_event, "gift wrap id or signature is invalid");

    Event seal = event_from_json(open_json(wrap.content, recipient, wrap.pubkey), limits);
    if (seal.kind != kind_seal) throw Error(Errc::bad_event, "gift wrap does not hold a kind 13 seal");
    if (!verify(seal)) throw Error(Errc::bad_event, "seal id or signature is invalid");

    UnsignedEvent rumor = unsigned_event_from_json(open_json(seal.content, recipient, seal.pubkey), limits);
    // The seal's signature authenticates its author; the rumor's pubkey is just a claim.
    if (rumor.pubkey != seal.pubkey)
        throw Error(Errc::bad_event, "rumor pubkey differs from the seal's: impersonation");
    const EventId id = compute_id(rumor);
    return {std::move(rumor), id, std::move(seal)};
}

}  // namespace flash::nostr
