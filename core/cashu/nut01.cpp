#include "core/cashu/nut01.hpp"

#include <limits>
#include <string>

#include "core/codec/hex.hpp"
#include "core/error.hpp"

namespace flash::cashu {

Amount parse_key_amount(std::string_view text) {
    const std::string shown(text.substr(0, 32));
    if (text.empty() || text.size() > 20 || (text.size() > 1 && text.front() == '0'))
        throw Error(Errc::bad_keyset, "bad amount \"" + shown + "\"");
    Amount amount = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') throw Error(Errc::bad_keyset, "bad amount \"" + shown + "\"");
        const auto digit = static_cast<Amount>(c - '0');
        if (amount > (std::numeric_limits<Amount>::max() - digit) / 10) throw Error(Errc::bad_keyset, "amount out of range: " + shown);
        amount = amount * 10 + digit;
    }
    if (amount == 0 || (amount & (amount - 1)) != 0)
        throw Error(Errc::bad_keyset, "amount is not a power of two: " + shown);
    return amount;
}

Keys keys_from_json(const nlohmann::json& value) {
    if (!value.is_object()) throw Error(Errc::bad_keyset, "keys must be a JSON object");
    if (value.empty()) throw Error(Errc::bad_keyset, "no keys");
    Keys keys;
    for (const auto& [name, key] : value.items()) {
        const Amount amount = parse_key_amount(name);
        if (!key.is_string()) throw Error(Errc::bad_keyset, "key for amount " + name + " is not a string");
        const auto& text = key.get_ref<const std::string&>();
        if (text.size() != 66) throw Error(Errc::bad_keyset, "key for amount " + name + " is not 33 compressed bytes");
        try {
            const Bytes bytes = codec::hex_decode(text);
            if (bytes[0] != 0x02 && bytes[0] != 0x03) throw Error(Errc::bad_public_key, "not compressed");
            keys.emplace(amount, crypto::parse_public_key(bytes));
        } catch (const Error& e) {
            throw Error(Errc::bad_keyset, "key for amount " + name + ": " + e.what());
        }
    }
    return keys;
}

nlohmann::ordered_json keys_to_json(const Keys& keys) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto& [amount, key] : keys) out[std::to_string(amount)] = codec::hex_encode(key);
    return out;
}

}  // namespace flash::cashu
