#include "core/wallet/outputs.hpp"

#include "core/cashu/nut00.hpp"
#include "core/cashu/nut12.hpp"
#include "core/cashu/nut13.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"

namespace flash::wallet {

nlohmann::json to_json(const OutputSpec& spec) {
    nlohmann::json out = {{"amount", spec.amount}, {"id", codec::hex_encode(spec.keyset)}};
    if (spec.counter) {
        out["counter"] = *spec.counter;
    } else {
        out["secret"] = spec.secret;
        out["r"] = codec::hex_encode(spec.r.value().view());
    }
    if (spec.send) out["send"] = true;
    if (spec.offline) out["offline"] = true;
    return out;
}

OutputSpec output_spec_from_json(const nlohmann::json& value) {
    try {
        OutputSpec spec;
        spec.amount = value.at("amount").get<cashu::Amount>();
        spec.keyset = codec::hex_decode(value.at("id").get<std::string>());
        if (value.contains("counter")) {
            spec.counter = value.at("counter").get<std::uint64_t>();
        } else {
            spec.secret = value.at("secret").get<std::string>();
            spec.r = crypto::secret_key_from(codec::hex_decode(value.at("r").get<std::string>()));
        }
        spec.send = value.value("send", false);
        spec.offline = value.value("offline", false);
        return spec;
    } catch (const nlohmann::json::exception& e) {
        throw Error(Errc::storage, std::string("stored output: ") + e.what());
    }
}

BlindedOutput blind_output(const OutputSpec& spec, ByteView seed) {
    BlindedOutput output;
    if (spec.counter) {
        cashu::DeterministicSecret derived = cashu::nut13_derive(seed, spec.keyset, *spec.counter);
        output.secret = std::move(derived.secret);
        output.r = derived.r;
    } else {
        output.secret = spec.secret;
        output.r = spec.r.value();
    }
    output.message.amount = spec.amount;
    output.message.id = spec.keyset;
    output.message.B_ = cashu::blind(as_bytes(output.secret), output.r);
    return output;
}

cashu::Proof unblind_output(const BlindedOutput& output, const cashu::BlindSignature& signature,
                            const cashu::Keys& keys, bool amount_from_signature) {
    const auto fail = [](const std::string& detail) { throw Error(Errc::bad_message, "blind signature: " + detail); };
    if (signature.id != output.message.id) fail("signed with another keyset");
    if (!amount_from_signature && signature.amount != output.message.amount) fail("amount differs from the output's");
    const auto key = keys.find(signature.amount);
    if (key == keys.end()) fail("the keyset has no key for amount " + std::to_string(signature.amount));
    if (!signature.dleq) fail("no DLEQ proof");
    if (!cashu::verify_blind_signature_dleq(key->second, output.message.B_, signature.C_, *signature.dleq))
        fail("DLEQ proof does not verify");
    cashu::Proof proof;
    proof.amount = signature.amount;
    proof.id = output.message.id;
    proof.secret = output.secret;
    proof.C = cashu::unblind(signature.C_, output.r, key->second);
    proof.dleq = cashu::Dleq{signature.dleq->e, signature.dleq->s, output.r.array()};
    return proof;
}

}  // namespace flash::wallet
