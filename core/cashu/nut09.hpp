// NUT-09 restore: POST /v1/restore {"outputs": [BlindedMessage]} -> {"outputs": [BlindedMessage],
// "signatures": [BlindSignature]}: the mint answers, for the outputs it has signed before, the
// output and its signature (same index in both arrays); unknown outputs are left out.
// Readers throw like nut03.hpp's; the response's arrays must have equal lengths (bad_message).
// A response from an older mint that names the signatures "promises" is read too.
#pragma once
#include <nlohmann/json.hpp>
#include <vector>

#include "core/cashu/types.hpp"

namespace flash::cashu {

struct RestoreRequest {
    std::vector<BlindedMessage> outputs;
    bool operator==(const RestoreRequest&) const = default;
};

struct RestoreResponse {
    std::vector<BlindedMessage> outputs;
    std::vector<BlindSignature> signatures;
    bool operator==(const RestoreResponse&) const = default;
};

RestoreRequest restore_request_from_json(const nlohmann::json& value);
nlohmann::ordered_json to_json(const RestoreRequest& request);
RestoreResponse restore_response_from_json(const nlohmann::json& value);
nlohmann::ordered_json to_json(const RestoreResponse& response);

}  // namespace flash::cashu
