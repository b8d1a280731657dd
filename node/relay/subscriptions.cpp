#include "node/relay/subscriptions.hpp"

namespace flash::node::relay {

void Subscriptions::add(Session* session, const std::string& id, std::vector<nostr::Filter> filters) {
    auto& subscriptions = by_session_[session];
    const bool added = subscriptions.insert_or_assign(id, std::move(filters)).second;
    if (added) ++total_;
}

bool Subscriptions::remove(Session* session, const std::string& id) {
    const auto it = by_session_.find(session);
    if (it == by_session_.end() || it->second.erase(id) == 0) return false;
    --total_;
    if (it->second.empty()) by_session_.erase(it);
    return true;
}

void Subscriptions::remove_all(Session* session) {
    const auto it = by_session_.find(session);
    if (it == by_session_.end()) return;
    total_ -= it->second.size();
    by_session_.erase(it);
}

std::size_t Subscriptions::count(Session* session) const {
    const auto it = by_session_.find(session);
    return it == by_session_.end() ? 0 : it->second.size();
}

void Subscriptions::for_each_match(const nostr::Event& event,
                                   const std::function<void(Session*, const std::string&)>& deliver) const {
    for (const auto& [session, subscriptions] : by_session_) {
        for (const auto& [id, filters] : subscriptions) {
            if (nostr::matches_any(filters, event)) deliver(session, id);
        }
    }
}

}  // namespace flash::node::relay
