// The Cashu error format (NUT-00): a mint answers a refused request with HTTP 400 and
// {"detail": "<text>", "code": <integer>}, codes from the spec's error_codes.md (cashubtc/nuts).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

namespace flash::cashu {

enum class MintErrc : std::uint32_t {
    bad_request = 10000,           ///< malformed request (not in the table; 1xxxx is "input")
    proof_verification_failed = 10001,  ///< also a NUT-11 spending condition that is not met
    proof_already_spent = 11001,
    proof_pending = 11002,
    outputs_already_signed = 11003,
    outputs_pending = 11004,
    transaction_unbalanced = 11005,
    amount_out_of_limit = 11006,
    duplicate_inputs = 11007,
    duplicate_outputs = 11008,
    multiple_units = 11009,
    unit_mismatch = 11010,
    amountless_not_supported = 11011,
    amount_mismatch = 11012,
    unsupported_unit = 11013,
    max_inputs_exceeded = 11014,
    max_outputs_exceeded = 11015,
    keyset_unknown = 12001,
    keyset_inactive = 12002,
    keyset_expired = 12003,
    quote_not_paid = 20001,
    tokens_already_issued = 20002,
    minting_disabled = 20003,
    lightning_payment_failed = 20004,
    quote_pending = 20005,
    invoice_already_paid = 20006,
    quote_expired = 20007,
    witness_invalid = 20008,  ///< NUT-20 mint request signature missing or invalid (NUT-11: 10001)
    pubkey_required = 20009,  ///< NUT-20 pubkey required for a mint quote
};

/// A refused request, thrown by the mint's handlers and turned into the JSON above at the edge;
/// the wallet reads it back from a 400 body.
class MintError : public std::runtime_error {
public:
    MintError(MintErrc code, const std::string& detail) : std::runtime_error(detail), code_(code) {}
    MintErrc code() const noexcept { return code_; }

private:
    MintErrc code_;
};

/// {"detail": what(), "code": code}.
nlohmann::ordered_json to_json(const MintError& error);
/// Reads an error body; nullopt when it is not {"detail": string, "code": integer in [0, 2^32)}.
/// A code outside the table is kept as its number (mints add their own).
std::optional<MintError> mint_error_from_json(const nlohmann::json& value);

}  // namespace flash::cashu
