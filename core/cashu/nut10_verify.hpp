// The mint's one check of the spending conditions (NUT-10) of a swap's or melt's inputs: which
// kinds it understands and how each is verified.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>

#include "core/cashu/types.hpp"

namespace flash::cashu {

/// True when the request's inputs may be spent at `now_s` (unix seconds):
///  - inputs with a plain secret (not a NUT-10 JSON array) carry no condition;
///  - if any input is P2PK with SIG_ALL, the whole request must pass verify_sig_all() (nut11.hpp);
///  - otherwise each P2PK input must pass verify_p2pk() (SIG_INPUTS);
///  - any other kind (HTLC included: not supported) makes it false.
/// `melt_quote` is the quote id of a melt, empty for a swap. Error(bad_spending_condition) for
/// a malformed NUT-10 secret, P2PK tag or witness (the mint refuses the request either way).
bool verify_spending_conditions(std::span<const Proof> inputs, std::span<const BlindedMessage> outputs,
                                std::string_view melt_quote, std::uint64_t now_s);

}  // namespace flash::cashu
