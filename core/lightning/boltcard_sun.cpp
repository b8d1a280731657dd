#include "core/lightning/boltcard_sun.hpp"

#include <algorithm>

#include "core/codec/ascii.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/aes.hpp"
#include "core/crypto/mac.hpp"
#include "core/crypto/random.hpp"
#include "core/error.hpp"

namespace flash::lightning::boltcard {

namespace {

constexpr std::size_t padding_size = 5;
constexpr std::size_t mac_size = 8;
// The head of SV2, the session vector the SDM file read MAC key is derived from (NXP AN12196).
constexpr ByteArray<6> sv2_prefix{0x3C, 0xC3, 0x00, 0x01, 0x00, 0x80};

ByteArray<3> counter_le(std::uint32_t counter) {
    if (counter > max_counter) throw Error(Errc::bad_argument, "Bolt Card counter above 24 bits");
    return {static_cast<std::uint8_t>(counter), static_cast<std::uint8_t>(counter >> 8),
            static_cast<std::uint8_t>(counter >> 16)};
}

}  // namespace

CardTap decrypt_tap(std::string_view p_hex, ByteView k1) {
    const ByteArray<16> picc = crypto::aes128_decrypt_block(k1, codec::hex_decode_array<16>(p_hex));
    if (picc[0] != picc_data_tag)
        throw Error(Errc::bad_card_message, "p does not decrypt to Bolt Card PICCData under this K1");
    CardTap tap;
    std::copy_n(picc.begin() + 1, uid_size, tap.uid.begin());
    const std::size_t ctr = 1 + uid_size;
    tap.counter = static_cast<std::uint32_t>(picc[ctr]) | static_cast<std::uint32_t>(picc[ctr + 1]) << 8 |
                  static_cast<std::uint32_t>(picc[ctr + 2]) << 16;
    return tap;
}

ByteArray<8> tap_mac(const CardTap& tap, ByteView k2) {
    require_size(k2, key_size, "Bolt Card K2");
    const Bytes sv2 = concat(sv2_prefix, tap.uid, counter_le(tap.counter));
    const Key session_key(crypto::aes128_cmac(k2, sv2));
    const ByteArray<16> full = crypto::aes128_cmac(session_key.view(), {});
    // SUN sends only the odd-numbered bytes of the MAC (NXP AN12196, MACt).
    ByteArray<mac_size> mac;
    for (std::size_t i = 0; i < mac_size; ++i) mac[i] = full[2 * i + 1];
    return mac;
}

void check_tap_mac(const CardTap& tap, std::string_view c_hex, ByteView k2) {
    const ByteArray<mac_size> received = codec::hex_decode_array<mac_size>(c_hex);
    if (!crypto::ct_equal(tap_mac(tap, k2), received))
        throw Error(Errc::decrypt_failed, "Bolt Card SUN MAC (c) does not match");
}

CardTap read_tap(std::string_view p_hex, std::string_view c_hex, ByteView k1, ByteView k2) {
    CardTap tap = decrypt_tap(p_hex, k1);
    check_tap_mac(tap, c_hex, k2);
    return tap;
}

TapParams encode_tap(const CardTap& tap, ByteView k1, ByteView k2) {
    const ByteArray<padding_size> padding = crypto::random_array<padding_size>();
    return encode_tap(tap, k1, k2, padding);
}

TapParams encode_tap(const CardTap& tap, ByteView k1, ByteView k2, ByteView padding) {
    require_size(padding, padding_size, "PICCData padding");
    const ByteArray<3> counter = counter_le(tap.counter);
    ByteArray<16> picc{picc_data_tag};
    auto at = std::copy(tap.uid.begin(), tap.uid.end(), picc.begin() + 1);
    at = std::copy(counter.begin(), counter.end(), at);
    std::copy(padding.begin(), padding.end(), at);
    return {codec::ascii_upper(codec::hex_encode(crypto::aes128_encrypt_block(k1, picc))),
            codec::ascii_upper(codec::hex_encode(tap_mac(tap, k2)))};
}

}  // namespace flash::lightning::boltcard
