#include "core/bitcoin/psbt_sign.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "core/bitcoin/psbt_fields.hpp"
#include "core/bitcoin/psbt_ownership.hpp"
#include "core/bitcoin/script.hpp"
#include "core/bitcoin/sighash.hpp"
#include "core/bitcoin/taproot.hpp"
#include "core/bitcoin/witness_verify.hpp"
#include "core/crypto/hash.hpp"
#include "core/crypto/random.hpp"
#include "core/error.hpp"

namespace flash::bitcoin {
namespace {

[[noreturn]] void fail(std::size_t input, const std::string& what) {
    throw Error(Errc::bad_psbt, "input " + std::to_string(input) + ": " + what);
}

std::vector<std::optional<TxOut>> spent_outputs(const Psbt& psbt) {
    std::vector<std::optional<TxOut>> spent;
    for (std::size_t i = 0; i < psbt.inputs.size(); ++i) spent.push_back(spent_output(psbt, i));
    return spent;
}

// Every spent output, as BIP-341 digests need; `input` names the input that needs them.
std::vector<TxOut> all_spent(const std::vector<std::optional<TxOut>>& spent, std::size_t input) {
    std::vector<TxOut> out;
    for (const auto& output : spent) {
        if (!output) fail(input, "taproot signatures commit to every input's UTXO, and one is missing");
        out.push_back(*output);
    }
    return out;
}

Bytes sign_p2wpkh(const Psbt& psbt, std::size_t i, const TxOut& spent, const keys::ExtendedKey& key) {
    if (psbt.inputs[i].sighash_type.value_or(sighash_all) != sighash_all) fail(i, "refusing a sighash type other than ALL");
    const crypto::Hash256 digest =
        segwit_v0_sighash(psbt.tx, i, p2wpkh_script_code(crypto::hash160(key.public_key())), spent.value, sighash_all);
    Bytes signature = crypto::ecdsa_sign_der(key.secret_key(), digest);
    signature.push_back(sighash_all);
    return signature;
}

Bytes sign_p2tr(const Psbt& psbt, std::size_t i, const std::vector<std::optional<TxOut>>& spent,
                const keys::ExtendedKey& key, const std::optional<ByteArray<32>>& aux_rand) {
    const std::uint32_t hash_type = psbt.inputs[i].sighash_type.value_or(sighash_default);
    if (hash_type != sighash_default && hash_type != sighash_all) fail(i, "refusing a sighash type other than DEFAULT or ALL");
    const auto type = static_cast<std::uint8_t>(hash_type);
    const crypto::Hash256 digest = taproot_key_path_sighash(psbt.tx, i, all_spent(spent, i), type);
    const crypto::SecretKey tweaked = taproot_tweak_secret_key(key.secret_key(), psbt.inputs[i].tap_merkle_root);
    const auto signature = crypto::schnorr_sign(tweaked, digest, aux_rand ? *aux_rand : crypto::random_array<32>());
    Bytes out(signature.begin(), signature.end());
    if (type != sighash_default) out.push_back(type);
    return out;
}

// The final witness for input `i` from its signature, or nullopt when it has none we can use.
std::optional<std::vector<Bytes>> final_witness(const PsbtInput& in, std::size_t i, const TxOut& spent) {
    switch (script_type(spent.script_pubkey)) {
        case ScriptType::p2wpkh:
            for (const auto& [key, signature] : in.partial_sigs) {
                const crypto::Hash160 hash = crypto::hash160(key);
                if (key.size() != 33 || signature.empty() || !std::equal(hash.begin(), hash.end(), spent.script_pubkey.begin() + 2)) continue;
                if (in.sighash_type && signature.back() != *in.sighash_type) fail(i, "signature uses another sighash type");
                return std::vector<Bytes>{signature, key};
            }
            return std::nullopt;
        case ScriptType::p2tr:
            if (!in.tap_key_sig) return std::nullopt;
            if (in.sighash_type && (in.tap_key_sig->size() == 65 ? (*in.tap_key_sig)[64] : sighash_default) != *in.sighash_type)
                fail(i, "taproot signature uses another sighash type");
            return std::vector<Bytes>{*in.tap_key_sig};
        default:
            return std::nullopt;
    }
}

// BIP-174 Finalizer: everything but the UTXOs and unknown records goes once the witness is final.
void clear_signing_data(PsbtInput& in) {
    using namespace psbt_field;
    in.partial_sigs.clear();
    in.sighash_type.reset();
    in.bip32_derivation.clear();
    in.tap_key_sig.reset();
    in.tap_bip32_derivation.clear();
    in.tap_internal_key.reset();
    in.tap_merkle_root.reset();
    std::erase_if(in.unknown, [](const auto& record) {
        const std::uint8_t type = record.first[0];
        return type == in_redeem_script || type == in_witness_script || (type >= in_ripemd160 && type <= in_hash256) ||
               type == in_tap_script_sig || type == in_tap_leaf_script;
    });
}

}  // namespace

std::size_t sign_psbt(Psbt& psbt, const KeySource& source, const std::optional<ByteArray<32>>& aux_rand) {
    if (!source.key().is_private()) throw Error(Errc::bad_extended_key, "signing needs a private key");
    const auto spent = spent_outputs(psbt);
    // Sign everything first, so that an error leaves the PSBT untouched.
    struct Made {
        std::size_t input;
        Bytes key;  ///< P2WPKH: the public key the signature is for; P2TR: empty
        Bytes signature;
    };
    std::vector<Made> made;
    for (std::size_t i = 0; i < psbt.inputs.size(); ++i) {
        if (psbt.inputs[i].is_finalized() || !spent[i]) continue;
        const auto key = own_input_key(psbt.inputs[i], *spent[i], source);
        if (!key) continue;
        if (script_type(spent[i]->script_pubkey) == ScriptType::p2wpkh)
            made.push_back({i, Bytes(key->public_key().begin(), key->public_key().end()), sign_p2wpkh(psbt, i, *spent[i], *key)});
        else
            made.push_back({i, {}, sign_p2tr(psbt, i, spent, *key, aux_rand)});
    }
    for (Made& m : made) {
        if (m.key.empty())
            psbt.inputs[m.input].tap_key_sig = std::move(m.signature);
        else
            psbt.inputs[m.input].partial_sigs[m.key] = std::move(m.signature);
    }
    return made.size();
}

bool finalize_psbt(Psbt& psbt) {
    const auto spent = spent_outputs(psbt);
    std::vector<PsbtInput> inputs = psbt.inputs;  // committed only when every signature checks out
    bool complete = true;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        PsbtInput& in = inputs[i];
        if (in.is_finalized()) continue;
        const auto witness = spent[i] ? final_witness(in, i, *spent[i]) : std::nullopt;
        if (!witness) {
            complete = false;
            continue;
        }
        // Verify in the transaction as it will be; P2WPKH only reads its own input's UTXO.
        std::vector<TxOut> outputs;
        if (script_type(spent[i]->script_pubkey) == ScriptType::p2tr)
            outputs = all_spent(spent, i);
        else
            for (const auto& output : spent) outputs.push_back(output.value_or(TxOut{}));
        Transaction signed_tx = psbt.tx;
        signed_tx.inputs[i].witness = *witness;
        if (!verify_input(signed_tx, i, outputs)) fail(i, "the signature does not verify");
        clear_signing_data(in);
        in.final_script_witness = *witness;
    }
    psbt.inputs = std::move(inputs);
    return complete;
}

Transaction extract_transaction(const Psbt& psbt) {
    Transaction tx = psbt.tx;
    for (std::size_t i = 0; i < tx.inputs.size(); ++i) {
        const PsbtInput& in = psbt.inputs.at(i);
        if (!in.is_finalized()) fail(i, "not finalized");
        tx.inputs[i].script_sig = in.final_script_sig.value_or(Bytes{});
        tx.inputs[i].witness = in.final_script_witness.value_or(std::vector<Bytes>{});
    }
    return tx;
}

}  // namespace flash::bitcoin
