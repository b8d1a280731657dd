#include "core/cashu/nut09.hpp"

#include "core/cashu/message_json.hpp"
#include "core/cashu/nut03.hpp"
#include "core/cashu/proof_json.hpp"

namespace flash::cashu {

RestoreRequest restore_request_from_json(const nlohmann::json& value) {
    const MessageReader reader(value, "restore request");
    return RestoreRequest{reader.list("outputs", max_request_items, blinded_message_from_json)};
}

nlohmann::ordered_json to_json(const RestoreRequest& request) {
    nlohmann::ordered_json out;
    out["outputs"] = json_list<BlindedMessage>(request.outputs, blinded_message_to_json);
    return out;
}

RestoreResponse restore_response_from_json(const nlohmann::json& value) {
    const MessageReader reader(value, "restore response");
    RestoreResponse response;
    response.outputs = reader.list("outputs", max_request_items, blinded_message_from_json);
    // Older nutshell mints name the signatures "promises".
    const char* signatures = reader.optional("signatures") == nullptr && reader.optional("promises") != nullptr
                                 ? "promises"
                                 : "signatures";
    response.signatures = reader.list(signatures, max_request_items, blind_signature_from_json);
    if (response.signatures.size() != response.outputs.size())
        reader.fail("\"outputs\" and \"signatures\" have different lengths");
    return response;
}

nlohmann::ordered_json to_json(const RestoreResponse& response) {
    nlohmann::ordered_json out;
    out["outputs"] = json_list<BlindedMessage>(response.outputs, blinded_message_to_json);
    out["signatures"] = json_list<BlindSignature>(response.signatures, blind_signature_to_json);
    return out;
}

}  // namespace flash::cashu
