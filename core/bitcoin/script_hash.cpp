#include "core/bitcoin/script_hash.hpp"

#include <algorithm>

#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/error.hpp"

namespace flash::bitcoin {

std::string electrum_script_hash(ByteView script_pubkey) {
    crypto::Hash256 digest = crypto::sha256(script_pubkey);
    std::reverse(digest.begin(), digest.end());
    return codec::hex_encode(digest);
}

std::optional<std::string> electrum_status(std::span<const ElectrumHistoryItem> history) {
    if (history.empty()) return std::nullopt;
    crypto::Sha256 hasher;
    for (const ElectrumHistoryItem& item : history) {
        codec::hex_decode_array<32>(item.tx_hash);  // validates: the hash covers the text as sent
        if (item.height < -1) throw Error(Errc::bad_argument, "history height below -1");
        const std::string entry = item.tx_hash + ":" + std::to_string(item.height) + ":";
        hasher.update(as_bytes(entry));
    }
    return codec::hex_encode(hasher.finalize());
}

}  // namespace flash::bitcoin
