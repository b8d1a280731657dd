// CBOR (RFC 8949), the subset Cashu v4 tokens and UR need: unsigned and negative integers, byte
// strings, text strings, arrays, maps, tags, booleans and null. No floats, no indefinite lengths.
//
// Encoding is deterministic (RFC 8949 §4.2.1): shortest integer/length forms, map keys sorted by
// their encoded bytes. Decoding rejects truncated input, trailing bytes, non-shortest forms,
// indefinite lengths, floats, invalid UTF-8 in text, duplicate map keys and nesting deeper than
// `max_depth` (Error(bad_cbor)).
#pragma once

#include <concepts>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/bytes.hpp"

namespace flash::codec {

class Cbor {
public:
    struct Negative { std::uint64_t n; };  ///< the value -1 - n
    struct Null {};
    using Array = std::vector<Cbor>;
    using Map = std::vector<std::pair<Cbor, Cbor>>;  ///< kept in insertion order; sorted on encode
    struct Tagged { std::uint64_t tag; std::shared_ptr<Cbor> value; };
    using Value = std::variant<std::uint64_t, Negative, Bytes, std::string, Array, Map, Tagged, bool, Null>;

    Cbor() : value_(Null{}) {}
    Cbor(std::uint64_t v) : value_(v) {}
    Cbor(int v);
    Cbor(std::int64_t v);
    Cbor(Bytes v) : value_(std::move(v)) {}
    Cbor(std::string v) : value_(std::move(v)) {}
    Cbor(const char* v) : value_(std::string(v)) {}
    Cbor(Array v) : value_(std::move(v)) {}
    Cbor(Map v) : value_(std::move(v)) {}
    Cbor(bool v) : value_(v) {}
    Cbor(Null) : value_(Null{}) {}
    /// The negative integer -1 - v.n (covers -2^64 .. -1, beyond the int64 range).
    Cbor(Negative v) : value_(v) {}
    /// Any other integer type (std::uint32_t, std::size_t, long long, ...). Without it such
    /// arguments are ambiguous between the int/int64/uint64 overloads, and which types are
    /// ambiguous differs between x86-64 and wasm32 (where std::size_t is not std::uint64_t).
    template <std::integral T>
        requires(sizeof(T) <= 8 && !std::same_as<T, bool> && !std::same_as<T, char> &&
                 !std::same_as<T, wchar_t> && !std::same_as<T, char8_t> &&
                 !std::same_as<T, char16_t> && !std::same_as<T, char32_t>)
    Cbor(T v) {
        if constexpr (std::is_signed_v<T>) {
            if (v < 0)
                value_ = Negative{static_cast<std::uint64_t>(-(static_cast<std::int64_t>(v) + 1))};
            else
                value_ = static_cast<std::uint64_t>(v);
        } else {
            value_ = static_cast<std::uint64_t>(v);
        }
    }
    static Cbor tagged(std::uint64_t tag, Cbor value);

    const Value& value() const { return value_; }
    bool is_null() const { return std::holds_alternative<Null>(value_); }

    // Typed accessors; each throws Error(bad_cbor) when the value has another type, so that a
    // decoder of outside input can read fields without checking types by hand.
    std::uint64_t as_uint() const;
    std::int64_t as_int() const;  ///< Error(bad_cbor) if outside int64 range
    const Bytes& as_bytes() const;
    const std::string& as_text() const;
    const Array& as_array() const;
    const Map& as_map() const;
    const Tagged& as_tagged() const;
    bool as_bool() const;
    /// The value stored under a text key, or nullptr when absent. Requires a map.
    const Cbor* find(std::string_view key) const;

    /// Structural equality. Maps compare as sets of entries (insertion order does not matter), so
    /// that a decoded value equals the value it was encoded from.
    bool operator==(const Cbor& other) const;

private:
    Value value_;
};

/// Deterministic encoding. Throws Error(bad_cbor) if a map holds two equal keys and
/// Error(bad_utf8) if a text string is not valid UTF-8 (either would not decode again).
Bytes cbor_encode(const Cbor& value);
/// Decodes exactly one item that fills `data`. At most `max_depth` arrays, maps and tags may nest
/// (0 allows only a scalar at the top). Map keys may come in any order but must be distinct.
/// Every failure is Error(bad_cbor).
Cbor cbor_decode(ByteView data, unsigned max_depth = 32);

}  // namespace flash::codec
