// NIP-01 wire messages, both directions (what the relay reads from clients and the pool reads from
// relays): outside text is rejected only with flash::Error, and an accepted message serialises to
// a canonical text that parses again and serialises the same.
#include <optional>

#include "core/nostr/messages.hpp"
#include "tools/fuzz/fuzz_support.hpp"

namespace {

template <typename Message, typename Parse>
void check(std::string_view input, Parse&& parse) {
    std::optional<Message> message;
    flash::fuzz::reject_with_typed_error([&] { message = parse(input); });
    if (!message) return;
    // Outside the catch: what we accepted must serialise and parse again without any error.
    const std::string canonical = flash::nostr::serialize(*message);
    flash::fuzz::require(flash::nostr::serialize(parse(canonical)) == canonical, "message round trip");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flash;
    const auto input = fuzz::text(data, size);
    check<nostr::ClientMessage>(input, [](std::string_view t) { return nostr::parse_client_message(t); });
    check<nostr::RelayMessage>(input, [](std::string_view t) { return nostr::parse_relay_message(t); });
    return 0;
}
