#include "core/lightning/boltcard_keys.hpp"

#include "core/crypto/mac.hpp"
#include "core/error.hpp"

namespace flash::lightning::boltcard {

namespace {

// The derivation tags of DETERMINISTIC.md: 2d003f75 ... 2d003f7b.
constexpr ByteArray<4> tag_card_key{0x2d, 0x00, 0x3f, 0x75};
constexpr ByteArray<4> tag_k0{0x2d, 0x00, 0x3f, 0x76};
constexpr ByteArray<4> tag_k1{0x2d, 0x00, 0x3f, 0x77};
constexpr ByteArray<4> tag_k2{0x2d, 0x00, 0x3f, 0x78};
constexpr ByteArray<4> tag_k3{0x2d, 0x00, 0x3f, 0x79};
constexpr ByteArray<4> tag_k4{0x2d, 0x00, 0x3f, 0x7a};
constexpr ByteArray<4> tag_id{0x2d, 0x00, 0x3f, 0x7b};

Key prf(ByteView key, ByteView message) {
    ByteArray<key_size> mac = crypto::aes128_cmac(key, message);
    Key out(mac);
    crypto::wipe(mac.data(), mac.size());
    return out;
}

void require_inputs(ByteView issuer_key, ByteView uid) {
    require_size(issuer_key, key_size, "Bolt Card issuer key");
    require_size(uid, uid_size, "Bolt Card UID");
}

}  // namespace

Key derive_card_key(ByteView issuer_key, ByteView uid, std::uint32_t version) {
    require_inputs(issuer_key, uid);
    const ByteArray<4> version_le{static_cast<std::uint8_t>(version), static_cast<std::uint8_t>(version >> 8),
                                  static_cast<std::uint8_t>(version >> 16),
                                  static_cast<std::uint8_t>(version >> 24)};
    return prf(issuer_key, concat(tag_card_key, uid, version_le));
}

CardKeys derive_card_keys(ByteView issuer_key, ByteView uid, std::uint32_t version) {
    const Key card_key = derive_card_key(issuer_key, uid, version);
    return {prf(card_key.view(), tag_k0), derive_encryption_key(issuer_key), prf(card_key.view(), tag_k2),
            prf(card_key.view(), tag_k3), prf(card_key.view(), tag_k4)};
}

Key derive_encryption_key(ByteView issuer_key) {
    require_size(issuer_key, key_size, "Bolt Card issuer key");
    return prf(issuer_key, tag_k1);
}

ByteArray<16> derive_card_id(ByteView issuer_key, ByteView uid) {
    require_inputs(issuer_key, uid);
    return crypto::aes128_cmac(issuer_key, concat(tag_id, uid));
}

}  // namespace flash::lightning::boltcard
