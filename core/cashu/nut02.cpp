#include "core/cashu/nut02.hpp"

#include <limits>

#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/error.hpp"

namespace flash::cashu {

namespace {

void require_keys(const Keys& keys) {
    if (keys.empty()) throw Error(Errc::bad_keyset, "a keyset id needs at least one key");
}

void check_id(ByteView id) {
    const bool ok = (id.size() == 8 && (id[0] == 0x00 || id[0] == 0x01)) || (id.size() == 33 && id[0] == 0x01);
    if (!ok) throw Error(Errc::bad_keyset, "keyset id must be 8 bytes (version 00/01) or 33 bytes (version 01)");
}

}  // namespace

KeysetId keyset_id_v1(const Keys& keys) {
    require_keys(keys);
    Bytes concatenated;
    for (const auto& [amount, key] : keys) concatenated.insert(concatenated.end(), key.begin(), key.end());
    const crypto::Hash256 digest = crypto::sha256(concatenated);
    KeysetId id{0x00};
    id.insert(id.end(), digest.begin(), digest.begin() + 7);
    return id;
}

KeysetId keyset_id_v2(const Keys& keys, std::string_view unit, std::uint64_t input_fee_ppk,
                      std::optional<std::uint64_t> final_expiry) {
    require_keys(keys);
    if (unit.empty() || unit.find('|') != std::string_view::npos)
        throw Error(Errc::bad_keyset, "unit must be non-empty and without '|'");
    std::string preimage;
    for (const auto& [amount, key] : keys) {
        if (!preimage.empty()) preimage += ',';
        preimage += std::to_string(amount) + ':' + codec::hex_encode(key);
    }
    preimage += "|unit:";
    preimage += unit;
    if (input_fee_ppk != 0) preimage += "|input_fee_ppk:" + std::to_string(input_fee_ppk);
    if (final_expiry) preimage += "|final_expiry:" + std::to_string(*final_expiry);
    const crypto::Hash256 digest = crypto::sha256(as_bytes(preimage));
    KeysetId id{0x01};
    id.insert(id.end(), digest.begin(), digest.end());
    return id;
}

KeysetId parse_keyset_id(std::string_view hex) {
    if (hex.size() != 16 && hex.size() != 66) throw Error(Errc::bad_keyset, "keyset id must be 16 or 66 hex digits");
    KeysetId id;
    try {
        id = codec::hex_decode(hex);
    } catch (const Error& e) {
        throw Error(Errc::bad_keyset, std::string("keyset id: ") + e.what());
    }
    check_id(id);
    return id;
}

std::string format_keyset_id(const KeysetId& id) {
    check_id(id);
    return codec::hex_encode(id);
}

Amount input_fee(std::span<const std::uint64_t> input_fee_ppk) {
    std::uint64_t sum = 0;
    for (const std::uint64_t ppk : input_fee_ppk) {
        if (ppk > std::numeric_limits<std::uint64_t>::max() - sum) throw Error(Errc::bad_argument, "input fees overflow");
        sum += ppk;
    }
    return sum / 1000 + (sum % 1000 != 0 ? 1 : 0);
}

}  // namespace flash::cashu
