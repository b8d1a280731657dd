#include "wasm/bind_support.hpp"

namespace flash::wasm {

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
