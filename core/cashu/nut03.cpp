#include "core/cashu/nut03.hpp"

#include "core/cashu/message_json.hpp"
#include "core/cashu/proof_json.hpp"

namespace flash::cashu {

SwapRequest swap_request_from_json(const nlohmann::json& value) {
    const MessageReader reader(value, "swap request");
    SwapRequest request;
    request.inputs = reader.list("inputs", max_request_items, proof_from_json);
    request.outputs = reader.list("outputs", max_request_items, blinded_message_from_json);
    return request;
}

nlohmann::ordered_json to_json(const SwapRequest& request) {
    nlohmann::ordered_json out;
    out["inputs"] = json_list<Proof>(request.inputs, proof_to_json);
    out["outputs"] = json_list<BlindedMessage>(request.outputs, blinded_message_to_json);
    return out;
}

SwapResponse swap_response_from_json(const nlohmann::json& value) {
    const MessageReader reader(value, "swap response");
    return SwapResponse{reader.list("signatures", max_request_items, blind_signature_from_json)};
}

nlohmann::ordered_json to_json(const SwapResponse& response) {
    nlohmann::ordered_json out;
    out["signatures"] = json_list<BlindSignature>(response.signatures, blind_signature_to_json);
    return out;
}

}  // namespace flash::cashu
