// Quote ids: 128 random bits as 32 hex digits, unguessable (a mint quote id is all a wallet needs
// to claim the paid amount).
#pragma once
#include <string>

#include "core/codec/hex.hpp"
#include "core/crypto/random.hpp"

namespace flash::node::mint {

inline std::string new_quote_id() { return codec::hex_encode(crypto::random_array<16>()); }

}  // namespace flash::node::mint
