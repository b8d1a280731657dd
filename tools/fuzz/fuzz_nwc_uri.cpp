// NIP-47 connection URIs (pasted or scanned by the user): rejected only with flash::Error; an
// accepted URI formats to text that parses to the same connection.
#include <optional>

#include "core/nostr/nip47.hpp"
#include "tools/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flash;
    std::optional<nostr::nwc::ConnectionUri> uri;
    fuzz::reject_with_typed_error([&] { uri = nostr::nwc::parse_connection_uri(fuzz::text(data, size)); });
    if (!uri) return 0;
    const auto again = nostr::nwc::parse_connection_uri(nostr::nwc::format_connection_uri(*uri));
    fuzz::require(again.wallet_pubkey == uri->wallet_pubkey && again.relays == uri->relays &&
                      again.secret.array() == uri->secret.array() && again.lud16 == uri->lud16,
                  "connection URI round trip");
    return 0;
}
