#include "core/nostr/json_fields.hpp"

namespace flash::nostr {
namespace {

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

}  // namespace

std::optional<std::uint64_t> json_uint(const nlohmann::json& value, std::uint64_t max) noexcept {
    std::uint64_t n;
    if (value.is_number_unsigned()) {
        n = value.get<std::uint64_t>();
    } else if (value.is_number_integer()) {
        const auto s = value.get<std::int64_t>();
        if (s < 0) return std::nullopt;
        n = static_cast<std::uint64_t>(s);
    } else {
        return std::nullopt;
    }
    if (n > max) return std::nullopt;
    return n;
}

bool json_lower_hex(const nlohmann::json& value, std::span<std::uint8_t> out) noexcept {
    if (!value.is_string()) return false;
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() != 2 * out.size()) return false;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const int hi = hex_value(text[2 * i]), lo = hex_value(text[2 * i + 1]);
        if (hi < 0 || lo < 0) return false;
        out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    return true;
}

}  // namespace flash::nostr
