// NIP-98 Authorization headers, as flash-node will read them from HTTP requests: outside text is
// rejected only with flash::Error, and validation of whatever parsed never throws.
#include <optional>

#include "core/nostr/nip98.hpp"
#include "tools/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flash;
    std::optional<nostr::Event> event;
    fuzz::reject_with_typed_error([&] { event = nostr::parse_authorization_header(fuzz::text(data, size)); });
    if (!event) return 0;
    const nostr::HttpRequestFacts request{"https://flash.example/api/v1/pay", "POST", std::nullopt, false, 1'700'000'000};
    (void)nostr::validate_http_auth(*event, request);
    fuzz::require(nostr::parse_authorization_header(nostr::authorization_header(*event)) == *event,
                  "Authorization header round trip");
    return 0;
}
