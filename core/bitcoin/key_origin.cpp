#include "core/bitcoin/key_origin.hpp"

#include <algorithm>
#include <span>

#include "core/codec/hex.hpp"
#include "core/error.hpp"

namespace flash::bitcoin {

KeySource KeySource::from_master(const keys::ExtendedKey& master) {
    if (master.depth() != 0) throw Error(Errc::bad_extended_key, "not a master key (depth 0)");
    return KeySource(master, KeyOrigin{master.fingerprint(), {}});
}

KeySource KeySource::from_key(const keys::ExtendedKey& key, KeyOrigin origin) {
    if (origin.path.size() != key.depth())
        throw Error(Errc::bad_derivation_path, "origin path length differs from the key's depth");
    return KeySource(key, std::move(origin));
}

KeySource KeySource::parse(std::string_view text) {
    if (text.empty() || text.front() != '[') return from_master(keys::ExtendedKey::parse(text));
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) throw Error(Errc::bad_derivation_path, "key origin without ']'");
    const std::string_view inside = text.substr(1, close - 1);
    const std::string_view fingerprint = inside.substr(0, inside.find('/'));
    if (fingerprint.size() != 8) throw Error(Errc::bad_derivation_path, "fingerprint must be 8 hex digits");
    KeyOrigin origin;
    try {
        origin.fingerprint = codec::hex_decode_array<4>(fingerprint);
    } catch (const Error&) {
        throw Error(Errc::bad_derivation_path, "fingerprint must be 8 hex digits");
    }
    if (fingerprint.size() < inside.size())
        origin.path = keys::parse_derivation_path(inside.substr(fingerprint.size() + 1)).indices;
    return from_key(keys::ExtendedKey::parse(text.substr(close + 1)), std::move(origin));
}

std::optional<keys::ExtendedKey> KeySource::derive(const KeyOrigin& origin) const {
    constexpr std::size_t kMaxDepth = 255;  // BIP-32 serialises the depth in one byte
    if (origin.fingerprint != origin_.fingerprint || origin.path.size() < origin_.path.size() ||
        origin.path.size() > kMaxDepth || !std::equal(origin_.path.begin(), origin_.path.end(), origin.path.begin()))
        return std::nullopt;
    const auto rest = std::span(origin.path).subspan(origin_.path.size());
    if (!key_.is_private() && std::any_of(rest.begin(), rest.end(), [](std::uint32_t i) { return i >= keys::hardened; }))
        return std::nullopt;
    try {
        keys::ExtendedKey key = key_;
        for (const std::uint32_t index : rest) key = key.derive_child(index);
        return key;
    } catch (const Error& e) {
        if (e.code() == Errc::bad_tweak) return std::nullopt;  // an index BIP-32 declares invalid
        throw;
    }
}

}  // namespace flash::bitcoin
