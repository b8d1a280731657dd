// MerchantSecrets: how flash-node keeps a merchant's BTCPay credentials (the Greenfield API key,
// the webhook secret) in its database: sealed with XChaCha20-Poly1305 under a key derived
// (HKDF-SHA256) from a secret of the node's own, DATA/merchant.key (32 random bytes, hex, mode 0600,
// created on first start like the node's other key files). Someone with the database alone
// learns nothing of the credentials; someone with the data directory learns everything.
//
// A sealed value is: version byte 0x01 || 24-byte random nonce || ciphertext || 16-byte tag. The
// `context` (say "api_key:<merchant id>") is authenticated data: a value copied into another
// merchant's row or field does not open there.
#pragma once
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/crypto/memory.hpp"

namespace flash::node::merchant::btcpay {

class MerchantSecrets {
public:
    /// The file in the data directory that holds the node's secret for sealing.
    static constexpr const char* key_file = "merchant.key";

    /// Derives the sealing key from `node_secret`.
    explicit MerchantSecrets(const crypto::Secret<32>& node_secret);

    /// The node's MerchantSecrets: DATA/merchant.key, created when missing. Throws Error(bad_config)
    /// when the file cannot be read or written.
    static MerchantSecrets load(const std::string& data_dir);

    Bytes seal(std::string_view plaintext, std::string_view context) const;
    /// The plaintext of `sealed`. Throws Error(decrypt_failed) when it was sealed under another key
    /// or context or was changed, Error(bad_length) when it is too short, Error(bad_payload) for an
    /// unknown version.
    std::string unseal(ByteView sealed, std::string_view context) const;

private:
    crypto::Secret<32> key_;
};

/// The contexts a merchant's credentials are sealed under.
std::string api_key_context(const std::string& merchant_id);
std::string webhook_secret_context(const std::string& merchant_id);

}  // namespace flash::node::merchant::btcpay
