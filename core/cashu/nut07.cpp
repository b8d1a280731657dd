#include "core/cashu/nut07.hpp"

#include "core/cashu/message_json.hpp"
#include "core/cashu/nut03.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"

namespace flash::cashu {

std::string_view to_string(ProofState state) noexcept {
    switch (state) {
        case ProofState::unspent: return "UNSPENT";
        case ProofState::pending: return "PENDING";
        case ProofState::spent: return "SPENT";
    }
    return "UNSPENT";
}

ProofState parse_proof_state(std::string_view text) {
    if (text == "UNSPENT") return ProofState::unspent;
    if (text == "PENDING") return ProofState::pending;
    if (text == "SPENT") return ProofState::spent;
    throw Error(Errc::bad_message, "unknown proof state \"" + std::string(text) + "\"");
}

CheckStateRequest check_state_request_from_json(const nlohmann::json& value) {
    const MessageReader reader(value, "checkstate request");
    CheckStateRequest request;
    for (const nlohmann::json& Y : reader.array("Ys", max_request_items))
        request.Ys.push_back(public_key_from_json(Y, "checkstate request: an element of \"Ys\""));
    return request;
}

nlohmann::ordered_json to_json(const CheckStateRequest& request) {
    nlohmann::ordered_json out;
    out["Ys"] = json_list<crypto::PublicKey>(request.Ys, [](const crypto::PublicKey& Y) { return codec::hex_encode(Y); });
    return out;
}

ProofStateEntry proof_state_from_json(const nlohmann::json& value) {
    const MessageReader reader(value, "proof state");
    ProofStateEntry entry;
    entry.Y = reader.public_key("Y");
    entry.state = parse_proof_state(reader.string("state"));
    entry.witness = reader.optional_string("witness");
    return entry;
}

nlohmann::ordered_json to_json(const ProofStateEntry& entry) {
    nlohmann::ordered_json out;
    out["Y"] = codec::hex_encode(entry.Y);
    out["state"] = to_string(entry.state);
    if (entry.witness) out["witness"] = *entry.witness;
    return out;
}

CheckStateResponse check_state_response_from_json(const nlohmann::json& value) {
    const MessageReader reader(value, "checkstate response");
    return CheckStateResponse{reader.list("states", max_request_items, proof_state_from_json)};
}

nlohmann::ordered_json to_json(const CheckStateResponse& response) {
    nlohmann::ordered_json out;
    out["states"] = json_list<ProofStateEntry>(response.states, [](const ProofStateEntry& e) { return to_json(e); });
    return out;
}

}  // namespace flash::cashu
