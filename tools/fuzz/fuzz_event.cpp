// NIP-01 event parsing: outside text is rejected only with flash::Error; an accepted event survives
// to_json_string -> parse_event unchanged, and verify() answers without throwing (it is noexcept:
// a throw would terminate, which libFuzzer reports).
#include <optional>

#include "core/nostr/event.hpp"
#include "tools/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flash;
    std::optional<nostr::Event> event;
    fuzz::reject_with_typed_error([&] { event = nostr::parse_event(fuzz::text(data, size)); });
    if (!event) return 0;
    // Outside the catch: an accepted event must serialise and parse again without any error.
    (void)nostr::verify(*event);
    fuzz::require(nostr::parse_event(nostr::to_json_string(*event)) == *event, "event JSON round trip");
    return 0;
}
