#include "wasm/bind_support.hpp"

namespace flash::wasm {

void throw_js_error(const std::string& code, const std::string& message) {
    val error = val::global("Error").new_(message);
    error.set("code", code);
    error.throw_();
}

}  // namespace flash::wasm
