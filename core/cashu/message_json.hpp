// Shared readers and writers for the JSON bodies of the mint API (NUT-03 … NUT-09, NUT-17): each
// reader throws Error(bad_message) naming the message and the member, so that a mint can answer a
// precise 400 and a wallet can report what a mint got wrong.
#pragma once
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/cashu/types.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::cashu {

/// A view of one JSON object received as message `name` (e.g. "swap request"). Holds references:
/// the JSON must outlive it. A member whose value is null counts as absent for optional reads.
class MessageReader {
public:
    /// Error(bad_message) unless `value` is an object.
    MessageReader(const nlohmann::json& value, std::string_view name);

    [[noreturn]] void fail(const std::string& detail) const;

    const nlohmann::json& required(const char* member) const;
    /// nullptr when absent or null.
    const nlohmann::json* optional(const char* member) const;

    std::string string(const char* member) const;
    std::optional<std::string> optional_string(const char* member) const;
    std::uint64_t uint(const char* member) const;
    std::optional<std::uint64_t> optional_uint(const char* member) const;
    bool optional_bool(const char* member, bool fallback) const;
    /// 33 bytes of compressed-key hex (not checked to be a point).
    crypto::PublicKey public_key(const char* member) const;
    std::optional<crypto::PublicKey> optional_public_key(const char* member) const;
    /// An array of at most `max_items` elements.
    const nlohmann::json& array(const char* member, std::size_t max_items) const;

    /// Each element of array `member` read with `read` (proof_from_json and the like).
    template <typename Read>
    auto list(const char* member, std::size_t max_items, Read read) const {
        std::vector<decltype(read(std::declval<const nlohmann::json&>()))> out;
        for (const nlohmann::json& item : array(member, max_items)) out.push_back(read(item));
        return out;
    }

private:
    const nlohmann::json& object_;
    std::string name_;
};

/// 33 bytes of hex from a JSON string, or Error(bad_message) naming `what`.
crypto::PublicKey public_key_from_json(const nlohmann::json& value, const std::string& what);

/// A JSON array of `items` written with `write` (proof_to_json and the like).
template <typename T, typename Write>
nlohmann::ordered_json json_list(std::span<const T> items, Write write) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const T& item : items) out.push_back(write(item));
    return out;
}

}  // namespace flash::cashu
