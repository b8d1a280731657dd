#include "core/cashu/nut11.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/error.hpp"
#include "core/nostr/json_text.hpp"

namespace flash::cashu {
namespace {

/// Longest witness text accepted for parsing.
constexpr std::size_t max_witness = 64 * 1024;

[[noreturn]] void malformed(const std::string& what) {
    throw Error(Errc::bad_spending_condition, "NUT-11: " + what);
}

crypto::PublicKey parse_key(const std::string& hex) {
    try {
        if (hex.size() != 66) malformed("keys must be 33 bytes of hex");
        return crypto::parse_public_key(codec::hex_decode(hex));
    } catch (const Error& e) {
        if (e.code() == Errc::bad_spending_condition) throw;
        malformed(std::string("bad key: ") + e.what());
    }
}

std::uint64_t parse_number(const std::string& text, const char* tag) {
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
        malformed(std::string(tag) + " must be a decimal integer");
    return value;
}

/// The single value of a tag that must have exactly one.
const std::string& single_value(const std::vector<std::string>& tag) {
    if (tag.size() != 2) malformed("tag \"" + tag.front() + "\" needs exactly one value");
    return tag[1];
}

/// How many keys of `keys` have a valid signature among `signatures` over `digest`.
std::uint64_t count_signers(const std::vector<crypto::PublicKey>& keys,
                            const std::vector<crypto::Signature64>& signatures, const crypto::Hash256& digest) {
    std::vector<crypto::XOnlyKey> signers;
    for (const crypto::PublicKey& key : keys) {
        const crypto::XOnlyKey xonly = crypto::xonly_from_public_key(key).key;
        if (std::find(signers.begin(), signers.end(), xonly) != signers.end()) continue;
        for (const crypto::Signature64& signature : signatures) {
            if (crypto::schnorr_verify(xonly, digest, signature)) {
                signers.push_back(xonly);
                break;
            }
        }
    }
    return signers.size();
}

crypto::Hash256 sha256_of(std::string_view text) {
    return crypto::sha256(ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

/// The spending rule shared by SIG_INPUTS and SIG_ALL: n_sigs of the lock keys signed `digest`;
/// after the locktime, n_sigs_refund of the refund keys, or nobody when there are none.
bool signatures_meet(const P2pkConditions& conditions, const std::optional<std::string>& witness,
                     const crypto::Hash256& digest, std::uint64_t now_s) {
    const bool expired = conditions.locktime && now_s >= *conditions.locktime;
    if (expired && conditions.refund.empty()) return true;
    if (!witness) return false;
    const std::vector<crypto::Signature64> signatures = parse_p2pk_witness(*witness);
    if (count_signers(conditions.pubkeys, signatures, digest) >= conditions.n_sigs) return true;
    return expired && count_signers(conditions.refund, signatures, digest) >= conditions.n_sigs_refund;
}

}  // namespace

P2pkConditions p2pk_conditions(const WellKnownSecret& secret) {
    if (secret.kind != "P2PK") malformed("kind is \"" + secret.kind + "\", not \"P2PK\"");
    P2pkConditions out;
    out.pubkeys.push_back(parse_key(secret.data));
    std::vector<std::string> seen;
    for (const std::vector<std::string>& tag : secret.tags) {
        const std::string& key = tag.front();
        if (key != "sigflag" && key != "n_sigs" && key != "pubkeys" && key != "locktime" && key != "refund" &&
            key != "n_sigs_refund")
            continue;
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) malformed("tag \"" + key + "\" appears twice");
        seen.push_back(key);
        if (key == "sigflag") {
            const std::string& flag = single_value(tag);
            if (flag == "SIG_INPUTS") out.sigflag = SigFlag::sig_inputs;
            else if (flag == "SIG_ALL") out.sigflag = SigFlag::sig_all;
            else malformed("unknown sigflag \"" + flag + "\"");
        } else if (key == "n_sigs") {
            out.n_sigs = parse_number(single_value(tag), "n_sigs");
            if (out.n_sigs == 0) malformed("n_sigs must be at least 1");
        } else if (key == "n_sigs_refund") {
            out.n_sigs_refund = parse_number(single_value(tag), "n_sigs_refund");
            if (out.n_sigs_refund == 0) malformed("n_sigs_refund must be at least 1");
        } else if (key == "locktime") {
            out.locktime = parse_number(single_value(tag), "locktime");
        } else {
            std::vector<crypto::PublicKey>& keys = key == "pubkeys" ? out.pubkeys : out.refund;
            for (std::size_t i = 1; i < tag.size(); ++i) keys.push_back(parse_key(tag[i]));
        }
    }
    return out;
}

std::vector<crypto::Signature64> parse_p2pk_witness(std::string_view witness) {
    nlohmann::json root;
    try {
        root = nostr::parse_json_text(witness, max_witness, 4);
    } catch (const Error& e) {
        malformed(std::string("witness: ") + e.what());
    }
    if (!root.is_object() || root.size() != 1 || !root.contains("signatures") || !root["signatures"].is_array())
        malformed("witness must be {\"signatures\": [...]}");
    std::vector<crypto::Signature64> out;
    for (const nlohmann::json& value : root["signatures"]) {
        if (!value.is_string() || value.get_ref<const std::string&>().size() != 128)
            malformed("signatures must be 64 bytes of hex");
        try {
            out.push_back(codec::hex_decode_array<64>(value.get<std::string>()));
        } catch (const Error&) {
            malformed("signatures must be 64 bytes of hex");
        }
    }
    return out;
}

std::string serialize_p2pk_witness(const std::vector<crypto::Signature64>& signatures) {
    nlohmann::json list = nlohmann::json::array();
    for (const crypto::Signature64& signature : signatures) list.push_back(codec::hex_encode(signature));
    return nlohmann::json{{"signatures", std::move(list)}}.dump();
}

bool verify_p2pk(const Proof& proof, std::uint64_t now_s) {
    const P2pkConditions conditions = p2pk_conditions(parse_well_known_secret(proof.secret));
    if (conditions.sigflag == SigFlag::sig_all) return false;
    return signatures_meet(conditions, proof.witness, sha256_of(proof.secret), now_s);
}

bool verify_sig_all(std::span<const Proof> inputs, std::span<const BlindedMessage> outputs,
                    std::string_view melt_quote, std::uint64_t now_s) {
    if (inputs.empty() || !is_well_known_secret(inputs.front().secret)) return false;
    const WellKnownSecret first = parse_well_known_secret(inputs.front().secret);
    if (first.kind != "P2PK") return false;
    const P2pkConditions conditions = p2pk_conditions(first);
    if (conditions.sigflag != SigFlag::sig_all) return false;
    for (const Proof& input : inputs.subspan(1)) {
        if (!is_well_known_secret(input.secret)) return false;
        const WellKnownSecret secret = parse_well_known_secret(input.secret);
        if (secret.kind != first.kind || secret.data != first.data || secret.tags != first.tags) return false;
    }
    return signatures_meet(conditions, inputs.front().witness, sha256_of(sig_all_message(inputs, outputs, melt_quote)),
                           now_s);
}

Proof sign_p2pk(const Proof& proof, const crypto::SecretKey& key, ByteView aux32) {
    require_size(aux32, 32, "NUT-11 auxiliary randomness");
    std::vector<crypto::Signature64> signatures;
    if (proof.witness) signatures = parse_p2pk_witness(*proof.witness);
    signatures.push_back(crypto::schnorr_sign(key, sha256_of(proof.secret), aux32));
    Proof out = proof;
    out.witness = serialize_p2pk_witness(signatures);
    return out;
}

std::string sig_all_message(std::span<const Proof> inputs, std::span<const BlindedMessage> outputs,
                            std::string_view melt_quote) {
    std::string message;
    for (const Proof& input : inputs) message += input.secret + codec::hex_encode(input.C);
    for (const BlindedMessage& output : outputs) message += std::to_string(output.amount) + codec::hex_encode(output.B_);
    message += melt_quote;
    return message;
}

}  // namespace flash::cashu
