#include "core/wallet/wallet_steps.hpp"

#include <algorithm>
#include <cctype>

#include "core/cashu/nut00.hpp"
#include "core/cashu/nut10.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/random.hpp"
#include "core/wallet/proof_selection.hpp"

namespace flash::wallet::steps {

using nlohmann::json;

std::string new_operation_id() { return codec::hex_encode(crypto::random_array<16>()); }

std::string normal_url(std::string_view url) {
    while (url.ends_with('/')) url.remove_suffix(1);
    if (url.empty()) throw Error(Errc::bad_argument, "empty mint URL");
    return std::string(url);
}

HttpRequest get(std::string_view mint, std::string_view path) { return {"GET", std::string(mint) + std::string(path), ""}; }
HttpRequest post(std::string_view mint, std::string_view path, const nlohmann::ordered_json& body) {
    return {"POST", std::string(mint) + std::string(path), body.dump()};
}

json request_json(const HttpRequest& request) {
    return {{"method", request.method}, {"url", request.url}, {"body", request.body}};
}
HttpRequest request_from(const json& value) {
    return {value.at("method").get<std::string>(), value.at("url").get<std::string>(), value.at("body").get<std::string>()};
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

crypto::PublicKey y_of(const cashu::Proof& proof) { return cashu::hash_to_curve(as_bytes(proof.secret)); }

cashu::Proof for_mint(cashu::Proof proof) {
    proof.dleq.reset();
    return proof;
}

cashu::Amount sum_of(const std::vector<cashu::Proof>& proofs) {
    cashu::Amount total = 0;
    for (const auto& p : proofs) total = add_amounts(total, p.amount);
    return total;
}

json failure_json(const Failure& failure) {
    static constexpr const char* kinds[] = {"refused", "bad-answer", "no-answer"};
    return {{"kind", kinds[static_cast<int>(failure.kind)]}, {"code", failure.code}, {"detail", failure.detail}};
}

std::string p2pk_secret(const crypto::PublicKey& lock_to, std::optional<std::uint64_t> locktime,
                        const std::vector<crypto::PublicKey>& refund) {
    cashu::WellKnownSecret secret;
    secret.kind = "P2PK";
    secret.nonce = codec::hex_encode(crypto::random_array<32>());
    secret.data = codec::hex_encode(lock_to);
    if (locktime) {
        secret.tags.push_back({"locktime", std::to_string(*locktime)});
        if (!refund.empty()) {
            std::vector<std::string> tag{"refund"};
            for (const auto& key : refund) tag.push_back(codec::hex_encode(key));
            secret.tags.push_back(std::move(tag));
        }
    }
    return cashu::serialize_well_known_secret(secret);
}

OperationRecord quote_operation(WalletStore& store, std::string_view quote, std::string_view kind) {
    auto op = store.operation_by_quote(quote);
    if (!op || op->kind != kind) throw Error(Errc::bad_argument, "unknown " + std::string(kind) + " quote " + std::string(quote));
    return std::move(*op);
}

}  // namespace flash::wallet::steps
