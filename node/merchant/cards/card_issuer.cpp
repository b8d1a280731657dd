#include "node/merchant/cards/card_issuer.hpp"

#include <algorithm>

#include "core/codec/hex.hpp"
#include "core/crypto/kdf.hpp"
#include "node/merchant/btcpay/merchant_secrets.hpp"
#include "node/server/key_file.hpp"

namespace flash::node::merchant::cards {
namespace {

/// HKDF labels: this key is for nothing else than Bolt Card keys (the same secret seals BTCPay
/// credentials under other labels).
constexpr std::string_view kdf_salt = "flash-node bolt card issuer";
constexpr std::string_view kdf_info = "issuer key v1";

boltcard::Key issuer_key_from(const crypto::Secret<32>& node_secret) {
    const crypto::SecretBytes derived =
        crypto::hkdf_sha256(as_bytes(kdf_salt), node_secret.view(), as_bytes(kdf_info), boltcard::key_size);
    boltcard::Key key;
    std::copy(derived.begin(), derived.end(), key.data());
    return key;
}

}  // namespace

CardIssuer::CardIssuer(const crypto::Secret<32>& node_secret)
    : issuer_key_(issuer_key_from(node_secret)), k1_(boltcard::derive_encryption_key(issuer_key_.view())) {}

CardIssuer CardIssuer::load(const std::string& data_dir) {
    return CardIssuer(load_or_create_key_file(data_dir, btcpay::MerchantSecrets::key_file));
}

std::string CardIssuer::card_id(const ByteArray<boltcard::uid_size>& uid) const {
    return codec::hex_encode(boltcard::derive_card_id(issuer_key_.view(), uid));
}

boltcard::CardKeys CardIssuer::keys(const ByteArray<boltcard::uid_size>& uid, std::uint32_t version) const {
    return boltcard::derive_card_keys(issuer_key_.view(), uid, version);
}

}  // namespace flash::node::merchant::cards
