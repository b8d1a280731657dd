#include "node/mint/mint_routes.hpp"

#include "core/cashu/mint_error.hpp"
#include "core/cashu/nut01.hpp"
#include "core/cashu/nut02.hpp"
#include "core/error.hpp"
#include "core/nostr/json_text.hpp"
#include "node/mint/mint_info.hpp"
#include "node/server/log.hpp"

namespace flash::node::mint {
namespace {

using cashu::MintErrc;
using cashu::MintError;
using nlohmann::ordered_json;

constexpr std::string_view quote_prefix_mint = "/v1/mint/quote/bolt11/";
constexpr std::string_view quote_prefix_melt = "/v1/melt/quote/bolt11/";
constexpr std::string_view keys_prefix = "/v1/keys/";

Response cashu_error(const Request& request, http::status status, MintErrc code, std::string_view detail) {
    return json_response(request, status, cashu::to_json(MintError(code, std::string(detail))));
}

nlohmann::json body_of(const Request& request) {
    return nostr::parse_json_text(request.body(), request.body().size() + 1);
}

ordered_json keyset_keys(const Keyset& keyset) {
    return {{"id", cashu::format_keyset_id(keyset.record.id)},
            {"unit", keyset.record.unit},
            {"active", keyset.record.active},
            {"input_fee_ppk", keyset.record.input_fee_ppk},
            {"keys", cashu::keys_to_json(keyset.public_keys)}};
}

ordered_json keys_document(const Keyring& keyring, const Keyset* only) {
    ordered_json list = ordered_json::array();
    if (only) {
        list.push_back(keyset_keys(*only));
    } else {
        for (const Keyset& keyset : keyring.all()) {
            if (keyset.record.active) list.push_back(keyset_keys(keyset));
        }
    }
    return {{"keysets", std::move(list)}};
}

ordered_json keysets_document(const Keyring& keyring) {
    ordered_json list = ordered_json::array();
    for (const Keyset& keyset : keyring.all()) {
        ordered_json entry = {{"id", cashu::format_keyset_id(keyset.record.id)},
                              {"unit", keyset.record.unit},
                              {"active", keyset.record.active},
                              {"input_fee_ppk", keyset.record.input_fee_ppk}};
        if (keyset.record.final_expiry) entry["final_expiry"] = *keyset.record.final_expiry;
        list.push_back(std::move(entry));
    }
    return {{"keysets", std::move(list)}};
}

}  // namespace

MintRoutes::MintRoutes(Mint& mint, GroupCommitter& committer, Metrics& metrics)
    : mint_(mint),
      committer_(committer),
      requests_(metrics.counter("flash_mint_requests_total", "Requests to the Cashu mint's /v1 API")),
      refused_(metrics.counter("flash_mint_refused_total", "Mint requests refused with a Cashu error")) {}

asio::awaitable<Response> MintRoutes::settle(const Request& request, Response response) {
    const bool durable = co_await committer_.durable();
    if (!durable) response = cashu_error(request, http::status::service_unavailable, MintErrc::bad_request, "storage unavailable");
    co_return response;
}

std::optional<Response> MintRoutes::handle(const Request& request, const ClientInfo&) {
    const std::string_view path = target_path(request.target());
    if (!path.starts_with("/v1/")) return std::nullopt;
    requests_.add();
    try {
        return dispatch(request, path);
    } catch (const MintError& e) {
        refused_.add();
        return json_response(request, http::status::bad_request, cashu::to_json(e));
    } catch (const Error& e) {
        if (e.code() == Errc::storage) {
            log::error("mint storage failed", {{"error", e.what()}});
            return cashu_error(request, http::status::service_unavailable, MintErrc::bad_request, "storage unavailable");
        }
        refused_.add();
        return cashu_error(request, http::status::bad_request, MintErrc::bad_request, e.what());
    } catch (const lightning::LightningError& e) {
        log::warn("lightning backend failed", {{"error", e.what()}});
        return cashu_error(request, http::status::service_unavailable, MintErrc::lightning_payment_failed,
                           std::string("lightning backend unavailable: ") + e.what());
    }
}

Response MintRoutes::dispatch(const Request& request, std::string_view path) {
    const bool get = request.method() == http::verb::get || request.method() == http::verb::head;
    const bool post = request.method() == http::verb::post;
    const auto answer = [&](const auto& body) { return json_response(request, http::status::ok, body); };
    const auto wrong_method = [&] {
        return cashu_error(request, http::status::method_not_allowed, MintErrc::bad_request, "method not allowed");
    };
    using namespace cashu;

    if (path == "/v1/info") return get ? answer(mint_info(mint_)) : wrong_method();
    if (path == "/v1/keys") return get ? answer(keys_document(mint_.keyring(), nullptr)) : wrong_method();
    if (path == "/v1/keysets") return get ? answer(keysets_document(mint_.keyring())) : wrong_method();
    if (path.starts_with(keys_prefix)) {
        if (!get) return wrong_method();
        const Keyset* keyset = mint_.keyring().find(parse_keyset_id(path.substr(keys_prefix.size())));
        if (!keyset) throw MintError(MintErrc::keyset_unknown, "unknown keyset");
        return answer(keys_document(mint_.keyring(), keyset));
    }
    if (path.starts_with(quote_prefix_mint) && path.size() > quote_prefix_mint.size()) {
        return get ? answer(to_json(mint_.mint_quote(std::string(path.substr(quote_prefix_mint.size())))))
                   : wrong_method();
    }
    if (path.starts_with(quote_prefix_melt) && path.size() > quote_prefix_melt.size()) {
        return get ? answer(to_json(mint_.melt_quote(std::string(path.substr(quote_prefix_melt.size())))))
                   : wrong_method();
    }
    if (path == "/v1/swap") return post ? answer(to_json(mint_.swap(swap_request_from_json(body_of(request))))) : wrong_method();
    if (path == "/v1/mint/quote/bolt11") {
        return post ? answer(to_json(mint_.create_mint_quote(mint_quote_request_from_json(body_of(request)))))
                    : wrong_method();
    }
    if (path == "/v1/mint/bolt11") return post ? answer(to_json(mint_.mint(mint_request_from_json(body_of(request))))) : wrong_method();
    if (path == "/v1/melt/quote/bolt11") {
        return post ? answer(to_json(mint_.create_melt_quote(melt_quote_request_from_json(body_of(request)))))
                    : wrong_method();
    }
    if (path == "/v1/melt/bolt11") return post ? answer(to_json(mint_.melt(melt_request_from_json(body_of(request))))) : wrong_method();
    if (path == "/v1/checkstate") {
        return post ? answer(to_json(mint_.check_state(check_state_request_from_json(body_of(request))))) : wrong_method();
    }
    if (path == "/v1/restore") return post ? answer(to_json(mint_.restore(restore_request_from_json(body_of(request))))) : wrong_method();
    return cashu_error(request, http::status::not_found, MintErrc::bad_request, "no such mint endpoint");
}

}  // namespace flash::node::mint
