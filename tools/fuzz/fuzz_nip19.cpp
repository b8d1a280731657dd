// NIP-19 decoding: outside text is rejected only with flash::Error; an accepted entity re-encodes
// without error to a string that decodes to the same values (not necessarily the same string:
// TLV order, unknown types and repeated entries are not preserved).
#include <optional>

#include "core/nostr/nip19.hpp"
#include "tools/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flash;
    std::optional<nostr::nip19::Entity> entity;
    fuzz::reject_with_typed_error([&] { entity = nostr::nip19::decode(fuzz::text(data, size)); });
    if (!entity) return 0;
    fuzz::require(nostr::nip19::decode(nostr::nip19::encode(*entity)) == *entity, "NIP-19 round trip");
    return 0;
}
