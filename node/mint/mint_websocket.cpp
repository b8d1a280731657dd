#include "node/mint/mint_websocket.hpp"

#include <algorithm>
#include <cctype>

#include "core/cashu/mint_error.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "core/nostr/json_text.hpp"

namespace flash::node::mint {
using cashu::SubscriptionKind;
namespace ws_error = cashu::ws_error;

class MintWebSocket::Connection final : public WebSocketHandler {
public:
    Connection(MintWebSocket& service, std::shared_ptr<WebSocketPeer> peer)
        : service_(service), peer_(std::move(peer)) {}

    void on_text(std::string_view text) override {
        nlohmann::json parsed;
        try {
            parsed = nostr::parse_json_text(text, text.size() + 1);
        } catch (const Error& e) {
            return answer(cashu::ws_error_response(ws_error::parse_error, e.what(), nullptr));
        }
        cashu::WsRequest request;
        try {
            request = cashu::ws_request_from_json(parsed);
        } catch (const Error& e) {
            return answer(cashu::ws_error_response(ws_error::invalid_request, e.what(), cashu::ws_request_id(parsed)));
        }
        if (request.method == cashu::WsMethod::unsubscribe) return unsubscribe(request);
        subscribe(request);
    }

    void on_close() override {
        for (const auto& [sub_id, subscription] : subscriptions_) {
            for (const std::string& filter : subscription.filters) {
                service_.unwatch(this, {subscription.kind, filter}, sub_id);
            }
        }
        subscriptions_.clear();
    }

    void notify(const std::string& sub_id, const nlohmann::ordered_json& payload) {
        peer_->send(cashu::ws_notification(sub_id, payload).dump());
    }

private:
    struct Subscription {
        SubscriptionKind kind;
        std::vector<std::string> filters;
    };

    void answer(const nlohmann::ordered_json& message) { peer_->send(message.dump()); }

    void subscribe(const cashu::WsRequest& request) {
        const std::optional<SubscriptionKind> kind = cashu::parse_subscription_kind(request.kind);
        if (!kind) return answer(cashu::ws_error_response(ws_error::invalid_params, "unknown kind", request.id));
        if (subscriptions_.contains(request.sub_id)) {
            return answer(cashu::ws_error_response(ws_error::invalid_params, "subId in use", request.id));
        }
        if (subscriptions_.size() >= max_subscriptions || request.filters.size() > max_filters) {
            return answer(cashu::ws_error_response(ws_error::invalid_params, "too many subscriptions or filters",
                                                   request.id));
        }
        std::vector<std::string> filters = request.filters;
        // Ys are matched as the lower-case hex the mint writes.
        if (*kind == SubscriptionKind::proof_state) {
            for (std::string& filter : filters) std::transform(filter.begin(), filter.end(), filter.begin(), ::tolower);
        }
        std::vector<nlohmann::ordered_json> current;
        try {
            current = current_states(*kind, filters);
        } catch (const Error& e) {
            return answer(cashu::ws_error_response(ws_error::invalid_params, e.what(), request.id));
        }
        for (const std::string& filter : filters) service_.watch(this, {*kind, filter}, request.sub_id);
        subscriptions_[request.sub_id] = {*kind, std::move(filters)};
        answer(cashu::ws_ok_response(request.sub_id, request.id));
        for (const auto& payload : current) notify(request.sub_id, payload);
    }

    void unsubscribe(const cashu::WsRequest& request) {
        const auto it = subscriptions_.find(request.sub_id);
        if (it == subscriptions_.end()) {
            return answer(cashu::ws_error_response(ws_error::invalid_params, "unknown subId", request.id));
        }
        for (const std::string& filter : it->second.filters) service_.unwatch(this, {it->second.kind, filter}, it->first);
        subscriptions_.erase(it);
        answer(cashu::ws_ok_response(request.sub_id, request.id));
    }

    /// The state of everything the filters name now; unknown quotes are left out.
    std::vector<nlohmann::ordered_json> current_states(SubscriptionKind kind, const std::vector<std::string>& filters) {
        std::vector<nlohmann::ordered_json> states;
        if (kind == SubscriptionKind::proof_state) {
            cashu::CheckStateRequest request;
            for (const std::string& filter : filters) request.Ys.push_back(crypto::parse_public_key(codec::hex_decode(filter)));
            for (const auto& entry : service_.mint_.check_state(request).states) states.push_back(cashu::to_json(entry));
            return states;
        }
        for (const std::string& filter : filters) {
            try {
                if (kind == SubscriptionKind::bolt11_mint_quote) states.push_back(cashu::to_json(service_.mint_.mint_quote(filter)));
                else states.push_back(cashu::to_json(service_.mint_.melt_quote(filter)));
            } catch (const cashu::MintError&) {
                // Not (yet) a quote of this mint: nothing to say until it changes.
            }
        }
        return states;
    }

    MintWebSocket& service_;
    std::shared_ptr<WebSocketPeer> peer_;
    std::map<std::string, Subscription> subscriptions_;
};

MintWebSocket::MintWebSocket(Mint& mint, Metrics& metrics)
    : mint_(mint), subscriptions_(metrics.gauge("flash_mint_ws_subscriptions", "NUT-17 subscription filters watched")) {
    mint_.on_change([this](const MintChange& change) { dispatch(change); });
}

bool MintWebSocket::accepts(const Request& upgrade) const { return target_path(upgrade.target()) == "/v1/ws"; }

std::shared_ptr<WebSocketHandler> MintWebSocket::open(std::shared_ptr<WebSocketPeer> peer) {
    return std::make_shared<Connection>(*this, std::move(peer));
}

void MintWebSocket::watch(Connection* connection, const Key& key, const std::string& sub_id) {
    if (watchers_[key][connection].insert(sub_id).second) subscriptions_.add(1);
}

void MintWebSocket::unwatch(Connection* connection, const Key& key, const std::string& sub_id) {
    const auto by_key = watchers_.find(key);
    if (by_key == watchers_.end()) return;
    const auto by_connection = by_key->second.find(connection);
    if (by_connection == by_key->second.end()) return;
    if (by_connection->second.erase(sub_id)) subscriptions_.add(-1);
    if (by_connection->second.empty()) by_key->second.erase(by_connection);
    if (by_key->second.empty()) watchers_.erase(by_key);
}

void MintWebSocket::publish(const Key& key, const nlohmann::ordered_json& payload) {
    const auto it = watchers_.find(key);
    if (it == watchers_.end()) return;
    for (const auto& [connection, sub_ids] : it->second) {
        for (const std::string& sub_id : sub_ids) connection->notify(sub_id, payload);
    }
}

void MintWebSocket::dispatch(const MintChange& change) {
    if (change.mint_quote) publish({SubscriptionKind::bolt11_mint_quote, change.mint_quote->quote}, cashu::to_json(*change.mint_quote));
    if (change.melt_quote) publish({SubscriptionKind::bolt11_melt_quote, change.melt_quote->quote}, cashu::to_json(*change.melt_quote));
    if (change.proof_states.empty() || watchers_.empty()) return;
    for (const cashu::ProofStateEntry& entry : change.proof_states) {
        publish({SubscriptionKind::proof_state, codec::hex_encode(entry.Y)}, cashu::to_json(entry));
    }
}

void MintWebSocket::poll() {
    std::vector<std::string> unpaid;
    for (const auto& [key, connections] : watchers_) {
        if (key.first == SubscriptionKind::bolt11_mint_quote) unpaid.push_back(key.second);
    }
    for (const std::string& id : unpaid) {
        try {
            mint_.mint_quote(id);  // notifies through dispatch() when the state changed
        } catch (const cashu::MintError&) {
            // An id that is no quote: nothing will change.
        }
    }
}

}  // namespace flash::node::mint
