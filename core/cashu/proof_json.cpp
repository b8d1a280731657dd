#include "core/cashu/proof_json.hpp"

#include <algorithm>
#include <string>

#include "core/codec/hex.hpp"
#include "core/codec/utf8.hpp"
#include "core/error.hpp"
#include "core/nostr/json_fields.hpp"

namespace flash::cashu {
namespace {

[[noreturn]] void fail(const std::string& detail) { throw Error(Errc::bad_token, "NUT-00 JSON: " + detail); }

const nlohmann::json& member(const nlohmann::json& object, const char* name) {
    const auto it = object.find(name);
    if (it == object.end()) fail(std::string("missing \"") + name + "\"");
    return *it;
}

const std::string& utf8_string(const nlohmann::json& value, const char* name) {
    if (!value.is_string()) fail(std::string("\"") + name + "\" is not a string");
    const auto& text = value.get_ref<const std::string&>();
    if (!codec::is_utf8(text)) fail(std::string("\"") + name + "\" is not UTF-8");
    return text;
}

Bytes hex_string(const nlohmann::json& value, const char* name) {
    if (!value.is_string()) fail(std::string("\"") + name + "\" is not a string");
    try {
        return codec::hex_decode(value.get_ref<const std::string&>());
    } catch (const Error&) {
        fail(std::string("\"") + name + "\" is not hex");
    }
}

template <std::size_t N>
ByteArray<N> hex_array(const nlohmann::json& value, const char* name) {
    const Bytes bytes = hex_string(value, name);
    if (bytes.size() != N) fail(std::string("\"") + name + "\" is not " + std::to_string(N) + " bytes");
    ByteArray<N> out{};
    std::copy(bytes.begin(), bytes.end(), out.begin());
    return out;
}

Dleq dleq_from_json(const nlohmann::json& value) {
    if (!value.is_object()) fail("\"dleq\" is not an object");
    Dleq dleq;
    dleq.e = hex_array<32>(member(value, "e"), "e");
    dleq.s = hex_array<32>(member(value, "s"), "s");
    if (const auto r = value.find("r"); r != value.end()) dleq.r = hex_array<32>(*r, "r");
    return dleq;
}

nlohmann::ordered_json dleq_to_json(const Dleq& dleq) {
    nlohmann::ordered_json out;
    out["e"] = codec::hex_encode(dleq.e);
    out["s"] = codec::hex_encode(dleq.s);
    if (dleq.r) out["r"] = codec::hex_encode(*dleq.r);
    return out;
}

Amount amount_member(const nlohmann::json& object) {
    const auto amount = nostr::json_uint(member(object, "amount"), UINT64_MAX);
    if (!amount) fail("\"amount\" is not an unsigned 64-bit integer");
    return *amount;
}

KeysetId keyset_id_member(const nlohmann::json& object) {
    KeysetId id = hex_string(member(object, "id"), "id");
    if (id.size() != 8 && id.size() != 33) fail("\"id\" is not 8 or 33 bytes");
    return id;
}

}  // namespace

nlohmann::ordered_json proof_to_json(const Proof& proof) {
    if (!codec::is_utf8(proof.secret)) fail("secret is not UTF-8");
    if (proof.witness && !codec::is_utf8(*proof.witness)) fail("witness is not UTF-8");
    nlohmann::ordered_json out;
    out["amount"] = proof.amount;
    out["id"] = codec::hex_encode(proof.id);
    out["secret"] = proof.secret;
    out["C"] = codec::hex_encode(proof.C);
    if (proof.witness) out["witness"] = *proof.witness;
    if (proof.dleq) out["dleq"] = dleq_to_json(*proof.dleq);
    return out;
}

Proof proof_from_json(const nlohmann::json& value) {
    if (!value.is_object()) fail("not an object");
    Proof proof;
    proof.amount = amount_member(value);
    proof.id = keyset_id_member(value);
    proof.secret = utf8_string(member(value, "secret"), "secret");
    proof.C = hex_array<33>(member(value, "C"), "C");
    if (const auto w = value.find("witness"); w != value.end() && !w->is_null())
        proof.witness = utf8_string(*w, "witness");
    if (const auto d = value.find("dleq"); d != value.end() && !d->is_null())
        proof.dleq = dleq_from_json(*d);
    return proof;
}

BlindedMessage blinded_message_from_json(const nlohmann::json& value) {
    if (!value.is_object()) fail("a blinded message is not an object");
    BlindedMessage message;
    message.amount = amount_member(value);
    message.id = keyset_id_member(value);
    message.B_ = hex_array<33>(member(value, "B_"), "B_");
    return message;
}

nlohmann::ordered_json blinded_message_to_json(const BlindedMessage& message) {
    nlohmann::ordered_json out;
    out["amount"] = message.amount;
    out["id"] = codec::hex_encode(message.id);
    out["B_"] = codec::hex_encode(message.B_);
    return out;
}

nlohmann::ordered_json blind_signature_to_json(const BlindSignature& signature) {
    nlohmann::ordered_json out;
    out["amount"] = signature.amount;
    out["id"] = codec::hex_encode(signature.id);
    out["C_"] = codec::hex_encode(signature.C_);
    if (signature.dleq) {
        Dleq dleq = *signature.dleq;
        dleq.r.reset();
        out["dleq"] = dleq_to_json(dleq);
    }
    return out;
}

BlindSignature blind_signature_from_json(const nlohmann::json& value) {
    if (!value.is_object()) fail("a blind signature is not an object");
    BlindSignature signature;
    signature.amount = amount_member(value);
    signature.id = keyset_id_member(value);
    signature.C_ = hex_array<33>(member(value, "C_"), "C_");
    if (const auto d = value.find("dleq"); d != value.end() && !d->is_null()) signature.dleq = dleq_from_json(*d);
    return signature;
}

}  // namespace flash::cashu
