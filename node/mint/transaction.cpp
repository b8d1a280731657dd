#include "node/mint/transaction.hpp"

#include <set>

#include "core/cashu/mint_error.hpp"
#include "core/cashu/nut00.hpp"
#include "core/cashu/nut02.hpp"
#include "core/cashu/nut03.hpp"
#include "core/cashu/nut10_verify.hpp"
#include "core/cashu/nut12.hpp"
#include "core/error.hpp"

namespace flash::node::mint {

using cashu::MintErrc;
using cashu::MintError;

cashu::Amount checked_add(cashu::Amount a, cashu::Amount b) {
    if (a + b < a) throw MintError(MintErrc::amount_out_of_limit, "amounts overflow");
    return a + b;
}

namespace {

const Keyset& keyset_of(const Keyring& keyring, const cashu::KeysetId& id) {
    const Keyset* keyset = keyring.find(id);
    if (!keyset) throw MintError(MintErrc::keyset_unknown, "unknown keyset " + cashu::format_keyset_id(id));
    return *keyset;
}

void check_count(std::size_t count, MintErrc too_many, const char* what) {
    if (count > cashu::max_request_items) throw MintError(too_many, std::string("too many ") + what);
}

}  // namespace

VerifiedInputs verify_inputs(const Keyring& keyring, std::span<const cashu::Proof> inputs,
                             std::span<const cashu::BlindedMessage> outputs, std::string_view melt_quote,
                             std::uint64_t now_s) {
    if (inputs.empty()) throw MintError(MintErrc::bad_request, "no inputs");
    check_count(inputs.size(), MintErrc::max_inputs_exceeded, "inputs");
    VerifiedInputs verified;
    std::set<crypto::PublicKey> seen;
    std::vector<std::uint64_t> fees;
    const std::string* unit = nullptr;
    for (const cashu::Proof& proof : inputs) {
        const Keyset& keyset = keyset_of(keyring, proof.id);
        if (unit && *unit != keyset.record.unit) throw MintError(MintErrc::unit_mismatch, "inputs of several units");
        unit = &keyset.record.unit;
        const auto key = keyset.private_keys.find(proof.amount);
        if (key == keyset.private_keys.end()) {
            throw MintError(MintErrc::proof_verification_failed, "no key for amount " + std::to_string(proof.amount));
        }
        const crypto::PublicKey Y = cashu::hash_to_curve(as_bytes(proof.secret));
        if (!seen.insert(Y).second) throw MintError(MintErrc::duplicate_inputs, "duplicate inputs");
        if (crypto::point_mul(Y, key->second.view()) != proof.C) {
            throw MintError(MintErrc::proof_verification_failed, "invalid proof signature");
        }
        verified.total = checked_add(verified.total, proof.amount);
        fees.push_back(keyset.record.input_fee_ppk);
        verified.proofs.push_back({Y, proof.amount, keyset.record.id, proof.secret, proof.witness});
    }
    bool conditions_met = false;
    try {
        conditions_met = cashu::verify_spending_conditions(inputs, outputs, melt_quote, now_s);
    } catch (const Error& e) {
        throw MintError(MintErrc::proof_verification_failed, e.what());
    }
    if (!conditions_met) throw MintError(MintErrc::proof_verification_failed, "spending conditions not met");
    verified.fee = cashu::input_fee(fees);
    return verified;
}

cashu::Amount check_outputs(const Keyring& keyring, std::span<const cashu::BlindedMessage> outputs, Outputs kind) {
    if (outputs.empty() && kind == Outputs::with_amounts) throw MintError(MintErrc::bad_request, "no outputs");
    check_count(outputs.size(), MintErrc::max_outputs_exceeded, "outputs");
    std::set<crypto::PublicKey> seen;
    cashu::Amount total = 0;
    for (const cashu::BlindedMessage& output : outputs) {
        const Keyset& keyset = keyset_of(keyring, output.id);
        if (!keyset.record.active) throw MintError(MintErrc::keyset_inactive, "outputs for an inactive keyset");
        if (keyset.record.unit != keyring.active().record.unit) throw MintError(MintErrc::unit_mismatch, "unit");
        if (!seen.insert(output.B_).second) throw MintError(MintErrc::duplicate_outputs, "duplicate outputs");
        if (kind == Outputs::blank) continue;
        if (!keyset.private_keys.contains(output.amount)) {
            throw MintError(MintErrc::amount_out_of_limit, "no key for amount " + std::to_string(output.amount));
        }
        total = checked_add(total, output.amount);
    }
    return total;
}

std::vector<IssuedSignature> sign_outputs(const Keyring& keyring, std::span<const cashu::BlindedMessage> outputs,
                                          std::span<const cashu::Amount> amounts) {
    std::vector<IssuedSignature> signed_outputs;
    signed_outputs.reserve(outputs.size());
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        const Keyset& keyset = keyset_of(keyring, outputs[i].id);
        const crypto::SecretKey& key = keyset.private_keys.at(amounts[i]);
        try {
            const crypto::PublicKey C_ = cashu::sign_blinded(key, outputs[i].B_);
            cashu::BlindSignature signature{amounts[i], keyset.record.id, C_, cashu::prove(key, outputs[i].B_, C_)};
            signed_outputs.push_back({outputs[i].B_, std::move(signature)});
        } catch (const Error&) {
            throw MintError(MintErrc::proof_verification_failed, "an output is not a curve point");
        }
    }
    return signed_outputs;
}

std::vector<cashu::Amount> amounts_of(std::span<const cashu::BlindedMessage> outputs) {
    std::vector<cashu::Amount> amounts;
    amounts.reserve(outputs.size());
    for (const cashu::BlindedMessage& output : outputs) amounts.push_back(output.amount);
    return amounts;
}

}  // namespace flash::node::mint
