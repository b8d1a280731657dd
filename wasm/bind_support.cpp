#include "wasm/bind_support.hpp"

#include <emscripten/emscripten.h>

// Emval and HEAPU8 are the module's own (embind's handle table; the heap, renewed when it grows).
EM_JS(int, flash_uint8_array_length, (emscripten::EM_VAL array), {
    const value = Emval.toValue(array);
    return value instanceof Uint8Array ? value.length : -1;
});

EM_JS(void, flash_uint8_array_copy, (emscripten::EM_VAL array, std::uint8_t* out), {
    HEAPU8.set(Emval.toValue(array), out);
});

EM_JS(emscripten::EM_VAL, flash_uint8_array_of, (const std::uint8_t* data, std::size_t size), {
    return Emval.toHandle(HEAPU8.slice(data, data + size));
});

namespace flash::wasm {

std::string utf8_in(const val& text) {
    if (!text.isString()) throw Error(Errc::bad_argument, "expected a string");
    static const val encoder = val::global("TextEncoder").new_();
    // UTF-8 takes at most 3 bytes per UTF-16 code unit (4 per surrogate pair).
    std::string out(3 * text["length"].as<std::size_t>(), '\0');
    const val view(emscripten::typed_memory_view(out.size(), reinterpret_cast<std::uint8_t*>(out.data())));
    out.resize(encoder.call<val>("encodeInto", text, view)["written"].as<std::size_t>());
    return out;
}

keys::Network network_named(const std::string& name) {
    if (name == "mainnet") return keys::Network::mainnet;
    if (name == "testnet") return keys::Network::testnet;
    if (name == "signet") return keys::Network::signet;
    if (name == "regtest") return keys::Network::regtest;
    throw Error(Errc::bad_argument, "unknown network '" + name + "'");
}

keys::AccountKind kind_named(const std::string& name) {
    if (name == "p2wpkh") return keys::AccountKind::p2wpkh;
    if (name == "p2tr") return keys::AccountKind::p2tr;
    throw Error(Errc::bad_argument, "unknown address kind '" + name + "' (p2wpkh or p2tr)");
}

void throw_js_error(const std::string& code, const std::string& message) {
    val error = val::global("Error").new_(message);
    error.set("code", code);
    error.throw_();
}

}  // namespace flash::wasm
