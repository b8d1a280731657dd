#include "core/bitcoin/witness_verify.hpp"

#include <algorithm>

#include "core/bitcoin/script.hpp"
#include "core/bitcoin/sighash.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/error.hpp"

namespace flash::bitcoin {
namespace {

// Version 0 accepts the four base types, with or without ANYONECANPAY (policy: STRICTENC).
bool is_v0_sighash_type(std::uint8_t type) {
    const std::uint8_t base = type & static_cast<std::uint8_t>(~sighash_anyone_can_pay);
    return base >= sighash_all && base <= sighash_single;
}

bool verify_p2wpkh(const Transaction& tx, std::size_t index, const TxOut& spent) {
    const std::vector<Bytes>& witness = tx.inputs[index].witness;
    if (witness.size() != 2 || witness[0].empty() || witness[1].size() != 33) return false;
    const Bytes& signature = witness[0];
    const Bytes& key = witness[1];
    const std::uint8_t hash_type = signature.back();
    if ((key[0] != 0x02 && key[0] != 0x03) || !is_v0_sighash_type(hash_type)) return false;
    const crypto::Hash160 key_hash = crypto::hash160(key);
    if (!std::equal(key_hash.begin(), key_hash.end(), spent.script_pubkey.begin() + 2)) return false;
    const crypto::Hash256 digest =
        segwit_v0_sighash(tx, index, p2wpkh_script_code(key_hash), spent.value, hash_type);
    try {
        return crypto::ecdsa_verify_der(crypto::parse_public_key(key), digest,
                                        ByteView(signature).first(signature.size() - 1));
    } catch (const Error&) {
        return false;  // not DER, or a key off the curve
    }
}

bool verify_p2tr_key_path(const Transaction& tx, std::size_t index, std::span<const TxOut> spent) {
    const std::vector<Bytes>& witness = tx.inputs[index].witness;
    if (witness.size() != 1) return false;  // a script path, or an annex
    const Bytes& signature = witness[0];
    if (signature.size() != 64 && signature.size() != 65) return false;
    // A 65-byte signature names its hash type explicitly, and it may not be SIGHASH_DEFAULT.
    const std::uint8_t hash_type = signature.size() == 65 ? signature[64] : sighash_default;
    if (signature.size() == 65 && hash_type == sighash_default) return false;
    if (!is_taproot_sighash_type(hash_type)) return false;
    if ((hash_type & 0x03) == sighash_single && index >= tx.outputs.size()) return false;
    const crypto::Hash256 digest = taproot_key_path_sighash(tx, index, spent, hash_type);
    return crypto::schnorr_verify(ByteView(spent[index].script_pubkey).subspan(2), digest,
                                  ByteView(signature).first(64));
}

}  // namespace

bool verify_input(const Transaction& tx, std::size_t index, std::span<const TxOut> spent) {
    if (index >= tx.inputs.size() || spent.size() != tx.inputs.size())
        throw Error(Errc::bad_argument, "verify_input needs an input index and one spent output per input");
    if (!tx.inputs[index].script_sig.empty()) return false;  // native segwit spends have an empty scriptSig
    switch (script_type(spent[index].script_pubkey)) {
        case ScriptType::p2wpkh: return verify_p2wpkh(tx, index, spent[index]);
        case ScriptType::p2tr: return verify_p2tr_key_path(tx, index, spent);
        default: return false;
    }
}

}  // namespace flash::bitcoin
