// BIP-32 derivation and serialisation.
#include "core/keys/bip32.hpp"

#include <algorithm>
#include <array>

#include "core/codec/base58.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/mac.hpp"
#include "core/error.hpp"

namespace flash::keys {
namespace {

constexpr std::size_t serialized_size = 78;
constexpr std::array<ExtendedKeyVersions, 4> known_versions = {xprv_xpub, tprv_tpub, zprv_zpub,
                                                                vprv_vpub};

// Moves a freshly computed secret (an HMAC output) into a wiping container and wipes the source.
template <std::size_t N>
crypto::Secret<N> take_secret(ByteArray<N>&& bytes) {
    crypto::Secret<N> secret(bytes);
    crypto::wipe(bytes.data(), N);
    return secret;
}

template <typename Out>
void put_be32(Out& out, std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(value >> shift));
}

std::uint32_t get_be32(const std::uint8_t* p) {
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

}  // namespace

DerivationPath parse_derivation_path(std::string_view path) {
    if (path.empty()) throw Error(Errc::bad_derivation_path, "empty path");
    DerivationPath out;
    std::size_t start = 0;
    bool first = true;
    while (true) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        std::string_view part = path.substr(start, end - start);
        if (first && part == "m") {
            out.absolute = true;
        } else {
            bool is_hardened = false;
            if (!part.empty() && (part.back() == '\'' || part.back() == 'h' || part.back() == 'H')) {
                is_hardened = true;
                part.remove_suffix(1);
            }
            if (part.empty() || part.size() > 10 ||
                !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }))
                throw Error(Errc::bad_derivation_path, "bad path component '" + std::string(part) + "'");
            std::uint64_t value = 0;
            for (const char c : part) value = value * 10 + static_cast<std::uint64_t>(c - '0');
            if (value >= hardened)
                throw Error(Errc::bad_derivation_path, "index " + std::string(part) + " is not below 2^31");
            out.indices.push_back(static_cast<std::uint32_t>(value) | (is_hardened ? hardened : 0));
        }
        first = false;
        if (end == path.size()) break;
        start = end + 1;
    }
    return out;
}

std::string format_derivation_path(const std::vector<std::uint32_t>& indices) {
    std::string out = "m";
    for (const std::uint32_t index : indices) {
        out += '/';
        out += std::to_string(index & ~hardened);
        if (index & hardened) out += '\'';
    }
    return out;
}

ExtendedKey ExtendedKey::from_seed(ByteView seed) {
    if (seed.size() < 16 || seed.size() > 64)
        throw Error(Errc::bad_length, "a BIP-32 seed has 16 to 64 bytes");
    const auto i = take_secret(crypto::hmac_sha512(as_bytes("Bitcoin seed"), seed));
    ExtendedKey key;
    key.secret_ = crypto::secret_key_from(i.view().first(32));
    std::copy(i.begin() + 32, i.end(), key.chain_code_.data());
    key.public_ = crypto::public_key(*key.secret_);
    return key;
}

ExtendedKey ExtendedKey::derive_child(std::uint32_t index) const {
    if (depth_ == 255) throw Error(Errc::bad_derivation_path, "depth would exceed 255");
    crypto::SecretBytes data;
    data.reserve(37);
    if (index & hardened) {
        if (!secret_) throw Error(Errc::bad_derivation_path, "a public key has no hardened children");
        data.push_back(0);
        data.insert(data.end(), secret_->begin(), secret_->end());
    } else {
        data.insert(data.end(), public_.begin(), public_.end());
    }
    put_be32(data, index);
    const auto i = take_secret(crypto::hmac_sha512(chain_code_.view(), data));
    const ByteView tweak = i.view().first(32);

    ExtendedKey child;
    if (secret_) {
        child.secret_ = crypto::secret_key_tweak_add(*secret_, tweak);
        child.public_ = crypto::public_key(*child.secret_);
    } else {
        child.public_ = crypto::point_tweak_add(public_, tweak);
    }
    std::copy(i.begin() + 32, i.end(), child.chain_code_.data());
    child.depth_ = static_cast<std::uint8_t>(depth_ + 1);
    child.child_number_ = index;
    child.parent_fingerprint_ = fingerprint();
    child.versions_ = versions_;
    return child;
}

ExtendedKey ExtendedKey::derive_path(std::string_view path) const {
    const DerivationPath parsed = parse_derivation_path(path);
    if (parsed.absolute && depth_ != 0)
        throw Error(Errc::bad_derivation_path, "path starts at m but the key is not a master key");
    ExtendedKey key = *this;
    for (const std::uint32_t index : parsed.indices) key = key.derive_child(index);
    return key;
}

ExtendedKey ExtendedKey::neuter() const {
    ExtendedKey key = *this;
    key.secret_.reset();
    return key;
}

const crypto::SecretKey& ExtendedKey::secret_key() const {
    if (!secret_) throw Error(Errc::bad_extended_key, "public extended key has no private key");
    return *secret_;
}

ByteArray<4> ExtendedKey::fingerprint() const {
    const auto id = crypto::hash160(public_);
    return {id[0], id[1], id[2], id[3]};
}

std::string ExtendedKey::to_base58(const ExtendedKeyVersions& versions) const {
    crypto::SecretBytes payload;
    payload.reserve(serialized_size);
    put_be32(payload, secret_ ? versions.priv : versions.pub);
    payload.push_back(depth_);
    payload.insert(payload.end(), parent_fingerprint_.begin(), parent_fingerprint_.end());
    put_be32(payload, child_number_);
    payload.insert(payload.end(), chain_code_.begin(), chain_code_.end());
    if (secret_) {
        payload.push_back(0);
        payload.insert(payload.end(), secret_->begin(), secret_->end());
    } else {
        payload.insert(payload.end(), public_.begin(), public_.end());
    }
    return codec::base58check_encode(payload);
}

ExtendedKey ExtendedKey::parse(std::string_view base58) {
    Bytes decoded = codec::base58check_decode(base58);
    const crypto::SecretBytes data(decoded.begin(), decoded.end());
    crypto::wipe(decoded.data(), decoded.size());
    if (data.size() != serialized_size)
        throw Error(Errc::bad_extended_key, "extended keys are 78 bytes, got " + std::to_string(data.size()));

    const std::uint32_t version = get_be32(data.data());
    const auto known = std::find_if(known_versions.begin(), known_versions.end(), [&](const auto& v) {
        return v.priv == version || v.pub == version;
    });
    if (known == known_versions.end()) throw Error(Errc::bad_extended_key, "unknown version");
    const bool is_private = known->priv == version;

    ExtendedKey key;
    key.versions_ = *known;
    key.depth_ = data[4];
    std::copy(data.begin() + 5, data.begin() + 9, key.parent_fingerprint_.begin());
    key.child_number_ = get_be32(data.data() + 9);
    if (key.depth_ == 0 && (key.parent_fingerprint_ != ByteArray<4>{} || key.child_number_ != 0))
        throw Error(Errc::bad_extended_key, "depth 0 with a parent fingerprint or child number");
    std::copy(data.begin() + 13, data.begin() + 45, key.chain_code_.data());

    const ByteView key_data = ByteView(data).subspan(45);
    if (is_private) {
        if (key_data[0] != 0) throw Error(Errc::bad_extended_key, "private key does not start with 0x00");
        key.secret_ = crypto::secret_key_from(key_data.subspan(1));
        key.public_ = crypto::public_key(*key.secret_);
    } else {
        if (key_data[0] != 2 && key_data[0] != 3)
            throw Error(Errc::bad_extended_key, "public key does not start with 0x02 or 0x03");
        key.public_ = crypto::parse_public_key(key_data);
    }
    return key;
}

}  // namespace flash::keys
