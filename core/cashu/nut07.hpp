// NUT-07 token state check: POST /v1/checkstate {"Ys": ["02…", ...]} (Y = hash_to_curve(secret))
// -> {"states": [{"Y", "state": UNSPENT|PENDING|SPENT, "witness"?}]}, in the order of the Ys.
// The same ProofState object is the NUT-17 "proof_state" notification payload.
// Readers throw Error(bad_message) naming the member for a missing/mistyped one, an unknown state,
// a Y that is not 33 bytes of hex (not checked to be a point), or more than max_request_items Ys.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/secp256k1.hpp"

namespace flash::cashu {

enum class ProofState { unspent, pending, spent };

std::string_view to_string(ProofState state) noexcept;
/// "UNSPENT", "PENDING" or "SPENT"; Error(bad_message) otherwise.
ProofState parse_proof_state(std::string_view text);

struct CheckStateRequest {
    std::vector<crypto::PublicKey> Ys;
    bool operator==(const CheckStateRequest&) const = default;
};

struct ProofStateEntry {
    crypto::PublicKey Y{};
    ProofState state = ProofState::unspent;
    std::optional<std::string> witness;
    bool operator==(const ProofStateEntry&) const = default;
};

struct CheckStateResponse {
    std::vector<ProofStateEntry> states;
    bool operator==(const CheckStateResponse&) const = default;
};

/// One {"Y", "state", "witness"?} (witness written only when present; a null one reads as absent).
ProofStateEntry proof_state_from_json(const nlohmann::json& value);
nlohmann::ordered_json to_json(const ProofStateEntry& entry);

CheckStateRequest check_state_request_from_json(const nlohmann::json& value);
nlohmann::ordered_json to_json(const CheckStateRequest& request);
CheckStateResponse check_state_response_from_json(const nlohmann::json& value);
nlohmann::ordered_json to_json(const CheckStateResponse& response);

}  // namespace flash::cashu
