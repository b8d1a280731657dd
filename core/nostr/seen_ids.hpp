// A bounded set of event ids for de-duplication: past the capacity the oldest ids are forgotten,
// so a long-lived subscription's memory stays flat (a forgotten id may be delivered again).
#pragma once

#include <cstddef>
#include <deque>
#include <set>

#include "core/nostr/event.hpp"

namespace flash::nostr {

class SeenIds {
public:
    /// `capacity` >= 1 ids are remembered.
    explicit SeenIds(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

    bool contains(const EventId& id) const { return ids_.count(id) != 0; }
    /// Remembers `id` (no effect if already known), forgetting the oldest one when full.
    void insert(const EventId& id);
    std::size_t size() const noexcept { return ids_.size(); }

private:
    std::size_t capacity_;
    std::set<EventId> ids_;
    std::deque<EventId> order_;  ///< oldest first
};

}  // namespace flash::nostr
