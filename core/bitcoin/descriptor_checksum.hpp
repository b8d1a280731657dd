// BIP-380 output descriptor checksums: the 8 characters after '#' that Bitcoin Core requires on
// every descriptor it imports ("raw(deadbeef)#89f8spxm").
#pragma once
#include <string>
#include <string_view>

namespace flash::bitcoin {

/// The checksum of `descriptor` (without "#"). Error(bad_argument) for a character outside
/// BIP-380's input character set.
std::string descriptor_checksum(std::string_view descriptor);

/// `descriptor` + "#" + its checksum.
std::string with_descriptor_checksum(std::string_view descriptor);

}  // namespace flash::bitcoin
