// What every embind binding file needs: bytes in and out of JS, and flash::Error as a JS Error.
#pragma once

#include <emscripten/val.h>

#include <nlohmann/json.hpp>

#include <string>
#include <utility>

#include <algorithm>

#include "core/bytes.hpp"
#include "core/crypto/memory.hpp"
#include "core/error.hpp"
#include "core/keys/accounts.hpp"

namespace flash::wasm {

using emscripten::val;

/// The length of the Uint8Array `array`, or -1 for anything else; one call into JS (embind's val
/// would take one per step: type, length). Defined with EM_JS in bind_support.cpp.
extern "C" int flash_uint8_array_length(emscripten::EM_VAL array);
/// Copies the Uint8Array `array` to `out` (its length in bytes) with one TypedArray.set.
extern "C" void flash_uint8_array_copy(emscripten::EM_VAL array, std::uint8_t* out);
/// A new Uint8Array holding a copy of `size` bytes at `data`, as an owned handle.
extern "C" emscripten::EM_VAL flash_uint8_array_of(const std::uint8_t* data, std::size_t size);

/// Copies a JS Uint8Array into wasm memory with one TypedArray.set (embind's std::string
/// conversion copies byte by byte in JS, which costs more than a hash of the data).
/// Pass crypto::SecretBytes as `Container` for secrets, so the copy is wiped when freed.
template <typename Container = Bytes>
Container bytes_in(const val& array) {
    const int length = flash_uint8_array_length(array.as_handle());
    if (length < 0) throw Error(Errc::bad_argument, "expected a Uint8Array");
    // Staged in an uninitialised buffer, then copied by pointer range (one memcpy): at -Oz a
    // vector of n bytes is zeroed with calls for every byte, which cost as much as hashing them.
    struct Staging {
        std::size_t size;
        std::uint8_t* data = new std::uint8_t[size];
        ~Staging() {
            crypto::wipe(data, size);  // it may have held a secret
            delete[] data;
        }
    } staging{static_cast<std::size_t>(length)};
    flash_uint8_array_copy(array.as_handle(), staging.data);
    return Container(staging.data, staging.data + staging.size);
}

/// The UTF-8 bytes of a JS string, by one TextEncoder.encodeInto (as nostr-tools encodes text, lone
/// surrogates become U+FFFD). embind's std::string conversion walks the string twice in JS, which
/// cost more than encrypting a kilobyte. Error(bad_argument) if `text` is not a string.
std::string utf8_in(const val& text);

/// A fixed-size secret (a key) from a Uint8Array of exactly N bytes, else Error(bad_length).
template <std::size_t N>
crypto::Secret<N> secret_array_in(const val& array, const char* what) {
    const auto bytes = bytes_in<crypto::SecretBytes>(array);
    require_size(bytes, N, what);
    crypto::Secret<N> out;
    std::copy(bytes.begin(), bytes.end(), out.data());
    return out;
}

/// A new Uint8Array holding a copy of `data` (the JS side owns it; wasm memory may move).
inline val bytes_out(ByteView data) {
    return val::take_ownership(flash_uint8_array_of(data.data(), data.size()));
}

/// JSON text from JS; Error(bad_json) when it does not parse.
inline nlohmann::json parse_json(const std::string& text) {
    nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_discarded()) throw Error(Errc::bad_json, "not JSON");
    return parsed;
}

/// "mainnet", "testnet", "signet" or "regtest"; Error(bad_argument) for another name.
keys::Network network_named(const std::string& name);
/// "p2wpkh" or "p2tr"; Error(bad_argument) for another name.
keys::AccountKind kind_named(const std::string& name);

/// Throws a JS Error whose `code` is the flash::Errc name (e.g. "bad_checksum"); anything else
/// becomes code "internal".
[[noreturn]] void throw_js_error(const std::string& code, const std::string& message);

/// Runs `body`, turning C++ exceptions into JS Errors so callers can `catch (e) { e.code }`.
template <typename Body>
auto guarded(Body&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const Error& e) {
        throw_js_error(std::string(errc_name(e.code())), e.what());
    } catch (const nlohmann::json::exception& e) {
        throw_js_error("bad_json", e.what());  // a JSON argument with a missing or mistyped field
    } catch (const std::exception& e) {
        throw_js_error("internal", e.what());
    }
}

}  // namespace flash::wasm
