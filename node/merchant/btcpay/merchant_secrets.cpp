#include "node/merchant/btcpay/merchant_secrets.hpp"

#include "core/crypto/chacha.hpp"
#include "core/crypto/kdf.hpp"
#include "core/crypto/random.hpp"
#include "core/error.hpp"
#include "node/server/key_file.hpp"

namespace flash::node::merchant::btcpay {
namespace {

constexpr std::uint8_t sealed_version = 1;
constexpr std::size_t nonce_size = 24;
constexpr std::size_t tag_size = 16;
/// HKDF labels: this key is for nothing else than sealing merchant credentials.
constexpr std::string_view kdf_salt = "flash-node merchant secrets";
constexpr std::string_view kdf_info = "xchacha20-poly1305 v1";

}  // namespace

MerchantSecrets::MerchantSecrets(const crypto::Secret<32>& node_secret) {
    const crypto::SecretBytes derived = crypto::hkdf_sha256(as_bytes(kdf_salt), node_secret.view(), as_bytes(kdf_info), 32);
    std::copy(derived.begin(), derived.end(), key_.data());
}

MerchantSecrets MerchantSecrets::load(const std::string& data_dir) {
    return MerchantSecrets(load_or_create_key_file(data_dir, key_file));
}

Bytes MerchantSecrets::seal(std::string_view plaintext, std::string_view context) const {
    const ByteArray<nonce_size> nonce = crypto::random_array<nonce_size>();
    const Bytes sealed = crypto::xchacha20_poly1305_seal(key_.view(), nonce, as_bytes(context), as_bytes(plaintext));
    return concat(ByteArray<1>{sealed_version}, nonce, sealed);
}

std::string MerchantSecrets::unseal(ByteView sealed, std::string_view context) const {
    if (sealed.size() < 1 + nonce_size + tag_size) throw Error(Errc::bad_length, "a sealed merchant secret is too short");
    if (sealed[0] != sealed_version) throw Error(Errc::bad_payload, "unknown version of a sealed merchant secret");
    crypto::SecretBytes plain = crypto::xchacha20_poly1305_open(key_.view(), sealed.subspan(1, nonce_size),
                                                                as_bytes(context), sealed.subspan(1 + nonce_size));
    return std::string(plain.begin(), plain.end());
}

std::string api_key_context(const std::string& merchant_id) { return "btcpay api key:" + merchant_id; }

std::string webhook_secret_context(const std::string& merchant_id) { return "btcpay webhook secret:" + merchant_id; }

}  // namespace flash::node::merchant::btcpay
