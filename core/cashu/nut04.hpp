// NUT-04 (with NUT-23, the bolt11 method): minting. The wallet asks for a quote, pays its
// Lightning invoice, then exchanges the paid quote for blind signatures.
//
//   POST /v1/mint/quote/bolt11  {"amount", "unit", "description"?, "pubkey"?}  -> MintQuote
//   GET  /v1/mint/quote/bolt11/{quote}                                          -> MintQuote
//   POST /v1/mint/bolt11        {"quote", "outputs": [BlindedMessage], "signature"?} -> {"signatures"}
//
// MintQuote: {"quote", "request" (bolt11), "amount", "unit", "state" (UNPAID|PAID|ISSUED),
// "expiry" (unix seconds or null), "pubkey"? (NUT-20)}.
// Readers throw Error(bad_message) naming the member for a missing or mistyped one, an unknown
// state, or a bad hex key; outputs as in NUT-03.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/cashu/types.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::cashu {

enum class MintQuoteState { unpaid, paid, issued };

std::string_view to_string(MintQuoteState state) noexcept;
/// "UNPAID", "PAID" or "ISSUED"; Error(bad_message) otherwise.
MintQuoteState parse_mint_quote_state(std::string_view text);

struct MintQuoteRequest {
    Amount amount = 0;
    std::string unit;
    std::optional<std::string> description;
    std::optional<crypto::PublicKey> pubkey;  ///< NUT-20: lock the quote to this key
    bool operator==(const MintQuoteRequest&) const = default;
};

struct MintQuote {
    std::string quote;    ///< the quote id
    std::string request;  ///< the bolt11 invoice to pay
    Amount amount = 0;
    std::string unit;
    MintQuoteState state = MintQuoteState::unpaid;
    std::optional<std::uint64_t> expiry;
    std::optional<crypto::PublicKey> pubkey;
    bool operator==(const MintQuote&) const = default;
};

struct MintRequest {
    std::string quote;
    std::vector<BlindedMessage> outputs;
    std::optional<crypto::Signature64> signature;  ///< NUT-20
    bool operator==(const MintRequest&) const = default;
};

// The response of POST /v1/mint/bolt11 is a SwapResponse ({"signatures"}), see nut03.hpp.

MintQuoteRequest mint_quote_request_from_json(const nlohmann::json& value);
nlohmann::ordered_json to_json(const MintQuoteRequest& request);
MintQuote mint_quote_from_json(const nlohmann::json& value);
nlohmann::ordered_json to_json(const MintQuote& quote);
MintRequest mint_request_from_json(const nlohmann::json& value);
nlohmann::ordered_json to_json(const MintRequest& request);

}  // namespace flash::cashu
