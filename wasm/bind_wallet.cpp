// The Cashu wallet (core/wallet/cashu_wallet.hpp) for JS: a class over a SQLite file whose
// operations return their next step as JSON text,
//
//   {"operation": id, "request"?: {"method", "url", "body"}, "result"?: {...},
//    "failure"?: {"kind": "refused"|"bad-answer"|"no-answer", "code", "detail"}}
//
// The JS host (wasm/cashu-wallet.mjs) makes each request with fetch and hands the answer to
// finish(). Amounts cross as decimal strings (u64 does not fit a JS number); keys as hex; times
// (`now`, unix seconds: the core has no clock) as JS numbers.
#include <emscripten/bind.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/cashu/proof_json.hpp"
#include "core/cashu/token.hpp"
#include "core/codec/hex.hpp"
#include "core/store/sqlite.hpp"
#include "core/wallet/cashu_wallet.hpp"
#include "wasm/bind_support.hpp"

namespace flash::wasm {
namespace {

using nlohmann::json;

cashu::Amount amount_in(const std::string& text) {
    if (text.empty() || text.size() > 20 || text.find_first_not_of("0123456789") != std::string::npos)
        throw Error(Errc::bad_argument, "an amount is a decimal string");
    try {
        return std::stoull(text);
    } catch (const std::exception&) {
        throw Error(Errc::bad_argument, "amount out of range");
    }
}

crypto::PublicKey public_key_in(const json& value) {
    return crypto::parse_public_key(codec::hex_decode(value.get<std::string>()));
}

json step_json(const wallet::Step& step) {
    json out = {{"operation", step.operation}};
    if (step.request) out["request"] = {{"method", step.request->method}, {"url", step.request->url}, {"body", step.request->body}};
    if (!step.request && !step.failure) out["result"] = step.result;
    if (step.failure) {
        static constexpr const char* kinds[] = {"refused", "bad-answer", "no-answer"};
        out["failure"] = {{"kind", kinds[static_cast<int>(step.failure->kind)]}, {"code", step.failure->code},
                          {"detail", step.failure->detail}};
    }
    return out;
}

std::string step_out(const wallet::Step& step) { return step_json(step).dump(-1, ' ', false, json::error_handler_t::replace); }

/// Unsigned integers become decimal strings so that JS reads every u64 exactly.
json amounts_as_strings(json value) {
    if (value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
    if (value.is_structured())
        for (auto& member : value) member = amounts_as_strings(std::move(member));
    return value;
}

/// A cashuA/cashuB token as JSON: {"mint", "unit", "memo"?, "proofs": [NUT-00 proofs]}, amounts
/// as strings; what a wallet shows before receiving, and what tests compare across wallets.
std::string decode_cashu_token(const std::string& text) {
    return guarded([&] {
        const cashu::Token token = cashu::decode_token(text);
        json out = {{"mint", token.mint}, {"unit", token.unit}, {"proofs", json::array()}};
        if (token.memo) out["memo"] = *token.memo;
        for (const cashu::Proof& proof : token.proofs) out["proofs"].push_back(json(cashu::proof_to_json(proof)));
        return amounts_as_strings(std::move(out)).dump();
    });
}

/// Send options from JS: {"unit"?, "pubkey"?, "locktime"?, "refund"?: [hex], "memo"?}.
wallet::SendOptions send_options_in(const std::string& options_json) {
    const json options = parse_json(options_json);
    if (!options.is_object()) throw Error(Errc::bad_argument, "send options are a JSON object");
    wallet::SendOptions out;
    for (const auto& [key, value] : options.items()) {
        if (key == "unit") out.unit = value.get<std::string>();
        else if (key == "pubkey") out.lock_to = public_key_in(value);
        else if (key == "locktime") out.locktime = value.get<std::uint64_t>();
        else if (key == "refund") for (const json& k : value) out.refund.push_back(public_key_in(k));
        else if (key == "memo") out.memo = value.get<std::string>();
        else throw Error(Errc::bad_argument, "unknown send option " + key);
    }
    return out;
}

/// Unix seconds from JS: a whole, non-negative number. Error(bad_argument) otherwise.
std::uint64_t now_in(double now) {
    if (!(now >= 0 && now <= 9007199254740991.0) || now != static_cast<double>(static_cast<std::uint64_t>(now)))
        throw Error(Errc::bad_argument, "now is whole unix seconds");
    return static_cast<std::uint64_t>(now);
}

/// The receiver's public keys from JS: a JSON array of hex keys.
std::vector<crypto::PublicKey> public_keys_in(const std::string& keys_json) {
    const json keys = parse_json(keys_json);
    if (!keys.is_array()) throw Error(Errc::bad_argument, "keys are a JSON array of hex strings");
    std::vector<crypto::PublicKey> out;
    for (const json& key : keys) out.push_back(public_key_in(key));
    return out;
}

std::optional<crypto::SecretKey> secret_key_in(const std::string& hex) {
    if (hex.empty()) return std::nullopt;
    return crypto::secret_key_from(codec::hex_decode(hex));
}

/// Options of prepareOffline: {"unit"?, "copies"?, "small_up_to"?, "pubkey"?, "locktime"?, "refund"?: [hex]}.
wallet::PrepareOfflineOptions prepare_options_in(const std::string& options_json) {
    const json options = parse_json(options_json);
    if (!options.is_object()) throw Error(Errc::bad_argument, "prepare options are a JSON object");
    wallet::PrepareOfflineOptions out;
    for (const auto& [key, value] : options.items()) {
        if (key == "unit") out.unit = value.get<std::string>();
        else if (key == "copies") out.denominations.copies = value.get<std::uint32_t>();
        else if (key == "small_up_to") out.denominations.small_up_to = value.get<cashu::Amount>();
        else if (key == "pubkey") out.lock_to = public_key_in(value);
        else if (key == "locktime") out.locktime = value.get<std::uint64_t>();
        else if (key == "refund") for (const json& k : value) out.refund.push_back(public_key_in(k));
        else throw Error(Errc::bad_argument, "unknown prepare option " + key);
    }
    return out;
}

/// Options of sendOffline: {"unit"?, "to"?: hex, "memo"?}.
wallet::SendOfflineOptions send_offline_options_in(const std::string& options_json) {
    const json options = parse_json(options_json);
    if (!options.is_object()) throw Error(Errc::bad_argument, "offline send options are a JSON object");
    wallet::SendOfflineOptions out;
    for (const auto& [key, value] : options.items()) {
        if (key == "unit") out.unit = value.get<std::string>();
        else if (key == "to") out.to = public_key_in(value);
        else if (key == "memo") out.memo = value.get<std::string>();
        else throw Error(Errc::bad_argument, "unknown offline send option " + key);
    }
    return out;
}

/// What JS holds: the database connection and the wallet over it (declared in that order: the
/// wallet borrows the connection).
class JsCashuWallet {
public:
    JsCashuWallet(const std::string& path, const val& seed)
        : db_(guarded([&] { return store::Database::open(path, store::OpenMode::read_write); })),
          wallet_(guarded([&] { return wallet::CashuWallet(db_, bytes_in<crypto::SecretBytes>(seed)); })) {}

    std::string add_mint(const std::string& url) { return run([&] { return wallet_.begin_add_mint(url); }); }
    std::string mint_quote(const std::string& mint, const std::string& amount, const std::string& unit) {
        return run([&] { return wallet_.begin_mint_quote(mint, amount_in(amount), unit); });
    }
    std::string check_mint_quote(const std::string& quote) { return run([&] { return wallet_.begin_check_mint_quote(quote); }); }
    std::string adopt_mint_quote(const std::string& mint, const std::string& quote, const std::string& amount,
                                 const std::string& unit) {
        return run([&] { return wallet_.begin_adopt_mint_quote(mint, quote, amount_in(amount), unit); });
    }
    std::string mint(const std::string& quote, const std::string& privkey_hex) {
        return run([&] { return wallet_.begin_mint(quote, secret_key_in(privkey_hex)); });
    }
    std::string melt_quote(const std::string& mint, const std::string& bolt11, const std::string& unit) {
        return run([&] { return wallet_.begin_melt_quote(mint, bolt11, unit); });
    }
    std::string melt(const std::string& quote) { return run([&] { return wallet_.begin_melt(quote); }); }
    std::string send(const std::string& mint, const std::string& amount, const std::string& options_json) {
        return run([&] { return wallet_.begin_send(mint, amount_in(amount), send_options_in(options_json)); });
    }
    /// `privkey_hex`: "" or the 32-byte key (hex) that signs P2PK proofs locked to it.
    std::string receive(const std::string& token, const std::string& privkey_hex) {
        return run([&] { return wallet_.begin_receive(token, secret_key_in(privkey_hex)); });
    }
    /// Takes back the unclaimed part of the send `operation` (history id); `privkey_hex` as for receive.
    std::string take_back(const std::string& operation, const std::string& privkey_hex, double now) {
        return run([&] { return wallet_.begin_take_back(operation, secret_key_in(privkey_hex), now_in(now)); });
    }

    // Offline payments (core/wallet/offline_verdict.hpp, cashu_wallet.hpp).
    /// The verdict as JSON (to_json of offline_verdict.hpp). `keys_json`: the receiver's public keys.
    std::string offline_verdict(const std::string& token, const std::string& keys_json, double now) {
        return guarded([&] {
            const wallet::OfflineVerdict verdict = wallet_.offline_verdict(token, public_keys_in(keys_json), now_in(now));
            return amounts_as_strings(wallet::to_json(verdict)).dump();
        });
    }
    /// {"entry", "queued", "duplicate", "conflict", "verdict": {...}}
    std::string receive_offline(const std::string& token, const std::string& keys_json, double now) {
        return guarded([&] {
            const wallet::OfflineReceipt receipt = wallet_.receive_offline(token, public_keys_in(keys_json), now_in(now));
            const json out = {{"entry", receipt.entry}, {"queued", receipt.queued}, {"duplicate", receipt.duplicate},
                              {"conflict", receipt.conflict}, {"verdict", wallet::to_json(receipt.verdict)}};
            return amounts_as_strings(out).dump();
        });
    }
    /// {"started": [{"entry", "step"}], "skipped": [{"entry", "reason", "detail"}]}; drive each step.
    std::string redeem_queued(const std::string& privkey_hex, double now) {
        return guarded([&] {
            wallet::RedeemBatch batch = wallet_.begin_redeem_queued(secret_key_in(privkey_hex), now_in(now));
            json out = {{"started", json::array()}, {"skipped", json::array()}};
            for (auto& started : batch.started) {
                started.step.result = amounts_as_strings(std::move(started.step.result));
                out["started"].push_back({{"entry", started.entry}, {"step", step_json(started.step)}});
            }
            for (const auto& skipped : batch.skipped)
                out["skipped"].push_back({{"entry", skipped.entry}, {"reason", skipped.reason}, {"detail", skipped.detail}});
            return out.dump(-1, ' ', false, json::error_handler_t::replace);
        });
    }
    std::string offline_queue() { return guarded([&] { return amounts_as_strings(wallet_.offline_queue()).dump(); }); }
    std::string prepare_offline(const std::string& mint, const std::string& amount, const std::string& options_json) {
        return run([&] { return wallet_.begin_prepare_offline(mint, amount_in(amount), prepare_options_in(options_json)); });
    }
    std::string send_offline(const std::string& mint, const std::string& amount, const std::string& options_json) {
        return run([&] { return wallet_.send_offline(mint, amount_in(amount), send_offline_options_in(options_json)); });
    }
    std::string offline_proofs() { return guarded([&] { return amounts_as_strings(wallet_.offline_proofs()).dump(); }); }
    std::string check_states(const std::string& mint) { return run([&] { return wallet_.begin_check_states(mint); }); }
    std::string restore(const std::string& mint) { return run([&] { return wallet_.begin_restore(mint); }); }
    std::string finish(const std::string& operation, int status, const std::string& body) {
        return run([&] { return wallet_.finish(operation, status, body); });
    }
    std::string recover(const std::string& operation) { return run([&] { return wallet_.recover(operation); }); }
    /// [{"id", "mint", "kind", "state", "quote"}]
    std::string pending_operations() {
        return guarded([&] {
            json out = json::array();
            for (const auto& op : wallet_.pending_operations())
                out.push_back({{"id", op.id}, {"mint", op.mint}, {"kind", op.kind}, {"state", op.state}, {"quote", op.quote}});
            return out.dump();
        });
    }
    std::string balances() { return guarded([&] { return amounts_as_strings(wallet_.balances()).dump(); }); }
    std::string history() { return guarded([&] { return amounts_as_strings(wallet_.history()).dump(); }); }
    std::string token_info(const std::string& token) {
        return guarded([&] { return amounts_as_strings(wallet_.token_info(token)).dump(); });
    }

private:
    template <typename Begin>
    std::string run(Begin&& begin) {
        return guarded([&] {
            wallet::Step step = begin();
            step.result = amounts_as_strings(std::move(step.result));
            return step_out(step);
        });
    }

    store::Database db_;
    wallet::CashuWallet wallet_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(flash_wallet) {
    using namespace emscripten;
    class_<JsCashuWallet>("CashuWallet")
        .constructor<std::string, val>()
        .function("addMint", &JsCashuWallet::add_mint)
        .function("mintQuote", &JsCashuWallet::mint_quote)
        .function("adoptMintQuote", &JsCashuWallet::adopt_mint_quote)
        .function("checkMintQuote", &JsCashuWallet::check_mint_quote)
        .function("mint", &JsCashuWallet::mint)
        .function("meltQuote", &JsCashuWallet::melt_quote)
        .function("melt", &JsCashuWallet::melt)
        .function("send", &JsCashuWallet::send)
        .function("receive", &JsCashuWallet::receive)
        .function("takeBack", &JsCashuWallet::take_back)
        .function("checkStates", &JsCashuWallet::check_states)
        .function("restore", &JsCashuWallet::restore)
        .function("finish", &JsCashuWallet::finish)
        .function("recover", &JsCashuWallet::recover)
        .function("pendingOperations", &JsCashuWallet::pending_operations)
        .function("balances", &JsCashuWallet::balances)
        .function("history", &JsCashuWallet::history)
        .function("tokenInfo", &JsCashuWallet::token_info)
        .function("offlineVerdict", &JsCashuWallet::offline_verdict)
        .function("receiveOffline", &JsCashuWallet::receive_offline)
        .function("redeemQueued", &JsCashuWallet::redeem_queued)
        .function("offlineQueue", &JsCashuWallet::offline_queue)
        .function("prepareOffline", &JsCashuWallet::prepare_offline)
        .function("sendOffline", &JsCashuWallet::send_offline)
        .function("offlineProofs", &JsCashuWallet::offline_proofs);
    function("decodeCashuToken", &decode_cashu_token);
}

}  // namespace flash::wasm
