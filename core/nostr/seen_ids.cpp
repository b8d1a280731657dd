// Bounded de-duplication set.
#include "core/nostr/seen_ids.hpp"

namespace flash::nostr {

void SeenIds::insert(const EventId& id) {
    if (!ids_.insert(id).second) return;
    order_.push_back(id);
    if (order_.size() > capacity_) {
        ids_.erase(order_.front());
        order_.pop_front();
    }
}

}  // namespace flash::nostr
