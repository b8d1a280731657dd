#include "core/bitcoin/script.hpp"

#include <algorithm>
#include <cctype>

#include "core/bitcoin/address.hpp"
#include "core/codec/base58.hpp"
#include "core/crypto/hash.hpp"
#include "core/error.hpp"

namespace flash::bitcoin {
namespace {

constexpr std::uint8_t OP_0 = 0x00, OP_1 = 0x51, OP_16 = 0x60, OP_RETURN = 0x6a, OP_DUP = 0x76,
                       OP_EQUAL = 0x87, OP_EQUALVERIFY = 0x88, OP_HASH160 = 0xa9, OP_CHECKSIG = 0xac;

// Base58check version bytes of P2PKH and P2SH addresses.
struct Base58Versions {
    std::uint8_t p2pkh;
    std::uint8_t p2sh;
};

Base58Versions base58_versions(keys::Network network) {
    return network == keys::Network::mainnet ? Base58Versions{0x00, 0x05} : Base58Versions{0x6f, 0xc4};
}

// BIP-141: a witness program is OP_n followed by one direct push of 2..40 bytes.
bool is_witness_program(ByteView s) {
    return s.size() >= 4 && s.size() <= 42 && (s[0] == OP_0 || (s[0] >= OP_1 && s[0] <= OP_16)) &&
           s[1] == s.size() - 2;
}

unsigned witness_version(ByteView s) { return s[0] == OP_0 ? 0 : s[0] - OP_1 + 1; }

// A segwit address starts with the network's hrp and the separator '1', in either case.
bool looks_segwit(std::string_view address, std::string_view hrp) {
    if (address.size() <= hrp.size() || address[hrp.size()] != '1') return false;
    return std::equal(hrp.begin(), hrp.end(), address.begin(), [](char h, char a) {
        return h == static_cast<char>(std::tolower(static_cast<unsigned char>(a)));
    });
}

Bytes hash_script(std::initializer_list<std::uint8_t> prefix, ByteView hash, std::initializer_list<std::uint8_t> suffix) {
    Bytes out(prefix);
    out.insert(out.end(), hash.begin(), hash.end());
    out.insert(out.end(), suffix);
    return out;
}

}  // namespace

ScriptType script_type(ByteView s) noexcept {
    if (s.size() == 25 && s[0] == OP_DUP && s[1] == OP_HASH160 && s[2] == 20 && s[23] == OP_EQUALVERIFY &&
        s[24] == OP_CHECKSIG)
        return ScriptType::p2pkh;
    if (s.size() == 23 && s[0] == OP_HASH160 && s[1] == 20 && s[22] == OP_EQUAL) return ScriptType::p2sh;
    if (!s.empty() && s[0] == OP_RETURN) return ScriptType::op_return;
    if (!is_witness_program(s)) return ScriptType::nonstandard;
    const unsigned version = witness_version(s);
    if (version == 0 && s.size() == 22) return ScriptType::p2wpkh;
    if (version == 0 && s.size() == 34) return ScriptType::p2wsh;
    if (version == 0) return ScriptType::nonstandard;  // v0 programs of other sizes are unspendable
    if (version == 1 && s.size() == 34) return ScriptType::p2tr;
    return ScriptType::witness_unknown;
}

Bytes p2wpkh_script_pubkey(const crypto::PublicKey& key) { return hash_script({OP_0, 20}, crypto::hash160(key), {}); }

Bytes p2tr_script_pubkey(const crypto::XOnlyKey& output_key) { return hash_script({OP_1, 32}, output_key, {}); }

Bytes address_to_script_pubkey(std::string_view address, keys::Network network) {
    const std::string_view hrp = keys::network_hrp(network);
    if (looks_segwit(address, hrp)) return segwit_script_pubkey(segwit_address_decode(hrp, address));
    for (std::string_view other : {"bc", "tb", "bcrt"})
        if (looks_segwit(address, other)) throw Error(Errc::bad_address, "address is for network '" + std::string(other) + "'");
    const Bytes payload = codec::base58check_decode(address);
    if (payload.size() != 21) throw Error(Errc::bad_address, "base58 address payload must be 21 bytes");
    const ByteView hash = ByteView(payload).subspan(1);
    const Base58Versions versions = base58_versions(network);
    if (payload[0] == versions.p2pkh) return hash_script({OP_DUP, OP_HASH160, 20}, hash, {OP_EQUALVERIFY, OP_CHECKSIG});
    if (payload[0] == versions.p2sh) return hash_script({OP_HASH160, 20}, hash, {OP_EQUAL});
    throw Error(Errc::bad_address, "base58 version byte is not P2PKH or P2SH on this network");
}

std::optional<std::string> script_pubkey_to_address(ByteView s, keys::Network network) {
    const Base58Versions versions = base58_versions(network);
    switch (script_type(s)) {
        case ScriptType::p2pkh:
            return codec::base58check_encode(concat(Bytes{versions.p2pkh}, s.subspan(3, 20)));
        case ScriptType::p2sh:
            return codec::base58check_encode(concat(Bytes{versions.p2sh}, s.subspan(2, 20)));
        case ScriptType::p2wpkh:
        case ScriptType::p2wsh:
        case ScriptType::p2tr:
        case ScriptType::witness_unknown:
            return segwit_address_encode(keys::network_hrp(network), witness_version(s), s.subspan(2));
        case ScriptType::op_return:
        case ScriptType::nonstandard:
            break;
    }
    return std::nullopt;
}

}  // namespace flash::bitcoin
