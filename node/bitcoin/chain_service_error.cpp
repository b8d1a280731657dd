#include "node/bitcoin/chain_service_error.hpp"

namespace flash::node::bitcoin {

std::string_view chain_service_errc_name(ChainServiceErrc code) noexcept {
    switch (code) {
        case ChainServiceErrc::no_account: return "no_account";
        case ChainServiceErrc::account_exists: return "account_exists";
        case ChainServiceErrc::key_taken: return "key_taken";
        case ChainServiceErrc::not_found: return "not_found";
        case ChainServiceErrc::expired: return "expired";
        case ChainServiceErrc::busy: return "busy";
    }
    return "unknown";
}

}  // namespace flash::node::bitcoin
