// core/bitcoin for JS: on-chain withdrawals. The node side builds the unsigned PSBT
// (buildWithdrawal); the browser shows what it is asked to sign (psbtSummary) and signs it with
// the user's keys (signPsbt; or addPsbtSignatures, then finalizePsbt, when signing and
// finalizing happen apart).
//
// Keys: a BIP-39 seed (Uint8Array) or an extended key string, either a master key
// ("xprv..."/"xpub...") or output-descriptor notation with its origin ("[d34db33f/84'/0'/0']zpub...",
// enough to check change; signing needs a private key). Amounts are JS numbers of satoshis
// (exact: 21e14 < 2^53); PSBTs are base64, scripts and transactions hex.
#include <emscripten/bind.h>

#include "core/bitcoin/key_origin.hpp"
#include "core/bitcoin/psbt.hpp"
#include "core/bitcoin/psbt_check.hpp"
#include "core/bitcoin/psbt_sign.hpp"
#include "core/bitcoin/withdrawal.hpp"
#include "core/codec/hex.hpp"
#include "core/keys/bip32.hpp"
#include "wasm/bind_support.hpp"

namespace flash::wasm {
namespace {

using namespace flash::bitcoin;
using nlohmann::json;

KeySource key_source(const val& key) {
    if (key.instanceof(val::global("Uint8Array")))
        return KeySource::from_master(keys::ExtendedKey::from_seed(bytes_in<crypto::SecretBytes>(key)));
    if (key.isString()) return KeySource::parse(key.as<std::string>());
    throw Error(Errc::bad_argument, "the key must be a seed (Uint8Array) or an extended key string");
}

val summary_out(const PsbtSummary& summary) {
    val outputs = val::array();
    for (const PsbtSummaryOutput& line : summary.outputs) {
        val out = val::object();
        out.set("amount", static_cast<double>(line.amount));
        out.set("address", line.address ? val(*line.address) : val::null());
        out.set("scriptPubKey", codec::hex_encode(line.script_pubkey));
        out.set("change", line.change);
        outputs.call<void>("push", out);
    }
    val out = val::object();
    out.set("outputs", outputs);
    out.set("inputTotal", static_cast<double>(summary.input_total));
    out.set("ownInputTotal", static_cast<double>(summary.own_input_total));
    out.set("ownInputs", static_cast<double>(summary.own_inputs));
    out.set("sent", static_cast<double>(summary.sent));
    out.set("change", static_cast<double>(summary.change));
    out.set("fee", static_cast<double>(summary.fee));
    out.set("vsize", static_cast<double>(summary.vsize));
    out.set("feeRate", summary.fee_rate);
    return out;
}

/// {outputs: [{amount, address, scriptPubKey, change}], inputTotal, ownInputTotal, ownInputs,
/// sent, change, fee, vsize, feeRate}; throws bad_psbt for a PSBT that lies about change.
val psbt_summary(const std::string& psbt, const val& key, const std::string& network) {
    return guarded([&] { return summary_out(check_psbt(parse_psbt_base64(psbt), key_source(key), network_named(network))); });
}

/// Checks, signs and finalizes: {psbt, tx (hex), txid, signedInputs, summary}. Throws bad_psbt
/// when the check fails or an input is not ours to sign.
val sign_psbt_js(const std::string& text, const val& key, const std::string& network) {
    return guarded([&] {
        Psbt psbt = parse_psbt_base64(text);
        const KeySource source = key_source(key);
        const PsbtSummary summary = check_psbt(psbt, source, network_named(network));
        const std::size_t signed_inputs = sign_psbt(psbt, source);
        if (!finalize_psbt(psbt)) throw Error(Errc::bad_psbt, "some inputs are not ours to sign");
        const Transaction tx = extract_transaction(psbt);
        val out = val::object();
        out.set("psbt", psbt_to_base64(psbt));
        out.set("tx", codec::hex_encode(serialize_transaction(tx)));
        out.set("txid", txid_hex(txid(tx)));
        out.set("signedInputs", static_cast<double>(signed_inputs));
        out.set("summary", summary_out(summary));
        return out;
    });
}

/// Checks and signs without finalizing: {psbt, signedInputs, summary}.
val add_psbt_signatures(const std::string& text, const val& key, const std::string& network) {
    return guarded([&] {
        Psbt psbt = parse_psbt_base64(text);
        const KeySource source = key_source(key);
        const PsbtSummary summary = check_psbt(psbt, source, network_named(network));
        const std::size_t signed_inputs = sign_psbt(psbt, source);
        val out = val::object();
        out.set("psbt", psbt_to_base64(psbt));
        out.set("signedInputs", static_cast<double>(signed_inputs));
        out.set("summary", summary_out(summary));
        return out;
    });
}

/// Finalizes what is signed (every signature verified first): {psbt, complete, tx, txid}, tx and
/// txid null unless every input is finalized.
val finalize_psbt_js(const std::string& text) {
    return guarded([&] {
        Psbt psbt = parse_psbt_base64(text);
        const bool complete = finalize_psbt(psbt);
        val out = val::object();
        out.set("psbt", psbt_to_base64(psbt));
        out.set("complete", complete);
        out.set("tx", val::null());
        out.set("txid", val::null());
        if (complete) {
            const Transaction tx = extract_transaction(psbt);
            out.set("tx", codec::hex_encode(serialize_transaction(tx)));
            out.set("txid", txid_hex(txid(tx)));
        }
        return out;
    });
}

KeyOrigin origin_in(const json& j) {
    return KeyOrigin{codec::hex_decode_array<4>(j.at("fingerprint").get<std::string>()),
                     keys::parse_derivation_path(j.at("path").get<std::string>()).indices};
}

crypto::PublicKey public_key_in(const json& j) {
    return crypto::parse_public_key(codec::hex_decode(j.at("publicKey").get<std::string>()));
}

WalletUtxo utxo_in(const json& j) {
    WalletUtxo utxo{OutPoint{txid_from_hex(j.at("txid").get<std::string>()), j.at("vout").get<std::uint32_t>()},
                    TxOut{j.at("value").get<std::uint64_t>(), codec::hex_decode(j.at("scriptPubKey").get<std::string>())},
                    public_key_in(j), origin_in(j), std::nullopt};
    if (j.contains("previousTx")) utxo.previous_tx = parse_transaction(codec::hex_decode(j.at("previousTx").get<std::string>()));
    return utxo;
}

/// From JSON {network, destination, amount (null: send everything), feeRate (sat/vB), lockTime?,
/// utxos: [{txid, vout, value, scriptPubKey, publicKey, fingerprint, path, previousTx?}],
/// change: {publicKey, fingerprint, path, kind}}: {psbt, amount, fee, change, vsize}.
val build_withdrawal_js(const std::string& request_json) {
    return guarded([&] {
        const json j = parse_json(request_json);
        WithdrawalRequest request;
        request.network = network_named(j.at("network").get<std::string>());
        request.destination = j.at("destination").get<std::string>();
        if (!j.at("amount").is_null()) request.amount = j.at("amount").get<std::uint64_t>();
        request.fee_rate = FeeRate::from_sat_per_vb(j.at("feeRate").get<double>());
        request.lock_time = j.value("lockTime", std::uint32_t{0});
        for (const json& utxo : j.at("utxos")) request.utxos.push_back(utxo_in(utxo));
        const json& change = j.at("change");
        request.change = ChangeKey{public_key_in(change), origin_in(change), kind_named(change.at("kind").get<std::string>())};

        const Withdrawal withdrawal = build_withdrawal(request);
        val out = val::object();
        out.set("psbt", psbt_to_base64(withdrawal.psbt));
        out.set("amount", static_cast<double>(withdrawal.amount));
        out.set("fee", static_cast<double>(withdrawal.fee));
        out.set("change", static_cast<double>(withdrawal.change));
        out.set("vsize", static_cast<double>(withdrawal.vsize));
        return out;
    });
}

}  // namespace

EMSCRIPTEN_BINDINGS(flash_bitcoin) {
    using emscripten::function;
    function("buildWithdrawal", &build_withdrawal_js);
    function("psbtSummary", &psbt_summary);
    function("signPsbt", &sign_psbt_js);
    function("addPsbtSignatures", &add_psbt_signatures);
    function("finalizePsbt", &finalize_psbt_js);
}

}  // namespace flash::wasm
