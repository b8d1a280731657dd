#include "core/cashu/nut13.hpp"

#include <array>

#include "core/codec/hex.hpp"
#include "core/crypto/mac.hpp"
#include "core/error.hpp"
#include "core/keys/bip32.hpp"

namespace flash::cashu {
namespace {

/// The secp256k1 group order n, big-endian.
constexpr std::array<std::uint8_t, 32> curve_order{
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
    0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41};

/// x mod n for a 256-bit x: since 2n > 2^256, at most one subtraction.
ByteArray<32> reduce_mod_n(ByteArray<32> x) {
    bool below = false;
    for (std::size_t i = 0; i < 32; ++i) {
        if (x[i] != curve_order[i]) {
            below = x[i] < curve_order[i];
            break;
        }
    }
    if (below) return x;
    unsigned borrow = 0;
    for (std::size_t i = 32; i-- > 0;) {
        const unsigned diff = 0x100u + x[i] - curve_order[i] - borrow;
        x[i] = static_cast<std::uint8_t>(diff & 0xFFu);
        borrow = diff < 0x100u ? 1u : 0u;
    }
    return x;
}

DeterministicSecret derive_v1(ByteView seed, const KeysetId& id, std::uint64_t counter) {
    if (counter >= keys::hardened) throw Error(Errc::bad_argument, "NUT-13 V1 counter must be below 2^31");
    const keys::ExtendedKey base = keys::ExtendedKey::from_seed(seed)
                                       .derive_child(129372 | keys::hardened)
                                       .derive_child(0 | keys::hardened)
                                       .derive_child(nut13_keyset_int(id) | keys::hardened)
                                       .derive_child(static_cast<std::uint32_t>(counter) | keys::hardened);
    const keys::ExtendedKey secret_key = base.derive_child(0);
    return {codec::hex_encode(secret_key.secret_key().view()), base.derive_child(1).secret_key()};
}

DeterministicSecret derive_v2(ByteView seed, const KeysetId& id, std::uint64_t counter) {
    static constexpr std::string_view domain = "Cashu_KDF_HMAC_SHA256";
    Bytes message(domain.begin(), domain.end());
    message.insert(message.end(), id.begin(), id.end());
    for (int shift = 56; shift >= 0; shift -= 8) message.push_back(static_cast<std::uint8_t>(counter >> shift));
    message.push_back(0x00);
    const crypto::Hash256 secret = crypto::hmac_sha256(seed, message);
    message.back() = 0x01;
    const ByteArray<32> r = reduce_mod_n(crypto::hmac_sha256(seed, message));
    if (!crypto::is_valid_secret_key(r)) throw Error(Errc::bad_tweak, "NUT-13 blinding factor is zero");
    return {codec::hex_encode(secret), crypto::secret_key_from(r)};
}

}  // namespace

std::uint32_t nut13_keyset_int(const KeysetId& id) {
    if (id.size() < 8) throw Error(Errc::bad_keyset, "keyset id shorter than 8 bytes");
    constexpr std::uint64_t modulus = (std::uint64_t{1} << 31) - 1;
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < 8; ++i) value = ((value << 8) | id[i]) % modulus;
    return static_cast<std::uint32_t>(value);
}

DeterministicSecret nut13_derive(ByteView seed, const KeysetId& id, std::uint64_t counter) {
    if (id.size() == 8 && id[0] == 0x00) return derive_v1(seed, id, counter);
    if (id.size() == 33 && id[0] == 0x01) return derive_v2(seed, id, counter);
    throw Error(Errc::bad_keyset, "NUT-13 derivation needs a V1 (00) or full V2 (01) keyset id");
}

}  // namespace flash::cashu
