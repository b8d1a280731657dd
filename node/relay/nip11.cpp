#include "node/relay/nip11.hpp"

#include "core/codec/hex.hpp"
#include "core/nostr/messages.hpp"

namespace flash::node::relay {

nlohmann::json relay_information(const Config& config, const crypto::XOnlyKey& self) {
    const RelayConfig& relay = config.relay;
    nlohmann::json info = {
        {"name", relay.name},
        {"description", relay.description},
        {"self", codec::hex_encode(self)},
        {"software", "flash-node"},
        {"version", "0.1.0"},
        {"supported_nips", supported_nips},
        {"limitation",
         {{"max_message_length", config.limits.max_ws_message_bytes},
          {"max_subscriptions", relay.max_subscriptions},
          {"max_filters", relay.max_filters},
          {"max_limit", relay.max_limit},
          {"default_limit", relay.default_limit},
          {"max_subid_length", nostr::max_subscription_id_length},
          {"max_content_length", relay.max_content_bytes},
          {"created_at_lower_limit", relay.max_past_s},
          {"created_at_upper_limit", relay.max_future_s},
          {"auth_required", false},
          {"restricted_writes", false},
          {"payment_required", false}}},
    };
    if (!relay.contact.empty()) info["contact"] = relay.contact;
    return info;
}

}  // namespace flash::node::relay
