#include "fake_mint.hpp"

#include <nlohmann/json.hpp>

#include "core/cashu/nut00.hpp"
#include "core/cashu/nut02.hpp"
#include "core/cashu/nut03.hpp"
#include "core/cashu/nut04.hpp"
#include "core/cashu/nut05.hpp"
#include "core/cashu/nut07.hpp"
#include "core/cashu/nut08.hpp"
#include "core/cashu/nut09.hpp"
#include "core/cashu/nut10.hpp"
#include "core/cashu/nut11.hpp"
#include "core/cashu/nut12.hpp"
#include "core/cashu/nut20.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/error.hpp"

namespace flash::test {
namespace {

using cashu::MintErrc;
using cashu::MintError;
using nlohmann::json;

constexpr int max_power = 20;  // amounts 1 .. 2^20

HttpAnswer ok(const nlohmann::ordered_json& body) { return {200, body.dump()}; }

std::string y_hex(const cashu::Proof& proof) { return codec::hex_encode(cashu::hash_to_curve(as_bytes(proof.secret))); }

}  // namespace

FakeMint::FakeMint(std::string url, std::uint64_t input_fee_ppk, bool v1_ids)
    : url_(std::move(url)), fee_ppk_(input_fee_ppk), v1_ids_(v1_ids) {
    rotate_keyset();
}

void FakeMint::rotate_keyset() {
    for (auto& k : keysets_) k.active = false;
    Keyset keyset;
    for (int power = 0; power <= max_power; ++power) {
        const cashu::Amount amount = cashu::Amount{1} << power;
        const std::string label = url_ + "/" + std::to_string(keysets_.size()) + "/" + std::to_string(amount);
        const crypto::SecretKey k = crypto::secret_key_from(crypto::sha256(as_bytes(label)));
        keyset.secrets.emplace(amount, k);
        keyset.keys.emplace(amount, crypto::public_key(k));
    }
    keyset.id = v1_ids_ ? cashu::keyset_id_v1(keyset.keys) : cashu::keyset_id_v2(keyset.keys, "sat", fee_ppk_, std::nullopt);
    keysets_.push_back(std::move(keyset));
}

const FakeMint::Keyset* FakeMint::keyset(const cashu::KeysetId& id) const {
    for (const auto& k : keysets_)
        if (k.id == id) return &k;
    return nullptr;
}

cashu::BlindSignature FakeMint::sign(const cashu::BlindedMessage& output, std::optional<cashu::Amount> amount) {
    const Keyset* k = keyset(output.id);
    if (!k) throw MintError(MintErrc::keyset_unknown, "unknown keyset");
    if (!k->active) throw MintError(MintErrc::keyset_inactive, "inactive keyset");
    const cashu::Amount value = amount.value_or(output.amount);
    const auto secret = k->secrets.find(value);
    if (secret == k->secrets.end()) throw MintError(MintErrc::bad_request, "no key for amount");
    cashu::BlindSignature signature{value, output.id, cashu::sign_blinded(secret->second, output.B_), std::nullopt};
    if (dleq != DleqMode::missing) {
        signature.dleq = cashu::prove(secret->second, output.B_, signature.C_);
        if (dleq == DleqMode::corrupt) signature.dleq->s[31] ^= 1;
    }
    signed_[codec::hex_encode(output.B_)] = signature;
    return signature;
}

std::vector<cashu::BlindSignature> FakeMint::sign_all(const std::vector<cashu::BlindedMessage>& outputs, cashu::Amount expected) {
    cashu::Amount total = 0;
    std::set<std::string> seen;
    for (const auto& output : outputs) {
        total += output.amount;
        if (signed_.contains(codec::hex_encode(output.B_))) throw MintError(MintErrc::outputs_already_signed, "outputs already signed");
        if (!seen.insert(codec::hex_encode(output.B_)).second) throw MintError(MintErrc::duplicate_outputs, "duplicate outputs");
    }
    if (total != expected) throw MintError(MintErrc::transaction_unbalanced, "inputs and outputs differ");
    std::vector<cashu::BlindSignature> signatures;
    for (const auto& output : outputs) signatures.push_back(sign(output));
    return signatures;
}

cashu::Amount FakeMint::check_inputs(const std::vector<cashu::Proof>& inputs) {
    cashu::Amount total = 0;
    std::vector<std::uint64_t> fees;
    std::set<std::string> seen;
    for (const auto& proof : inputs) {
        const Keyset* k = keyset(proof.id);
        if (!k) throw MintError(MintErrc::keyset_unknown, "unknown keyset");
        const auto secret = k->secrets.find(proof.amount);
        if (secret == k->secrets.end() || !cashu::verify_proof_signature(secret->second, as_bytes(proof.secret), proof.C))
            throw MintError(MintErrc::proof_verification_failed, "bad proof");
        if (cashu::is_well_known_secret(proof.secret) && !cashu::verify_p2pk(proof, now))
            throw MintError(MintErrc::witness_invalid, "P2PK witness missing or invalid");
        if (spent_.contains(y_hex(proof))) throw MintError(MintErrc::proof_already_spent, "already spent");
        if (!seen.insert(y_hex(proof)).second) throw MintError(MintErrc::duplicate_inputs, "duplicate inputs");
        if (proof.dleq) throw MintError(MintErrc::bad_request, "the wallet leaked a DLEQ (r) to the mint");
        total += proof.amount;
        fees.push_back(fee_ppk_);
    }
    return total - cashu::input_fee(fees);
}

void FakeMint::spend(const std::vector<cashu::Proof>& inputs) {
    for (const auto& proof : inputs) spent_.insert(y_hex(proof));
}

std::string FakeMint::add_paid_quote(cashu::Amount amount, std::optional<crypto::PublicKey> pubkey) {
    const std::string id = "mq" + std::to_string(next_quote_++);
    mint_quotes_[id] = {amount, "PAID", {}, pubkey};
    return id;
}

HttpAnswer FakeMint::handle(const wallet::HttpRequest& request) {
    ++calls[request.method + " " + request.url.substr(url_.size())];
    try {
        return route(request);
    } catch (const MintError& e) {
        return {400, cashu::to_json(e).dump()};
    }
}

HttpAnswer FakeMint::route(const wallet::HttpRequest& request) {
    if (request.url.compare(0, url_.size(), url_) != 0) return {404, "{}"};
    const std::string path = request.url.substr(url_.size());
    const json body = request.body.empty() ? json() : json::parse(request.body);
    const auto refusing = [&] {
        if (!refuse_next) return;
        const MintErrc code = *refuse_next;
        refuse_next.reset();
        throw MintError(code, "refused by the test");
    };

    if (request.method == "GET" && path == "/v1/info") return ok({{"name", "fake"}, {"nuts", json::object()}});
    if (request.method == "GET" && path == "/v1/keysets") {
        nlohmann::ordered_json list = json::array();
        for (const auto& k : keysets_)
            list.push_back({{"id", codec::hex_encode(k.id)}, {"unit", "sat"}, {"active", k.active}, {"input_fee_ppk", fee_ppk_}});
        return ok({{"keysets", list}});
    }
    if (request.method == "GET" && path.starts_with("/v1/keys/")) {
        const Keyset* k = keyset(codec::hex_decode(path.substr(9)));
        if (!k) throw MintError(MintErrc::keyset_unknown, "unknown keyset");
        return ok({{"keysets", {{{"id", codec::hex_encode(k->id)}, {"unit", "sat"}, {"active", k->active},
                                 {"input_fee_ppk", fee_ppk_}, {"keys", cashu::keys_to_json(k->keys)}}}}});
    }
    if (request.method == "POST" && path == "/v1/mint/quote/bolt11") {
        const auto ask = cashu::mint_quote_request_from_json(body);
        const std::string id = "mq" + std::to_string(next_quote_++);
        mint_quotes_[id] = {ask.amount, pay_quotes ? "PAID" : "UNPAID", {}, std::nullopt};
        cashu::MintQuote quote;
        quote.quote = id;
        quote.request = invoice(ask.amount);
        quote.amount = ask.amount;
        quote.unit = ask.unit;
        quote.state = pay_quotes ? cashu::MintQuoteState::paid : cashu::MintQuoteState::unpaid;
        return ok(cashu::to_json(quote));
    }
    if (request.method == "GET" && path.starts_with("/v1/mint/quote/bolt11/")) {
        const std::string id = path.substr(22);
        auto& q = mint_quotes_.at(id);
        if (pay_quotes && q.state == "UNPAID") q.state = "PAID";
        cashu::MintQuote quote;
        quote.quote = id;
        quote.request = invoice(q.amount);
        quote.amount = q.amount;
        quote.unit = "sat";
        quote.state = cashu::parse_mint_quote_state(q.state);
        quote.pubkey = q.pubkey;
        return ok(cashu::to_json(quote));
    }
    if (request.method == "POST" && path == "/v1/mint/bolt11") {
        refusing();
        const auto mint = cashu::mint_request_from_json(body);
        auto& q = mint_quotes_.at(mint.quote);
        if (q.state == "UNPAID") throw MintError(MintErrc::quote_not_paid, "quote not paid");
        if (q.state == "ISSUED") throw MintError(MintErrc::tokens_already_issued, "already issued");
        if (q.pubkey && !(mint.signature && cashu::nut20_verify(mint.quote, mint.outputs, *q.pubkey, *mint.signature)))
            throw MintError(MintErrc::witness_invalid, "missing or invalid NUT-20 signature");
        cashu::SwapResponse response{sign_all(mint.outputs, q.amount)};
        q.state = "ISSUED";
        return ok(cashu::to_json(response));
    }
    if (request.method == "POST" && path == "/v1/swap") {
        const auto swap = cashu::swap_request_from_json(body);
        const cashu::Amount value = check_inputs(swap.inputs);
        refusing();
        cashu::SwapResponse response{sign_all(swap.outputs, value)};
        spend(swap.inputs);
        return ok(cashu::to_json(response));
    }
    if (request.method == "POST" && path == "/v1/melt/quote/bolt11") {
        const auto ask = cashu::melt_quote_request_from_json(body);
        const std::string id = "lq" + std::to_string(next_quote_++);
        const cashu::Amount amount = std::stoull(ask.request.substr(6));
        melt_quotes_[id] = {amount, "UNPAID", {}, std::nullopt};
        cashu::MeltQuote quote;
        quote.quote = id;
        quote.request = ask.request;
        quote.amount = amount;
        quote.unit = ask.unit;
        quote.fee_reserve = fee_reserve;
        return ok(cashu::to_json(quote));
    }
    if (path.starts_with("/v1/melt/quote/bolt11/") || (request.method == "POST" && path == "/v1/melt/bolt11")) {
        std::string id = request.method == "GET" ? path.substr(22) : body.at("quote").get<std::string>();
        auto& q = melt_quotes_.at(id);
        if (request.method == "POST") {
            refusing();
            const auto melt = cashu::melt_request_from_json(body);
            if (q.state == "PAID") throw MintError(MintErrc::invoice_already_paid, "already paid");
            const cashu::Amount value = check_inputs(melt.inputs);
            if (value < q.amount + fee_reserve) throw MintError(MintErrc::transaction_unbalanced, "not enough inputs");
            spend(melt.inputs);
            const auto amounts = cashu::change_amounts(value - q.amount - lightning_fee, melt.outputs.size());
            for (std::size_t i = 0; i < amounts.size(); ++i) q.change.push_back(sign(melt.outputs[i], amounts[i]));
            q.state = "PAID";
        }
        cashu::MeltQuote quote;
        quote.quote = id;
        quote.request = invoice(q.amount);
        quote.amount = q.amount;
        quote.unit = "sat";
        quote.fee_reserve = fee_reserve;
        quote.state = cashu::parse_melt_quote_state(q.state);
        if (q.state == "PAID") quote.payment_preimage = std::string(64, '0');
        if (request.method == "POST") quote.change = q.change;
        return ok(cashu::to_json(quote));
    }
    if (request.method == "POST" && path == "/v1/checkstate") {
        const auto check = cashu::check_state_request_from_json(body);
        cashu::CheckStateResponse response;
        for (const auto& Y : check.Ys)
            response.states.push_back({Y, spent_.contains(codec::hex_encode(Y)) ? cashu::ProofState::spent : cashu::ProofState::unspent, std::nullopt});
        return ok(cashu::to_json(response));
    }
    if (request.method == "POST" && path == "/v1/restore") {
        const auto restore = cashu::restore_request_from_json(body);
        cashu::RestoreResponse response;
        for (const auto& output : restore.outputs) {
            const auto it = signed_.find(codec::hex_encode(output.B_));
            if (it == signed_.end()) continue;
            cashu::BlindedMessage echoed = output;
            echoed.amount = it->second.amount;
            response.outputs.push_back(echoed);
            response.signatures.push_back(it->second);
        }
        return ok(cashu::to_json(response));
    }
    return {404, R"({"detail":"not found","code":10000})"};
}

}  // namespace flash::test
