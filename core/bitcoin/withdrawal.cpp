#include "core/bitcoin/withdrawal.hpp"

#include <algorithm>
#include <set>

#include "core/bitcoin/coin_selection.hpp"
#include "core/bitcoin/script.hpp"
#include "core/bitcoin/taproot.hpp"
#include "core/error.hpp"

namespace flash::bitcoin {
namespace {

constexpr std::uint32_t kReplaceableSequence = 0xfffffffd;  // BIP-125: opts in to fee bumping

crypto::XOnlyKey xonly(const crypto::PublicKey& key) { return crypto::xonly_from_public_key(key).key; }

Bytes script_of(const crypto::PublicKey& key, keys::AccountKind kind) {
    return kind == keys::AccountKind::p2wpkh ? p2wpkh_script_pubkey(key)
                                             : p2tr_script_pubkey(taproot_output_key(xonly(key), std::nullopt).key);
}

// The kind of account that spends `utxo`; Error(bad_argument) unless its script is its key's.
keys::AccountKind check_utxo(const WalletUtxo& utxo) {
    const ScriptType type = script_type(utxo.output.script_pubkey);
    const keys::AccountKind kind = type == ScriptType::p2tr ? keys::AccountKind::p2tr : keys::AccountKind::p2wpkh;
    if ((type != ScriptType::p2wpkh && type != ScriptType::p2tr) || script_of(utxo.public_key, kind) != utxo.output.script_pubkey)
        throw Error(Errc::bad_argument, "coin " + txid_hex(utxo.outpoint.txid) + ":" + std::to_string(utxo.outpoint.vout) +
                                            " is not the P2WPKH or P2TR output of its key");
    if (utxo.previous_tx && (txid(*utxo.previous_tx) != utxo.outpoint.txid ||
                             utxo.outpoint.vout >= utxo.previous_tx->outputs.size() ||
                             utxo.previous_tx->outputs[utxo.outpoint.vout] != utxo.output))
        throw Error(Errc::bad_argument, "previous transaction does not hold coin " + txid_hex(utxo.outpoint.txid));
    return kind;
}

// BIP-69: inputs by txid as displayed (reversed bytes), then index.
bool input_order(const WalletUtxo& a, const WalletUtxo& b) {
    const auto ka = std::make_pair(txid_hex(a.outpoint.txid), a.outpoint.vout);
    const auto kb = std::make_pair(txid_hex(b.outpoint.txid), b.outpoint.vout);
    return ka < kb;
}

// BIP-69: outputs by amount, then script bytes.
bool output_order(const TxOut& a, const TxOut& b) {
    return a.value != b.value ? a.value < b.value : a.script_pubkey < b.script_pubkey;
}

void describe_input(PsbtInput& in, const WalletUtxo& utxo, keys::AccountKind kind) {
    in.witness_utxo = utxo.output;
    in.non_witness_utxo = utxo.previous_tx;
    if (kind == keys::AccountKind::p2wpkh) {
        in.bip32_derivation[Bytes(utxo.public_key.begin(), utxo.public_key.end())] = utxo.origin;
    } else {
        in.tap_internal_key = xonly(utxo.public_key);
        in.tap_bip32_derivation[*in.tap_internal_key] = TapKeyOrigin{{}, utxo.origin};
    }
}

void describe_change(PsbtOutput& out, const ChangeKey& change) {
    if (change.kind == keys::AccountKind::p2wpkh) {
        out.bip32_derivation[Bytes(change.public_key.begin(), change.public_key.end())] = change.origin;
    } else {
        out.tap_internal_key = xonly(change.public_key);
        out.tap_bip32_derivation[*out.tap_internal_key] = TapKeyOrigin{{}, change.origin};
    }
}

}  // namespace

Withdrawal build_withdrawal(const WithdrawalRequest& request) {
    if (request.fee_rate < min_relay_fee_rate || request.fee_rate > max_fee_rate)
        throw Error(Errc::bad_argument, "fee rate outside 1..10000 sat/vB");
    const Bytes destination = address_to_script_pubkey(request.destination, request.network);
    if (request.amount && *request.amount < dust_threshold(destination))
        throw Error(Errc::bad_argument, "amount below the destination's dust threshold");
    const Bytes change_script = script_of(request.change.public_key, request.change.kind);

    std::set<OutPoint> seen;
    std::vector<CoinCandidate> candidates;
    std::vector<keys::AccountKind> kinds;
    for (const WalletUtxo& utxo : request.utxos) {
        kinds.push_back(check_utxo(utxo));
        if (!seen.insert(utxo.outpoint).second) throw Error(Errc::bad_argument, "the same coin twice");
        candidates.push_back({utxo.output.value, signed_input_weight(script_type(utxo.output.script_pubkey))});
    }

    const CoinSelection selection = select_coins(
        candidates, CoinSelectionTarget{request.amount, request.fee_rate, output_weight(destination),
                                        output_weight(change_script), dust_threshold(destination),
                                        dust_threshold(change_script)});

    std::vector<std::size_t> chosen = selection.inputs;
    std::sort(chosen.begin(), chosen.end(),
              [&](std::size_t a, std::size_t b) { return input_order(request.utxos[a], request.utxos[b]); });
    Transaction tx;
    tx.lock_time = request.lock_time;
    for (const std::size_t i : chosen) tx.inputs.push_back(TxIn{request.utxos[i].outpoint, {}, kReplaceableSequence, {}});
    tx.outputs.push_back(TxOut{selection.amount, destination});
    if (selection.change > 0) tx.outputs.push_back(TxOut{selection.change, change_script});
    std::sort(tx.outputs.begin(), tx.outputs.end(), output_order);

    Withdrawal out{create_psbt(std::move(tx)), selection.amount, selection.fee, selection.change,
                   vsize_of_weight(selection.weight)};
    for (std::size_t n = 0; n < chosen.size(); ++n)
        describe_input(out.psbt.inputs[n], request.utxos[chosen[n]], kinds[chosen[n]]);
    if (selection.change > 0) {
        const auto& outputs = out.psbt.tx.outputs;
        const auto change = std::find(outputs.begin(), outputs.end(), TxOut{selection.change, change_script});
        describe_change(out.psbt.outputs[static_cast<std::size_t>(change - outputs.begin())], request.change);
    }
    return out;
}

}  // namespace flash::bitcoin
