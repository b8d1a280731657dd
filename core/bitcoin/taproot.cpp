#include "core/bitcoin/taproot.hpp"

#include <algorithm>

#include "core/bitcoin/wire.hpp"

namespace flash::bitcoin {

crypto::Hash256 tap_leaf_hash(std::uint8_t leaf_version, ByteView script) {
    Bytes data{leaf_version};
    write_var_bytes(data, script);
    return crypto::tagged_hash("TapLeaf", data);
}

crypto::Hash256 tap_branch_hash(const crypto::Hash256& a, const crypto::Hash256& b) {
    return crypto::tagged_hash("TapBranch", std::lexicographical_compare(b.begin(), b.end(), a.begin(), a.end())
                                                ? concat(b, a)
                                                : concat(a, b));
}

crypto::Hash256 taproot_tweak(const crypto::XOnlyKey& internal, const std::optional<crypto::Hash256>& merkle_root) {
    return crypto::tagged_hash("TapTweak", merkle_root ? concat(internal, *merkle_root) : Bytes(internal.begin(), internal.end()));
}

crypto::XOnlyWithParity taproot_output_key(const crypto::XOnlyKey& internal,
                                           const std::optional<crypto::Hash256>& merkle_root) {
    return crypto::xonly_tweak_add(internal, taproot_tweak(internal, merkle_root));
}

crypto::SecretKey taproot_tweak_secret_key(const crypto::SecretKey& internal_secret,
                                           const std::optional<crypto::Hash256>& merkle_root) {
    const crypto::XOnlyWithParity internal = crypto::xonly_public_key(internal_secret);
    const crypto::SecretKey even = internal.odd_y ? crypto::secret_key_negate(internal_secret) : internal_secret;
    return crypto::secret_key_tweak_add(even, taproot_tweak(internal.key, merkle_root));
}

}  // namespace flash::bitcoin
