// The sender's side of offline payments: proofs prepared while online (handy denominations,
// DLEQ kept, optionally pre-locked to a contact), handed over later without the network.
#include <map>
#include <tuple>

#include "core/cashu/nut03.hpp"
#include "core/cashu/nut10.hpp"
#include "core/cashu/nut11.hpp"
#include "core/cashu/token.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/random.hpp"
#include "core/error.hpp"
#include "core/wallet/cashu_wallet.hpp"
#include "core/wallet/outputs.hpp"
#include "core/wallet/wallet_steps.hpp"

namespace flash::wallet {

using namespace steps;
using nlohmann::json;

namespace {

/// The P2PK lock of a prepared proof's secret: the key (hex) and locktime; {"" , none} for a
/// plain secret. Prepared secrets are the wallet's own, so they parse.
std::pair<std::string, std::optional<std::uint64_t>> prepared_lock(const std::string& secret) {
    if (!cashu::is_well_known_secret(secret)) return {"", std::nullopt};
    const cashu::WellKnownSecret parsed = cashu::parse_well_known_secret(secret);
    return {parsed.data, cashu::p2pk_conditions(parsed).locktime};
}

}  // namespace

Step CashuWallet::begin_prepare_offline(std::string_view mint_url, cashu::Amount amount, const PrepareOfflineOptions& options) {
    const std::string mint = normal_url(mint_url);
    if (amount == 0) throw Error(Errc::bad_argument, "nothing to prepare");
    const std::vector<cashu::Amount> parts = offline_denominations(amount, options.denominations);
    store::Transaction tx(store_.database());
    const std::vector<StoredProof> spendable = store_.spendable(mint, options.unit);
    std::map<cashu::KeysetId, std::uint64_t> fee_ppk;
    for (const auto& keyset : store_.keysets(mint)) fee_ppk[keyset.id] = keyset.input_fee_ppk;
    std::vector<Candidate> candidates;
    for (const auto& stored : spendable) candidates.push_back({stored.proof.amount, fee_ppk[stored.proof.id]});
    const auto selection = select_covering(candidates, amount);
    if (!selection)
        throw Error(Errc::insufficient_funds, "insufficient funds at " + mint + " for " + std::to_string(amount) + " " + options.unit);

    OperationRecord op{new_operation_id(), mint, std::string(kind_prepare_offline), "pending", "", json::object(), 0};
    op.data = {{"unit", options.unit}, {"amount", amount}, {"fee", selection->fee}};
    if (options.lock_to) op.data["locked_to"] = codec::hex_encode(*options.lock_to);
    if (options.lock_to && options.locktime) op.data["locktime"] = *options.locktime;
    json inputs = json::array();
    std::vector<cashu::Proof> mint_inputs;
    for (const std::size_t i : selection->indices) {
        inputs.push_back(codec::hex_encode(y_of(spendable[i].proof)));
        mint_inputs.push_back(for_mint(spendable[i].proof));
    }
    op.data["inputs"] = std::move(inputs);
    set_inputs(op, ProofStatus::pending);

    const KeysetRecord keyset = active_keyset(mint, options.unit);
    json outputs = json::array();
    if (options.lock_to) {  // explicit secrets: the lock is in them, so they cannot come from the seed
        for (const cashu::Amount part : parts) {
            if (!keyset.keys.contains(part)) throw Error(Errc::bad_keyset, "the keyset has no key for amount " + std::to_string(part));
            outputs.push_back(to_json(OutputSpec{part, keyset.id, std::nullopt,
                                                 p2pk_secret(*options.lock_to, options.locktime, options.refund),
                                                 crypto::secret_key_from(crypto::random_array<32>()), false, true}));
        }
    } else {  // derived: a restore from the seed finds them again
        outputs = derived_outputs(keyset, parts, false);
        for (json& output : outputs) output["offline"] = true;
    }
    for (json& change : derived_outputs(keyset, split_amount(selection->total - selection->fee - amount), false))
        outputs.push_back(std::move(change));
    op.data["outputs"] = std::move(outputs);
    cashu::SwapRequest request{std::move(mint_inputs), blinded_messages(op)};
    Step step = await(op, "swap", post(mint, "/v1/swap", cashu::to_json(request)));
    tx.commit();
    return step;
}

Step CashuWallet::send_offline(std::string_view mint_url, cashu::Amount amount, const SendOfflineOptions& options) {
    const std::string mint = normal_url(mint_url);
    if (amount == 0) throw Error(Errc::bad_argument, "nothing to send");
    const std::string wanted_lock = options.to ? codec::hex_encode(*options.to) : "";
    store::Transaction tx(store_.database());
    std::vector<StoredProof> pool;
    cashu::Amount available = 0;
    for (auto& stored : store_.proofs(mint, options.unit, ProofStatus::unspent)) {
        if (!stored.offline || prepared_lock(stored.proof.secret).first != wanted_lock) continue;
        available = add_amounts(available, stored.proof.amount);
        pool.push_back(std::move(stored));
    }
    if (available < amount)
        throw Error(Errc::insufficient_funds, "only " + std::to_string(available) + " " + options.unit + " prepared for offline sending" +
                                                  (options.to ? " to this key" : ""));
    std::vector<Candidate> candidates;
    for (const auto& stored : pool) candidates.push_back({stored.proof.amount, 0});  // nobody swaps: no fee
    const auto selection = select_exact(candidates, amount, false);
    if (!selection)
        throw Error(Errc::bad_argument, "no combination of the prepared proofs makes exactly " + std::to_string(amount) + " " + options.unit);

    OperationRecord op{new_operation_id(), mint, std::string(kind_send), "done", "", json::object(), 0};
    op.data = {{"unit", options.unit}, {"amount", amount}, {"fee", cashu::Amount{0}}, {"offline", true}};
    if (options.to) op.data["locked_to"] = wanted_lock;
    json inputs = json::array();
    std::vector<cashu::Proof> sent;
    for (const std::size_t i : selection->indices) {
        inputs.push_back(codec::hex_encode(y_of(pool[i].proof)));
        sent.push_back(pool[i].proof);  // with its DLEQ and r: the receiver checks them offline
    }
    op.data["inputs"] = std::move(inputs);
    set_inputs(op, ProofStatus::pending);
    op.data["token"] = cashu::encode_token_v4(cashu::Token{mint, options.unit, options.memo, std::move(sent)});
    if (options.memo) op.data["memo"] = *options.memo;
    store_.put_operation(op);
    tx.commit();
    return {op.id, std::nullopt, {{"token", op.data["token"]}, {"amount", amount}, {"fee", cashu::Amount{0}}}, std::nullopt};
}

json CashuWallet::offline_proofs() {
    using Group = std::tuple<std::string, std::string, cashu::Amount, std::string, std::optional<std::uint64_t>>;
    std::map<Group, std::size_t> counts;
    for (const auto& stored : store_.proofs("", "", ProofStatus::unspent)) {
        if (!stored.offline) continue;
        const auto [lock, locktime] = prepared_lock(stored.proof.secret);
        ++counts[{stored.mint, stored.unit, stored.proof.amount, lock, locktime}];
    }
    json out = json::array();
    for (const auto& [group, count] : counts) {
        json item = {{"mint", std::get<0>(group)}, {"unit", std::get<1>(group)}, {"amount", std::get<2>(group)}, {"count", count}};
        if (!std::get<3>(group).empty()) item["locked_to"] = std::get<3>(group);
        if (std::get<4>(group)) item["locktime"] = *std::get<4>(group);
        out.push_back(std::move(item));
    }
    return out;
}

}  // namespace flash::wallet
