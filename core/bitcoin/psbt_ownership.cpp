#include "core/bitcoin/psbt_ownership.hpp"

#include "core/bitcoin/script.hpp"
#include "core/bitcoin/taproot.hpp"
#include "core/error.hpp"

namespace flash::bitcoin {
namespace {

bool same_key(const crypto::PublicKey& key, const Bytes& claimed) {
    return Bytes(key.begin(), key.end()) == claimed;
}

crypto::XOnlyKey xonly(const keys::ExtendedKey& key) { return crypto::xonly_from_public_key(key.public_key()).key; }

}  // namespace

std::optional<keys::ExtendedKey> own_input_key(const PsbtInput& in, const TxOut& spent, const KeySource& source) {
    switch (script_type(spent.script_pubkey)) {
        case ScriptType::p2wpkh:
            for (const auto& [key, origin] : in.bip32_derivation) {
                auto derived = source.derive(origin);
                if (derived && same_key(derived->public_key(), key) &&
                    p2wpkh_script_pubkey(derived->public_key()) == spent.script_pubkey)
                    return derived;
            }
            return std::nullopt;
        case ScriptType::p2tr:
            for (const auto& [internal, tap] : in.tap_bip32_derivation) {
                if (!tap.leaf_hashes.empty() || (in.tap_internal_key && *in.tap_internal_key != internal)) continue;
                auto derived = source.derive(tap.origin);
                if (derived && xonly(*derived) == internal &&
                    p2tr_script_pubkey(taproot_output_key(internal, in.tap_merkle_root).key) == spent.script_pubkey)
                    return derived;
            }
            return std::nullopt;
        default:
            return std::nullopt;
    }
}

bool is_own_output(const PsbtOutput& meta, const TxOut& output, const KeySource& source) {
    const ByteArray<4>& ours = source.origin().fingerprint;
    bool claimed = false;
    bool proven = false;
    for (const auto& [key, origin] : meta.bip32_derivation) {
        if (origin.fingerprint != ours) continue;
        claimed = true;
        const auto derived = source.derive(origin);
        if (!derived || !same_key(derived->public_key(), key))
            throw Error(Errc::bad_psbt, "a derivation with our fingerprint does not give its key");
        proven = proven || p2wpkh_script_pubkey(derived->public_key()) == output.script_pubkey;
    }
    for (const auto& [internal, tap] : meta.tap_bip32_derivation) {
        if (tap.origin.fingerprint != ours) continue;
        claimed = true;
        const auto derived = source.derive(tap.origin);
        if (!derived || xonly(*derived) != internal)
            throw Error(Errc::bad_psbt, "a taproot derivation with our fingerprint does not give its key");
        // BIP-86 change only: a script tree could hide another spending path.
        proven = proven || (tap.leaf_hashes.empty() && (!meta.tap_internal_key || *meta.tap_internal_key == internal) &&
                            p2tr_script_pubkey(taproot_output_key(internal, std::nullopt).key) == output.script_pubkey);
    }
    if (claimed && !proven) throw Error(Errc::bad_psbt, "claims to be our change, but our keys do not give its script");
    return proven;
}

}  // namespace flash::bitcoin
