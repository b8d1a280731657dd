// NUT-05 (with NUT-23, the bolt11 method): melting. The wallet asks the mint to pay a Lightning
// invoice, then hands over proofs worth amount + fee_reserve (+ input fees); NUT-08 blank outputs
// get the unused fee reserve back.
//
//   POST /v1/melt/quote/bolt11  {"request" (bolt11), "unit",
//                                "options"?: {"amountless"?: {"amount_msat"}, "mpp"?: {"amount"}}} -> MeltQuote
//   GET  /v1/melt/quote/bolt11/{quote}                                               -> MeltQuote
//   POST /v1/melt/bolt11        {"quote", "inputs": [Proof], "outputs"?: [BlindedMessage],
//                                "prefer_async"?: bool}                              -> MeltQuote
//
// MeltQuote: {"quote", "request", "amount", "unit", "fee_reserve", "state" (UNPAID|PENDING|PAID),
// "expiry", "payment_preimage" (hex or null), "change"? ([BlindSignature], after a melt)}.
// cashu-ts 4.8 rejects a melt quote whose expiry is not a number, so a mint should always set it.
// Readers throw Error(bad_message) naming the member for a missing or mistyped one (a null counts
// as absent for the optional ones), and the errors of proof_json.hpp for a malformed element.
// Unknown members are ignored. Arrays are capped at max_request_items (nut03.hpp).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/cashu/types.hpp"

namespace flash::cashu {

enum class MeltQuoteState { unpaid, pending, paid };

std::string_view to_string(MeltQuoteState state) noexcept;
/// "UNPAID", "PENDING" or "PAID"; Error(bad_message) otherwise.
MeltQuoteState parse_melt_quote_state(std::string_view text);

struct MeltQuoteRequest {
    std::string request;  ///< bolt11 invoice
    std::string unit;
    /// options.amountless.amount_msat: the amount to pay an invoice without one (cashu-ts sends it).
    std::optional<std::uint64_t> amountless_msat;
    /// options.mpp.amount (NUT-15): pay only this part (msat) of the invoice, multi-path.
    std::optional<std::uint64_t> mpp_msat;
    bool operator==(const MeltQuoteRequest&) const = default;
};

struct MeltQuote {
    std::string quote;
    std::string request;
    Amount amount = 0;
    std::string unit;
    Amount fee_reserve = 0;
    MeltQuoteState state = MeltQuoteState::unpaid;
    std::optional<std::uint64_t> expiry;
    std::optional<std::string> payment_preimage;  ///< hex
    std::vector<BlindSignature> change;             ///< NUT-08; written only when non-empty
    bool operator==(const MeltQuote&) const = default;
};

struct MeltRequest {
    std::string quote;
    std::vector<Proof> inputs;
    std::vector<BlindedMessage> outputs;  ///< NUT-08 blank outputs (amounts ignored by the mint)
    bool prefer_async = false;            ///< answer at once with a PENDING quote (cashu-ts may ask)
    bool operator==(const MeltRequest&) const = default;
};

MeltQuoteRequest melt_quote_request_from_json(const nlohmann::json& value);
nlohmann::ordered_json to_json(const MeltQuoteRequest& request);
MeltQuote melt_quote_from_json(const nlohmann::json& value);
nlohmann::ordered_json to_json(const MeltQuote& quote);
MeltRequest melt_request_from_json(const nlohmann::json& value);
nlohmann::ordered_json to_json(const MeltRequest& request);

}  // namespace flash::cashu
