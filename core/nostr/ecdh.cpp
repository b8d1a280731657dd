// x-only ECDH for NIP-04 and NIP-44.
#include "core/nostr/ecdh.hpp"

#include <algorithm>

namespace flash::nostr {

crypto::Secret<32> shared_x(const crypto::SecretKey& secret, const crypto::XOnlyKey& pubkey) {
    // The parity of the peer's point does not change x(secret * P), so the even lift is enough.
    ByteArray<33> compressed{};
    compressed[0] = 0x02;
    std::copy(pubkey.begin(), pubkey.end(), compressed.begin() + 1);
    const crypto::PublicKey point = crypto::parse_public_key(compressed);
    ByteArray<32> x = crypto::ecdh_shared_x(secret, point);
    crypto::Secret<32> out(x);
    crypto::wipe(x.data(), x.size());
    return out;
}

}  // namespace flash::nostr
