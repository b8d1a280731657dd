#include "node/bitcoin/chain_backend.hpp"

namespace flash::node::bitcoin {

std::string_view chain_errc_name(ChainErrc code) noexcept {
    switch (code) {
        case ChainErrc::unavailable: return "unavailable";
        case ChainErrc::timeout: return "timeout";
        case ChainErrc::rejected: return "rejected";
        case ChainErrc::not_found: return "not_found";
        case ChainErrc::bad_response: return "bad_response";
    }
    return "unknown";
}

}  // namespace flash::node::bitcoin
