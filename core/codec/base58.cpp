#include "core/codec/base58.hpp"

#include <algorithm>
#include <array>

#include "core/crypto/hash.hpp"
#include "core/error.hpp"

namespace flash::codec {

namespace {

constexpr char kAlphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

constexpr std::array<std::int8_t, 256> make_reverse() {
    std::array<std::int8_t, 256> table{};
    for (auto& v : table) v = -1;
    for (int i = 0; i < 58; ++i) table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
    return table;
}
constexpr auto kReverse = make_reverse();

}  // namespace

std::string base58_encode(ByteView data) {
    std::size_t zeros = 0;
    while (zeros < data.size() && data[zeros] == 0) ++zeros;
    // log(256) / log(58) < 1.37: enough base-58 digits for the rest, big-endian.
    std::vector<std::uint8_t> digits((data.size() - zeros) * 137 / 100 + 1, 0);
    std::size_t used = 0;  // significant digits, counted from the end of `digits`
    for (std::size_t i = zeros; i < data.size(); ++i) {
        std::uint32_t carry = data[i];
        std::size_t j = 0;
        for (auto it = digits.rbegin(); (carry != 0 || j < used) && it != digits.rend(); ++it, ++j) {
            carry += 256u * *it;
            *it = static_cast<std::uint8_t>(carry % 58);
            carry /= 58;
        }
        used = j;
    }
    std::string out(zeros, '1');
    out.reserve(zeros + used);
    for (std::size_t k = digits.size() - used; k < digits.size(); ++k) out.push_back(kAlphabet[digits[k]]);
    return out;
}

Bytes base58_decode(std::string_view text) {
    std::size_t ones = 0;
    while (ones < text.size() && text[ones] == '1') ++ones;
    // log(58) / log(256) < 0.733: enough bytes for the rest, big-endian.
    Bytes bytes((text.size() - ones) * 733 / 1000 + 1, 0);
    std::size_t used = 0;
    for (std::size_t i = ones; i < text.size(); ++i) {
        const std::int8_t digit = kReverse[static_cast<unsigned char>(text[i])];
        if (digit < 0) throw Error(Errc::bad_base58, "invalid character at offset " + std::to_string(i));
        std::uint32_t carry = static_cast<std::uint32_t>(digit);
        std::size_t j = 0;
        for (auto it = bytes.rbegin(); (carry != 0 || j < used) && it != bytes.rend(); ++it, ++j) {
            carry += 58u * *it;
            *it = static_cast<std::uint8_t>(carry & 0xff);
            carry >>= 8;
        }
        used = j;
    }
    Bytes out(ones, 0);
    out.insert(out.end(), bytes.end() - static_cast<std::ptrdiff_t>(used), bytes.end());
    return out;
}

std::string base58check_encode(ByteView payload) {
    const auto checksum = crypto::sha256d(payload);
    Bytes data(payload.begin(), payload.end());
    data.insert(data.end(), checksum.begin(), checksum.begin() + 4);
    return base58_encode(data);
}

Bytes base58check_decode(std::string_view text) {
    Bytes data = base58_decode(text);
    if (data.size() < 4) throw Error(Errc::bad_length, "base58check data shorter than its checksum");
    const std::size_t n = data.size() - 4;
    const auto checksum = crypto::sha256d(ByteView(data).first(n));
    if (!std::equal(checksum.begin(), checksum.begin() + 4, data.begin() + static_cast<std::ptrdiff_t>(n)))
        throw Error(Errc::bad_checksum, "base58check checksum mismatch");
    data.resize(n);
    return data;
}

}  // namespace flash::codec
