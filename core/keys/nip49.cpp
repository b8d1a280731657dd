// NIP-49 password encryption of secret keys.
#include "core/keys/nip49.hpp"

#include <algorithm>

#include "core/codec/bech32.hpp"
#include "core/crypto/chacha.hpp"
#include "core/crypto/kdf.hpp"
#include "core/crypto/random.hpp"
#include "core/error.hpp"
#include "core/keys/unicode.hpp"

namespace flash::keys {
namespace {

constexpr std::string_view hrp = "ncryptsec";
constexpr std::uint8_t version = 0x02;
constexpr std::size_t payload_size = 91;
constexpr std::size_t sealed_offset = 43;  // after version, log_n, salt, nonce, key_security
// 91 bytes are 146 characters of data: with hrp, separator and checksum, 162.
constexpr std::size_t length_limit = 200;

crypto::SecretBytes password_key(std::string_view password, ByteView salt, std::uint8_t log_n) {
    const crypto::SecretBytes normalized = normalize_secret(password, NormalForm::nfkc);
    return crypto::scrypt(normalized, salt, log_n, 8, 1, 32);
}

void check_parameters(std::uint8_t log_n, std::uint8_t key_security) {
    if (log_n < ncryptsec_min_log_n || log_n > ncryptsec_max_log_n)
        throw Error(Errc::bad_ncryptsec, "log_n " + std::to_string(log_n) + " outside [1, 22]");
    if (key_security > 2)
        throw Error(Errc::bad_ncryptsec, "key security byte " + std::to_string(key_security));
}

Bytes decode_payload(std::string_view ncryptsec) {
    const codec::Bech32Data decoded = codec::bech32_decode(ncryptsec, length_limit);
    if (decoded.hrp != hrp) throw Error(Errc::bad_ncryptsec, "hrp is not ncryptsec");
    if (decoded.variant != codec::Bech32Variant::bech32)
        throw Error(Errc::bad_ncryptsec, "ncryptsec uses bech32, not bech32m");
    Bytes payload = codec::convert_bits(decoded.data, 5, 8, false);
    if (payload.size() != payload_size)
        throw Error(Errc::bad_ncryptsec, "payload is " + std::to_string(payload.size()) + " bytes, not 91");
    if (payload[0] != version)
        throw Error(Errc::bad_ncryptsec, "version " + std::to_string(payload[0]) + ", expected 2");
    check_parameters(payload[1], payload[42]);
    return payload;
}

}  // namespace

std::string ncryptsec_encrypt(const crypto::SecretKey& key, std::string_view password,
                              std::uint8_t log_n, KeySecurity key_security) {
    return ncryptsec_encrypt_with(key, password, log_n, key_security, crypto::random_array<16>(),
                                  crypto::random_array<24>());
}

std::string ncryptsec_encrypt_with(const crypto::SecretKey& key, std::string_view password,
                                   std::uint8_t log_n, KeySecurity key_security,
                                   const ByteArray<16>& salt, const ByteArray<24>& nonce) {
    const auto ksb = static_cast<std::uint8_t>(key_security);
    check_parameters(log_n, ksb);
    const crypto::SecretBytes symmetric = password_key(password, salt, log_n);
    const ByteArray<1> aad{ksb};
    const Bytes sealed = crypto::xchacha20_poly1305_seal(symmetric, nonce, aad, key.view());

    Bytes payload;
    payload.reserve(payload_size);
    payload.push_back(version);
    payload.push_back(log_n);
    payload.insert(payload.end(), salt.begin(), salt.end());
    payload.insert(payload.end(), nonce.begin(), nonce.end());
    payload.push_back(ksb);
    payload.insert(payload.end(), sealed.begin(), sealed.end());
    return codec::bech32_encode_bytes(hrp, payload, codec::Bech32Variant::bech32, length_limit);
}

NcryptsecInfo ncryptsec_inspect(std::string_view ncryptsec) {
    const Bytes payload = decode_payload(ncryptsec);
    NcryptsecInfo info{payload[1], static_cast<KeySecurity>(payload[42]), {}, {}};
    std::copy(payload.begin() + 2, payload.begin() + 18, info.salt.begin());
    std::copy(payload.begin() + 18, payload.begin() + 42, info.nonce.begin());
    return info;
}

crypto::SecretKey ncryptsec_decrypt(std::string_view ncryptsec, std::string_view password) {
    const Bytes payload = decode_payload(ncryptsec);
    const ByteView view(payload);
    const crypto::SecretBytes symmetric = password_key(password, view.subspan(2, 16), payload[1]);
    const crypto::SecretBytes plain = crypto::xchacha20_poly1305_open(
        symmetric, view.subspan(18, 24), view.subspan(42, 1), view.subspan(sealed_offset));
    return crypto::secret_key_from(plain);
}

}  // namespace flash::keys
