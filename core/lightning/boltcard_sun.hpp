// Bolt Card taps: the p= and c= parameters an NTAG 424 DNA card writes into its lnurlw:// URL on
// every tap (Secure Unique NFC, NXP AN12196; boltcard/boltcard docs/SPEC.md, crypto/crypto.go).
//   PICCData = 0xC7 || UID (7) || counter (3, little endian) || 5 random bytes
//   p = AES-128(K1) of PICCData, one block (the spec's CBC with a zero IV)
//   SV2 = 3C C3 00 01 00 80 || UID || counter (3, little endian);  KS = CMAC(K2, SV2)
//   c = the odd bytes CM[1], CM[3], ..., CM[15] of CM = CMAC(KS, empty message)
// A service reads a tap in two steps: decrypt_tap() with the issuer's K1 yields the UID, which
// finds the card and so its K2 (boltcard_keys.hpp); check_tap_mac() then authenticates the tap.
// The counter must also go up from tap to tap; that needs stored state and is the caller's job.
// Sans-I/O and stateless: nothing here stores counters or talks HTTP.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/lightning/boltcard_keys.hpp"

namespace flash::lightning::boltcard {

/// The largest value of the card's 24-bit SDM read counter.
inline constexpr std::uint32_t max_counter = 0xFFFFFF;
/// The PICCData tag byte of a Bolt Card: UID and counter mirrored, UID of 7 bytes.
inline constexpr std::uint8_t picc_data_tag = 0xC7;

/// What one tap says about the card.
struct CardTap {
    ByteArray<uid_size> uid{};
    std::uint32_t counter = 0;  ///< 0 ... max_counter; one more on every tap

    bool operator==(const CardTap&) const = default;
};

/// The two URL parameters of a tap, as 32 and 16 upper-case hex digits (as cards write them).
struct TapParams {
    std::string p;
    std::string c;
};

/// Decrypts p (32 hex digits, either case) with K1 (16 bytes).
/// Throws Error(bad_length) if p is not 32 characters or K1 not 16 bytes, Error(bad_hex) for a
/// character that is not a hex digit, Error(bad_card_message) if the plaintext does not start
/// with the tag 0xC7 (another issuer's K1, or not a Bolt Card).
/// The tap is not authenticated yet: call check_tap_mac() before trusting it.
CardTap decrypt_tap(std::string_view p_hex, ByteView k1);

/// The 8-byte SUN MAC the card with K2 (16 bytes) computes for `tap` (the c= parameter).
/// Throws Error(bad_length) for another key size, Error(bad_argument) for a counter above
/// max_counter.
ByteArray<8> tap_mac(const CardTap& tap, ByteView k2);

/// Checks c (16 hex digits, either case) against tap_mac(), comparing in constant time.
/// Throws Error(bad_length) if c is not 16 characters, Error(bad_hex) for a non-hex character,
/// Error(decrypt_failed) when the MAC does not match (wrong K2, or p or c altered).
void check_tap_mac(const CardTap& tap, std::string_view c_hex, ByteView k2);

/// decrypt_tap() then check_tap_mac(), for a card whose K2 is known before the tap is read.
/// Throws what those two throw.
CardTap read_tap(std::string_view p_hex, std::string_view c_hex, ByteView k1, ByteView k2);

/// What the card with keys K1 and K2 writes for `tap`, with 5 random padding bytes from the
/// core CSPRNG: a simulated card for tests and the demo.
/// Throws Error(bad_length) for keys that are not 16 bytes, Error(bad_argument) for a counter
/// above max_counter.
TapParams encode_tap(const CardTap& tap, ByteView k1, ByteView k2);

/// The same with the 5 padding bytes given (reproduces a recorded tap exactly).
/// Also throws Error(bad_length) unless `padding` is 5 bytes.
TapParams encode_tap(const CardTap& tap, ByteView k1, ByteView k2, ByteView padding);

}  // namespace flash::lightning::boltcard
