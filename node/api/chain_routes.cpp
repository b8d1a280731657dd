#include "node/api/chain_routes.hpp"

#include <algorithm>

#include "core/bitcoin/psbt.hpp"
#include "core/codec/base64.hpp"
#include "node/api/api_error.hpp"
#include "node/api/json_body.hpp"
#include "node/api/ledger_json.hpp"

namespace flash::node::api {
namespace {

using node::ChainAccount;
using node::DepositAddress;
using node::WithdrawalRecord;
using node::WithdrawalState;

constexpr std::size_t history_limit = 200;

void require_method(const Request& request, http::verb method) {
    if (request.method() != method)
        throw ApiError(http::status::method_not_allowed, "method_not_allowed", "method not allowed here");
}

nlohmann::json tip_json(const bitcoin::ChainTip& tip) { return {{"height", tip.height}, {"hash", tip.header_hash}}; }

nlohmann::json deposit_json(const bitcoin::DepositStatus& status) {
    return {{"txid", status.deposit.txid},
            {"vout", status.deposit.vout},
            {"amount_sat", status.deposit.amount_sat},
            {"height", status.deposit.height},
            {"confirmations", status.confirmations},
            {"state", bitcoin::deposit_state_name(status.state)},
            {"address", status.address},
            {"change", status.change},
            {"first_seen", status.deposit.first_seen}};
}

/// A withdrawal's state as the user sees it at `now_s` (a built one past its expiry is expired).
std::string_view withdrawal_state(const WithdrawalRecord& withdrawal, std::int64_t now_s) {
    if (withdrawal.state == WithdrawalState::built && withdrawal.expires_at <= now_s) return "expired";
    return withdrawal_state_name(withdrawal.state);
}

nlohmann::json withdrawal_json(const WithdrawalRecord& withdrawal, std::int64_t now_s) {
    nlohmann::json out = {{"id", withdrawal.id},
                          {"address", withdrawal.destination},
                          {"amount_sat", withdrawal.amount_sat},
                          {"fee_sat", withdrawal.fee_sat},
                          {"change_sat", withdrawal.change_sat},
                          {"vsize", withdrawal.vsize},
                          {"fee_rate", static_cast<double>(withdrawal.fee_rate_sat_per_kvb) / 1000.0},
                          {"state", withdrawal_state(withdrawal, now_s)},
                          {"created_at", withdrawal.created_at},
                          {"expires_at", withdrawal.expires_at}};
    if (withdrawal.txid) out["txid"] = *withdrawal.txid;
    return out;
}

/// The id segment of /api/v1/onchain/withdrawals/{id}/signed, or "" when `rest` is not that shape.
std::string_view signed_withdrawal_id(std::string_view rest) {
    constexpr std::string_view suffix = "/signed";
    if (!rest.ends_with(suffix)) return {};
    const std::string_view id = rest.substr(0, rest.size() - suffix.size());
    return id.find('/') == std::string_view::npos ? id : std::string_view{};
}

}  // namespace

ChainRoutes::ChainRoutes(bitcoin::ChainService& chain, std::unique_ptr<NodeStore> ledger,
                         std::function<std::int64_t()> now_s)
    : chain_(chain), ledger_(std::move(ledger)), now_s_(std::move(now_s)) {}

bool ChainRoutes::serves(std::string_view path) {
    return path == "/api/v1/balance" || path == "/api/v1/history" || path.starts_with("/api/v1/onchain/") ||
           path.starts_with("/api/v1/fake/chain/");
}

Response ChainRoutes::handle(const Request& request, std::string_view path, const std::string& user) {
    try {
        return dispatch(request, path, user);
    } catch (const std::exception& e) {
        return exception_response(request, e);
    }
}

Response ChainRoutes::dispatch(const Request& request, std::string_view path, const std::string& user) {
    if (path == "/api/v1/balance") {
        require_method(request, http::verb::get);
        const LedgerBalance lightning = ledger_->ledger().balance(user);
        const bitcoin::OnchainBalance onchain = chain_.balance(user);
        return json_response(request, http::status::ok,
                             {{"lightning_msat", lightning.available_msat},
                              {"lightning_pending_msat", lightning.pending_msat},
                              {"onchain_confirmed_sat", onchain.confirmed_sat},
                              {"onchain_unconfirmed_sat", onchain.unconfirmed_sat}});
    }
    if (path == "/api/v1/history") {
        require_method(request, http::verb::get);
        const std::int64_t now = now_s_();
        nlohmann::json items = nlohmann::json::array();
        for (const LedgerInvoice& invoice : ledger_->ledger().invoices_of(user, history_limit))
            if (invoice.settled_at) items.push_back(invoice_history_item(invoice, now));
        for (const LedgerPayment& payment : ledger_->ledger().payments_of(user, history_limit))
            items.push_back(payment_history_item(payment));
        for (const bitcoin::DepositStatus& deposit : chain_.deposits(user)) {
            if (deposit.change) continue;  // a withdrawal's change: part of that withdrawal
            items.push_back({{"kind", "deposit"},
                             {"amount_sat", deposit.deposit.amount_sat},
                             {"fee_sat", 0},
                             {"state", bitcoin::deposit_state_name(deposit.state)},
                             {"at", deposit.deposit.first_seen},
                             {"ref", deposit.deposit.txid}});
        }
        for (const WithdrawalRecord& withdrawal : chain_.withdrawals(user)) {
            items.push_back({{"kind", "withdrawal"},
                             {"amount_sat", withdrawal.amount_sat},
                             {"fee_sat", withdrawal.fee_sat},
                             {"state", withdrawal_state(withdrawal, now)},
                             {"at", withdrawal.created_at},
                             {"ref", withdrawal.txid.value_or(withdrawal.id)}});
        }
        std::stable_sort(items.begin(), items.end(),
                         [](const nlohmann::json& a, const nlohmann::json& b) { return a["at"] > b["at"]; });
        return json_response(request, http::status::ok, {{"items", items}});
    }
    if (path.starts_with("/api/v1/onchain/")) return onchain(request, path.substr(16), user);
    constexpr std::string_view fake_prefix = "/api/v1/fake/chain/";
    if (path.starts_with(fake_prefix)) {
        require_method(request, http::verb::post);
        return fake_chain(request, path.substr(fake_prefix.size()));
    }
    throw ApiError(http::status::not_found, "not_found", "no such API route");
}

Response ChainRoutes::onchain(const Request& request, std::string_view route, const std::string& user) {
    const std::int64_t now = now_s_();
    if (route == "account") {
        require_method(request, http::verb::post);
        const nlohmann::json body = object_body(request);
        const ChainAccount account = chain_.register_account(user, required_text(body, "account_key"),
                                                             required_text(body, "fingerprint"),
                                                             required_text(body, "path"));
        return json_response(request, http::status::ok,
                             {{"account_key", account.account_key},
                              {"fingerprint", account.fingerprint},
                              {"path", account.path},
                              {"registered_at", account.registered_at}});
    }
    if (route == "address") {
        require_method(request, http::verb::get);
        const DepositAddress address = chain_.deposit_address(user);
        return json_response(request, http::status::ok, {{"address", address.address}, {"index", address.index}});
    }
    if (route == "deposits") {
        require_method(request, http::verb::get);
        nlohmann::json deposits = nlohmann::json::array();
        for (const bitcoin::DepositStatus& deposit : chain_.deposits(user)) deposits.push_back(deposit_json(deposit));
        const std::optional<bitcoin::ChainTip> tip = chain_.tip();
        return json_response(request, http::status::ok,
                             {{"tip_height", tip ? tip->height : 0}, {"deposits", deposits}});
    }
    if (route == "withdrawals") {
        if (request.method() == http::verb::get) {
            nlohmann::json list = nlohmann::json::array();
            for (const WithdrawalRecord& withdrawal : chain_.withdrawals(user)) list.push_back(withdrawal_json(withdrawal, now));
            return json_response(request, http::status::ok, {{"withdrawals", list}});
        }
        require_method(request, http::verb::post);
        const nlohmann::json body = object_body(request);
        const bool all = body.contains("all") && body["all"] == true;
        const std::optional<std::uint64_t> amount = optional_uint(body, "amount_sat");
        if (all == amount.has_value())
            throw ApiError(http::status::bad_request, "bad_amount", "give either amount_sat or \"all\": true");
        sat_to_msat(amount.value_or(0));  // refuses more than 21 million bitcoin
        const WithdrawalRecord built =
            chain_.build_withdrawal(user, required_text(body, "address"), amount, optional_number(body, "fee_rate"));
        nlohmann::json out = withdrawal_json(built, now);
        out["psbt"] = codec::base64_encode(built.psbt);
        return json_response(request, http::status::created, out);
    }
    if (route.starts_with("withdrawals/") && request.method() == http::verb::delete_) {
        const std::string id(route.substr(12));
        if (id.empty() || id.find('/') != std::string::npos)
            throw ApiError(http::status::not_found, "not_found", "no such API route");
        chain_.cancel_withdrawal(user, id);
        return json_response(request, http::status::ok, {{"id", id}, {"state", "expired"}});
    }
    if (const std::string_view id = signed_withdrawal_id(route.starts_with("withdrawals/") ? route.substr(12) : "");
        !id.empty()) {
        require_method(request, http::verb::post);
        const nlohmann::json body = object_body(request);
        const flash::bitcoin::Psbt signed_psbt = flash::bitcoin::parse_psbt_base64(required_text(body, "psbt"));
        const std::string txid = chain_.submit_withdrawal(user, std::string(id), signed_psbt);
        return json_response(request, http::status::ok, {{"id", id}, {"txid", txid}, {"state", "broadcast"}});
    }
    throw ApiError(http::status::not_found, "not_found", "no such API route");
}

Response ChainRoutes::fake_chain(const Request& request, std::string_view action) {
    bitcoin::FakeChain* fake = chain_.fake();
    if (!fake) throw ApiError(http::status::not_found, "not_found", "the chain is real: there are no fake controls");
    const nlohmann::json body = object_body(request);
    if (action == "pay") {
        const std::uint64_t amount = required_uint(body, "amount_sat");
        return json_response(request, http::status::ok, {{"txid", fake->pay(required_text(body, "address"), amount)}});
    }
    if (action == "mine") {
        const std::uint64_t blocks = optional_uint(body, "blocks").value_or(1);
        if (blocks == 0 || blocks > 1000) throw ApiError(http::status::bad_request, "bad_request", "blocks: 1 to 1000");
        return json_response(request, http::status::ok, tip_json(fake->mine(static_cast<unsigned>(blocks))));
    }
    if (action == "reorg") {
        const std::uint64_t depth = required_uint(body, "depth");
        const std::string mode = optional_text(body, "mode").value_or("back_to_mempool");
        if (mode != "back_to_mempool" && mode != "drop")
            throw ApiError(http::status::bad_request, "bad_request", "mode: back_to_mempool or drop");
        if (depth == 0 || depth > 100) throw ApiError(http::status::bad_request, "bad_request", "depth: 1 to 100");
        fake->reorg(static_cast<unsigned>(depth),
                    mode == "drop" ? bitcoin::ReorgMode::drop : bitcoin::ReorgMode::back_to_mempool);
        return json_response(request, http::status::ok, tip_json(fake->tip()));
    }
    throw ApiError(http::status::not_found, "not_found", "no such fake chain control");
}

}  // namespace flash::node::api
