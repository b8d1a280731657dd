// The live subscriptions of every connection: after a REQ's stored events and EOSE, new events
// that match its filters are sent to it at once.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/nostr/filter.hpp"

namespace flash::node::relay {

class Session;

class Subscriptions {
public:
    /// Adds or replaces (same id on the same session) a subscription.
    void add(Session* session, const std::string& id, std::vector<nostr::Filter> filters);
    /// True when it existed.
    bool remove(Session* session, const std::string& id);
    void remove_all(Session* session);
    std::size_t count(Session* session) const;
    std::size_t total() const noexcept { return total_; }

    /// Calls `deliver(session, id)` for each subscription with a filter matching `event`.
    void for_each_match(const nostr::Event& event,
                        const std::function<void(Session*, const std::string&)>& deliver) const;

private:
    std::map<Session*, std::map<std::string, std::vector<nostr::Filter>>> by_session_;
    std::size_t total_ = 0;
};

}  // namespace flash::node::relay
