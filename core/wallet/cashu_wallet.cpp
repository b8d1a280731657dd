// The wallet's operations as steps. An operation's row holds, in `data`:
//   step     the answer it waits for (absent when it waits for none)
//   request  {method, url, body}: the call of that step, re-sent as is by recover()
//   unit, amount, fee
//   outputs  [OutputSpec] (outputs.hpp), inputs [Y hex] (the wallet's own proofs it spends)
//   refused  {code, detail}: why a swap/mint was refused while its outputs are being restored
// plus what each kind needs (quote invoice, token, restore progress).
#include "core/wallet/cashu_wallet.hpp"

#include <map>
#include <utility>

#include "core/cashu/mint_error.hpp"
#include "core/cashu/nut02.hpp"
#include "core/cashu/nut09.hpp"
#include "core/cashu/token.hpp"
#include "core/wallet/mint_keysets.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "core/wallet/outputs.hpp"
#include "core/wallet/proof_selection.hpp"
#include "core/wallet/wallet_steps.hpp"

namespace flash::wallet {

using namespace steps;
using nlohmann::json;

CashuWallet::CashuWallet(store::Database& db, ByteView seed) : store_(db) {
    require_size(seed, 64, "BIP-39 seed");
    std::copy(seed.begin(), seed.end(), seed_.data());
}

// ---- helpers shared by the operations ----

Step CashuWallet::await(OperationRecord& op, std::string step, HttpRequest request) {
    op.data["step"] = std::move(step);
    op.data["request"] = request_json(request);
    store_.put_operation(op);
    return {op.id, std::move(request), {}, std::nullopt};
}

void CashuWallet::set_inputs(OperationRecord& op, ProofStatus status) {
    for (const json& y : op.data.value("inputs", json::array()))
        store_.set_proof_status(codec::hex_decode_array<33>(y.get<std::string>()), status,
                                status == ProofStatus::unspent ? "" : op.id);
}

Step CashuWallet::fail(OperationRecord& op, Failure failure, std::optional<ProofStatus> inputs_become) {
    if (inputs_become) set_inputs(op, *inputs_become);
    op.state = "failed";
    op.data.erase("step");
    op.data["error"] = failure_json(failure);
    store_.put_operation(op);
    settle_queue_entry(op, &failure);
    return {op.id, std::nullopt, {}, std::move(failure)};
}

KeysetRecord CashuWallet::active_keyset(std::string_view mint, std::string_view unit) {
    std::optional<KeysetRecord> best;
    for (auto& keyset : store_.keysets(mint)) {
        if (!keyset.active || keyset.unit != unit || keyset.keys.empty()) continue;
        if (!best || keyset.input_fee_ppk < best->input_fee_ppk) best = std::move(keyset);
    }
    if (!best) throw Error(Errc::bad_keyset, "no active keyset with keys for unit " + std::string(unit) + " at " + std::string(mint));
    return std::move(*best);
}

json CashuWallet::derived_outputs(const KeysetRecord& keyset, const std::vector<cashu::Amount>& amounts, bool send) {
    json outputs = json::array();
    if (amounts.empty()) return outputs;
    const std::uint64_t first = store_.reserve_counters(keyset.id, amounts.size());
    for (std::size_t i = 0; i < amounts.size(); ++i) {
        if (!keyset.keys.contains(amounts[i]))
            throw Error(Errc::bad_keyset, "the keyset has no key for amount " + std::to_string(amounts[i]));
        outputs.push_back(to_json(OutputSpec{amounts[i], keyset.id, first + i, {}, std::nullopt, send}));
    }
    return outputs;
}

std::vector<cashu::BlindedMessage> CashuWallet::blinded_messages(const OperationRecord& op) const {
    std::vector<cashu::BlindedMessage> messages;
    for (const json& spec : op.data.value("outputs", json::array()))
        messages.push_back(blind_output(output_spec_from_json(spec), seed_.view()).message);
    return messages;
}

Step CashuWallet::complete(OperationRecord& op, const std::vector<NewProof>& proofs) {
    const std::string unit = op.data.at("unit").get<std::string>();
    cashu::Amount kept = 0;
    std::vector<cashu::Proof> sent;
    for (const NewProof& p : proofs) {
        store_.insert_proof({p.proof, op.mint, unit, p.send ? ProofStatus::pending : ProofStatus::unspent, op.id, p.offline});
        if (p.send) sent.push_back(p.proof);
        else kept = add_amounts(kept, p.proof.amount);
    }
    set_inputs(op, ProofStatus::spent);
    json result;
    if (op.kind == kind_mint) {
        op.data["amount"] = kept;
        result = {{"amount", kept}};
    } else if (op.kind == kind_receive) {
        op.data["amount"] = kept;
        result = {{"mint", op.mint}, {"unit", unit}, {"amount", kept}, {"fee", op.data.value("fee", cashu::Amount{0})}};
    } else if (op.kind == kind_prepare_offline) {
        json denominations = json::array();
        cashu::Amount prepared = 0;
        for (const NewProof& p : proofs)
            if (p.offline) {
                denominations.push_back(p.proof.amount);
                prepared = add_amounts(prepared, p.proof.amount);
            }
        result = {{"amount", prepared}, {"fee", op.data.value("fee", cashu::Amount{0})}, {"denominations", std::move(denominations)}};
        for (const char* extra : {"locked_to", "locktime"})
            if (op.data.contains(extra)) result[extra] = op.data[extra];
    } else if (op.kind == kind_send) {
        cashu::Token token{op.mint, unit, std::nullopt, sent};
        if (op.data.contains("memo")) token.memo = op.data["memo"].get<std::string>();
        op.data["token"] = cashu::encode_token_v4(token);
        result = {{"token", op.data["token"]}, {"amount", sum_of(sent)}, {"fee", op.data.value("fee", cashu::Amount{0})}};
    } else {  // melt
        op.data["change"] = kept;
        result = {{"paid", true}, {"amount", op.data["amount"]}, {"fee", op.data.value("fee", cashu::Amount{0})}, {"change", kept}};
        if (op.data.contains("preimage")) result["preimage"] = op.data["preimage"];
    }
    op.state = "done";
    op.data.erase("step");
    store_.put_operation(op);
    settle_queue_entry(op, nullptr);
    return {op.id, std::nullopt, std::move(result), std::nullopt};
}

// ---- adding a mint ----

Step CashuWallet::begin_add_mint(std::string_view url) {
    OperationRecord op{new_operation_id(), normal_url(url), std::string(kind_add_mint), "pending", "", json::object(), 0};
    store::Transaction tx(store_.database());
    Step step = await(op, "info", get(op.mint, "/v1/info"));
    tx.commit();
    return step;
}

Step CashuWallet::finish_info(OperationRecord& op, const Answer& answer) {
    const json info = answer.parsed();
    if (!info.is_object()) throw Error(Errc::bad_message, "/v1/info is not an object");
    store_.put_mint(op.mint, info.dump());
    return await(op, "keysets", get(op.mint, "/v1/keysets"));
}

Step CashuWallet::next_missing_keys(OperationRecord& op) {
    json& missing = op.data["missing"];
    if (!missing.empty())
        return await(op, "keys", get(op.mint, "/v1/keys/" + missing.front().get<std::string>()));
    op.state = "done";
    op.data.erase("step");
    const json result = {{"mint", op.mint}, {"keysets", store_.keysets(op.mint).size()}};
    store_.put_operation(op);
    return {op.id, std::nullopt, result, std::nullopt};
}

Step CashuWallet::finish_keysets(OperationRecord& op, const Answer& answer) {
    json missing = json::array();
    for (const KeysetRecord& record : keysets_from_json(op.mint, answer.parsed())) {
        const auto stored = store_.keyset(record.id);
        if (stored && stored->mint != op.mint) throw Error(Errc::bad_keyset, "a keyset id of another mint");
        store_.put_keyset(record);  // keeps the stored keys: an id names its keys for good
        if (!stored || stored->keys.empty()) missing.push_back(cashu::format_keyset_id(record.id));
    }
    op.data["missing"] = std::move(missing);
    return next_missing_keys(op);
}

Step CashuWallet::finish_keys(OperationRecord& op, const Answer& answer) {
    json& missing = op.data["missing"];
    const auto known = store_.keyset(cashu::parse_keyset_id(missing.front().get<std::string>()));
    if (!known) throw Error(Errc::storage, "a keyset vanished while its keys were fetched");
    store_.put_keyset(keyset_keys_from_json(*known, answer.parsed()));
    missing.erase(missing.begin());
    return next_missing_keys(op);
}

// ---- answers ----

Step CashuWallet::refused(OperationRecord& op, const Answer& answer) {
    Failure failure{Failure::Kind::refused, 0, "HTTP " + std::to_string(answer.status)};
    const json body = json::parse(answer.body, nullptr, false);
    if (const auto error = body.is_discarded() ? std::nullopt : cashu::mint_error_from_json(body)) {
        failure.code = static_cast<std::uint32_t>(error->code());
        failure.detail = error->what();
    }
    using cashu::MintErrc;
    const auto is = [&](MintErrc code) { return failure.code == static_cast<std::uint32_t>(code); };
    const std::string step = op.data.at("step").get<std::string>();
    if (step == "swap" || step == "mint" || step == "melt") {
        if (is(MintErrc::proof_pending) || is(MintErrc::quote_pending) || is(MintErrc::outputs_pending))
            return {op.id, std::nullopt, {}, std::move(failure)};  // still in flight at the mint: recover() later
        if (step != "melt" && (is(MintErrc::proof_already_spent) || is(MintErrc::outputs_already_signed) ||
                               is(MintErrc::tokens_already_issued))) {
            // Perhaps by this very request, sent before a crash: fetch the outputs' signatures.
            op.data["refused"] = {{"code", failure.code}, {"detail", failure.detail}};
            return await(op, "restore-outputs", post(op.mint, "/v1/restore", cashu::to_json(cashu::RestoreRequest{blinded_messages(op)})));
        }
        if (step == "mint" && is(MintErrc::quote_not_paid)) {  // pay first, then mint again
            op.state = "unpaid";
            op.data.erase("step");
            store_.put_operation(op);
            return {op.id, std::nullopt, {}, std::move(failure)};
        }
        return fail(op, std::move(failure), ProofStatus::unspent);
    }
    if (step == "mint-quote-check") {
        op.data.erase("step");
        store_.put_operation(op);
        return {op.id, std::nullopt, {}, std::move(failure)};
    }
    // restore-outputs: the mint would not say what it signed; keep the inputs aside until checked.
    return fail(op, std::move(failure), step == "restore-outputs" ? std::optional(ProofStatus::pending) : std::nullopt);
}

Step CashuWallet::dispatch(OperationRecord& op, const Answer& answer) {
    const std::string step = op.data.at("step").get<std::string>();
    if (step == "info") return finish_info(op, answer);
    if (step == "keysets") return finish_keysets(op, answer);
    if (step == "keys") return finish_keys(op, answer);
    if (step == "mint-quote") return finish_mint_quote(op, answer);
    if (step == "mint-quote-check") return finish_check_mint_quote(op, answer);
    if (step == "melt-quote") return finish_melt_quote(op, answer);
    if (step == "mint" || step == "swap") return finish_signatures(op, answer);
    if (step == "melt") return finish_melt(op, answer, false);
    if (step == "melt-check") return finish_melt(op, answer, true);
    if (step == "restore-outputs") return finish_restore_outputs(op, answer);
    if (step == "checkstate") return finish_check_states(op, answer);
    if (step == "restore-scan") return finish_restore_scan(op, answer);
    if (step == "restore-check") return finish_restore_check(op, answer);
    throw Error(Errc::storage, "operation " + op.id + " waits for an unknown step " + step);
}

Step CashuWallet::finish(std::string_view operation, int http_status, std::string_view body) {
    const auto stored = store_.operation(operation);
    if (!stored || !stored->data.contains("step"))
        throw Error(Errc::bad_argument, "operation " + std::string(operation) + " waits for no answer");
    const Answer answer{http_status, body};
    if (http_status < 200 || (http_status >= 300 && http_status < 400) || http_status >= 500)
        return {stored->id, std::nullopt, {}, Failure{Failure::Kind::no_answer, 0,
                                                      http_status == 0 ? "no answer" : "HTTP " + std::to_string(http_status)}};
    OperationRecord op = *stored;
    try {
        store::Transaction tx(store_.database());
        Step step = http_status >= 400 ? refused(op, answer) : dispatch(op, answer);
        tx.commit();
        return step;
    } catch (const Error& e) {
        if (e.code() == Errc::storage) throw;
        op = *stored;
        store::Transaction tx(store_.database());
        // The mint took the request but its answer is unusable: the inputs stay aside until a
        // state check tells whether they were spent.
        Step step = fail(op, {Failure::Kind::bad_answer, 0, e.what()}, ProofStatus::pending);
        tx.commit();
        return step;
    } catch (const nlohmann::json::exception& e) {
        op = *stored;
        store::Transaction tx(store_.database());
        Step step = fail(op, {Failure::Kind::bad_answer, 0, e.what()}, ProofStatus::pending);
        tx.commit();
        return step;
    }
}

// ---- recovery and reports ----

std::vector<OperationRecord> CashuWallet::pending_operations() {
    std::vector<OperationRecord> pending;
    for (auto& op : store_.operations())
        if ((op.state == "pending" || op.state == "quoting") && op.data.contains("step")) pending.push_back(std::move(op));
    return pending;
}

Step CashuWallet::recover(std::string_view operation) {
    auto op = store_.operation(operation);
    if (!op || !op->data.contains("step")) throw Error(Errc::bad_argument, "operation " + std::string(operation) + " has nothing to resume");
    const std::string step = op->data.at("step").get<std::string>();
    if (op->kind == kind_melt && step == "melt") {  // did the payment go out? ask the quote
        store::Transaction tx(store_.database());
        Step next = await(*op, "melt-check", get(op->mint, "/v1/melt/quote/bolt11/" + op->quote));
        tx.commit();
        return next;
    }
    return {op->id, request_from(op->data.at("request")), {}, std::nullopt};
}

json CashuWallet::balances() {
    struct Totals {
        cashu::Amount balance = 0, pending = 0, offline = 0;
    };
    std::map<std::pair<std::string, std::string>, Totals> totals;
    for (const auto& stored : store_.proofs("", "", ProofStatus::unspent)) {
        Totals& total = totals[{stored.mint, stored.unit}];
        total.balance = add_amounts(total.balance, stored.proof.amount);
        if (stored.offline) total.offline = add_amounts(total.offline, stored.proof.amount);
    }
    for (const auto& stored : store_.proofs("", "", ProofStatus::pending)) {
        Totals& total = totals[{stored.mint, stored.unit}];
        total.pending = add_amounts(total.pending, stored.proof.amount);
    }
    json out = json::array();
    for (const auto& [key, total] : totals)
        out.push_back({{"mint", key.first}, {"unit", key.second}, {"balance", total.balance}, {"pending", total.pending},
                       {"offline", total.offline}});
    return out;
}

json CashuWallet::history() {
    json out = json::array();
    for (const auto& op : store_.operations()) {
        if (op.kind == kind_add_mint || op.kind == kind_check) continue;
        json entry = {{"id", op.id}, {"mint", op.mint}, {"kind", op.kind}, {"state", op.state},
                      {"unit", op.data.value("unit", "sat")}, {"amount", op.data.value("amount", cashu::Amount{0})},
                      {"fee", op.data.value("fee", cashu::Amount{0})}};
        if (!op.quote.empty()) entry["quote"] = op.quote;
        for (const char* extra : {"token", "invoice", "error", "change", "preimage", "offline", "locked_to", "locktime", "took_back",
                                  "adopted"})
            if (op.data.contains(extra)) entry[extra] = op.data[extra];
        if (op.kind == kind_send && op.state == "done") {
            cashu::Amount outstanding = 0;
            for (const StoredProof& stored : store_.operation_proofs(op.id, ProofStatus::pending))
                outstanding = add_amounts(outstanding, stored.proof.amount);
            entry["outstanding"] = outstanding;
        }
        out.push_back(std::move(entry));
    }
    return out;
}

json CashuWallet::token_info(std::string_view text) {
    const cashu::Token token = cashu::decode_token(text);
    const std::string mint = normal_url(token.mint);
    json out = {{"mint", mint}, {"unit", token.unit}, {"amount", sum_of(token.proofs)}, {"known", store_.has_mint(mint)}};
    if (token.memo) out["memo"] = *token.memo;
    return out;
}

}  // namespace flash::wallet
