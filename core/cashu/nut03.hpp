// NUT-03 swap: POST /v1/swap trades proofs (inputs) for blind signatures on new blinded
// messages (outputs) of the same total minus the input fee (NUT-02).
//
//   request:  {"inputs": [Proof, ...], "outputs": [BlindedMessage, ...]}
//   response: {"signatures": [BlindSignature, ...]}  (in the order of the outputs)
//
// Readers throw Error(bad_message) for a body that is not an object or lacks an array, and the
// errors of proof_from_json()/blinded_message_from_json() for a malformed element. Both arrays
// are capped at max_request_items (a mint refuses bigger requests before any crypto).
#pragma once
#include <cstddef>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/cashu/types.hpp"

namespace flash::cashu {

/// The most inputs or outputs one request may carry (nutshell and cdk use 1000).
inline constexpr std::size_t max_request_items = 1000;

struct SwapRequest {
    std::vector<Proof> inputs;
    std::vector<BlindedMessage> outputs;
    bool operator==(const SwapRequest&) const = default;
};

struct SwapResponse {
    std::vector<BlindSignature> signatures;
    bool operator==(const SwapResponse&) const = default;
};

SwapRequest swap_request_from_json(const nlohmann::json& value);
nlohmann::ordered_json to_json(const SwapRequest& request);
SwapResponse swap_response_from_json(const nlohmann::json& value);
nlohmann::ordered_json to_json(const SwapResponse& response);

}  // namespace flash::cashu
