#include "core/bitcoin/descriptor_checksum.hpp"

#include <array>
#include <cstdint>

#include "core/error.hpp"

namespace flash::bitcoin {
namespace {

// BIP-380 "Checksum": a BCH code over GF(32) of the characters' positions in INPUT_CHARSET.
constexpr std::string_view input_charset =
    "0123456789()[],'/*abcdefgh@:$%{}"
    "IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~"
    "ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ";
constexpr std::string_view checksum_charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
constexpr std::array<std::uint64_t, 5> generator = {0xf5dee51989, 0xa9fdca3312, 0x1bab10e32d, 0x3706b1677a,
                                                    0x644d626ffd};

std::uint64_t polymod(std::uint64_t checksum, std::uint64_t value) {
    const std::uint64_t top = checksum >> 35;
    checksum = ((checksum & 0x7ffffffff) << 5) ^ value;
    for (int i = 0; i < 5; ++i)
        if ((top >> i) & 1) checksum ^= generator[i];
    return checksum;
}

}  // namespace

std::string descriptor_checksum(std::string_view descriptor) {
    std::uint64_t checksum = 1;
    std::uint64_t groups = 0;
    int group_count = 0;
    for (char c : descriptor) {
        const std::size_t position = input_charset.find(c);
        if (position == std::string_view::npos)
            throw Error(Errc::bad_argument, "descriptor character outside the BIP-380 character set");
        checksum = polymod(checksum, position & 31);  // the low 5 bits of each character
        groups = groups * 3 + (position >> 5);        // the high bits, three characters at a time
        if (++group_count == 3) {
            checksum = polymod(checksum, groups);
            groups = 0;
            group_count = 0;
        }
    }
    if (group_count > 0) checksum = polymod(checksum, groups);
    for (int i = 0; i < 8; ++i) checksum = polymod(checksum, 0);
    checksum ^= 1;
    std::string out(8, ' ');
    for (int i = 0; i < 8; ++i) out[i] = checksum_charset[(checksum >> (5 * (7 - i))) & 31];
    return out;
}

std::string with_descriptor_checksum(std::string_view descriptor) {
    return std::string(descriptor) + "#" + descriptor_checksum(descriptor);
}

}  // namespace flash::bitcoin
