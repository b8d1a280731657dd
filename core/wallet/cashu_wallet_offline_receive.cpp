// The receiver's side of offline payments: the verdict on a token from cached keysets, the queue
// of tokens received offline, and their redemption through the ordinary receive swap.
#include <algorithm>

#include "core/cashu/mint_error.hpp"
#include "core/cashu/token.hpp"
#include "core/codec/hex.hpp"
#include "core/crypto/hash.hpp"
#include "core/error.hpp"
#include "core/wallet/cashu_wallet.hpp"
#include "core/wallet/wallet_steps.hpp"

namespace flash::wallet {

using namespace steps;
using nlohmann::json;

namespace {

/// The queue id of a set of proofs: SHA-256 of their sorted Ys, so any encoding of the same
/// proofs (V3, V4, another order) is the same entry.
std::string entry_id(std::vector<crypto::PublicKey> ys) {
    std::sort(ys.begin(), ys.end());
    Bytes all;
    for (const auto& Y : ys) all.insert(all.end(), Y.begin(), Y.end());
    return codec::hex_encode(crypto::sha256(all));
}

std::string_view failure_reason(const Failure& failure) {
    switch (failure.kind) {
        case Failure::Kind::refused:
            return failure.code == static_cast<std::uint32_t>(cashu::MintErrc::proof_already_spent) ? "double_spent" : "refused";
        case Failure::Kind::bad_answer: return "bad_answer";
        case Failure::Kind::no_answer: return "no_answer";
    }
    return "refused";
}

}  // namespace

OfflineVerdict CashuWallet::offline_verdict(std::string_view text, std::span<const crypto::PublicKey> my_keys, std::uint64_t now_s) {
    const cashu::Token token = cashu::decode_token(text);
    return wallet::offline_verdict(token, store_.keysets(normal_url(token.mint)), my_keys, now_s);
}

OfflineReceipt CashuWallet::receive_offline(std::string_view text, std::span<const crypto::PublicKey> my_keys, std::uint64_t now_s) {
    const cashu::Token token = cashu::decode_token(text);
    OfflineReceipt receipt;
    receipt.verdict = wallet::offline_verdict(token, store_.keysets(normal_url(token.mint)), my_keys, now_s);
    if (is_refusal(receipt.verdict.verdict)) return receipt;

    std::vector<crypto::PublicKey> ys;
    for (const cashu::Proof& proof : token.proofs) ys.push_back(y_of(proof));
    QueueEntry entry;
    entry.id = entry_id(ys);
    entry.mint = receipt.verdict.mint;
    entry.unit = token.unit;
    entry.amount = receipt.verdict.amount;
    entry.token = std::string(text);
    entry.verdict = to_json(receipt.verdict);
    entry.received_at = now_s;
    store::Transaction tx(store_.database());
    const std::optional<std::string> holder = store_.enqueue(entry, ys);
    tx.commit();
    if (!holder) {
        receipt.entry = entry.id;
        receipt.queued = true;
    } else if (*holder == entry.id) {
        receipt.entry = entry.id;
        receipt.queued = true;
        receipt.duplicate = true;
    } else {
        receipt.conflict = true;  // the sender reused some of these proofs in another token
    }
    return receipt;
}

RedeemBatch CashuWallet::begin_redeem_queued(const std::optional<crypto::SecretKey>& key, std::uint64_t now_s) {
    RedeemBatch batch;
    // Swaps begun before (the answer was lost, the tab closed): the same request again.
    for (const QueueEntry& entry : store_.queue(QueueState::redeeming)) {
        const auto op = store_.operation(entry.operation);
        if (op && op->state == "pending" && op->data.contains("step")) batch.started.push_back({entry.id, recover(op->id)});
    }
    std::vector<crypto::PublicKey> my_keys;
    if (key) {
        // NUT-11 signatures are BIP-340 (x-only): the key signs for 02||x and 03||x alike, and a
        // lock made from an x-only NOSTR key says 02 whatever the parity of its point.
        crypto::PublicKey own = crypto::public_key(*key);
        my_keys.push_back(own);
        own[0] = own[0] == 0x02 ? 0x03 : 0x02;
        my_keys.push_back(own);
    }
    for (const QueueEntry& entry : store_.queue(QueueState::queued)) {
        const cashu::Token token = cashu::decode_token(entry.token);
        const bool spendable = std::none_of(token.proofs.begin(), token.proofs.end(), [&](const cashu::Proof& proof) {
            ProofLock lock;
            std::vector<OfflineReason> reasons;
            return lock_class(proof, my_keys, now_s, lock, reasons) == OfflineClass::locked_to_someone_else;
        });
        if (!spendable) {
            batch.skipped.push_back({entry.id, "key_needed", "the proofs are locked to a key not given"});
            continue;
        }
        try {
            store::Transaction tx(store_.database());
            Step step = start_receive(entry.token, key, {{"queue", entry.id}});
            store_.put_queue_state(entry.id, QueueState::redeeming, step.operation, nullptr);
            tx.commit();
            batch.started.push_back({entry.id, std::move(step)});
        } catch (const Error& e) {
            if (e.code() == Errc::storage) throw;
            if (e.code() == Errc::bad_argument || e.code() == Errc::bad_keyset) {  // unknown mint or keyset
                batch.skipped.push_back({entry.id, "refresh_mint", e.what()});
                continue;
            }
            store::Transaction tx(store_.database());
            store_.put_queue_state(entry.id, QueueState::failed, "", {{"reason", "invalid_token"}, {"code", 0}, {"detail", e.what()}});
            tx.commit();
            batch.skipped.push_back({entry.id, "invalid_token", e.what()});
        }
    }
    return batch;
}

void CashuWallet::settle_queue_entry(const OperationRecord& op, const Failure* failure) {
    const auto link = op.data.find("queue");
    if (link == op.data.end()) return;
    if (!failure) {
        store_.put_queue_state(link->get<std::string>(), QueueState::redeemed, op.id, nullptr);
        return;
    }
    const json error = {{"reason", std::string(failure_reason(*failure))}, {"code", failure->code}, {"detail", failure->detail}};
    // A keyset the mint does not know or no longer signs with (the wallet's outputs used a stale
    // one): nothing happened to the token, so it waits for the next try after a mint refresh.
    const bool stale_keyset = failure->kind == Failure::Kind::refused &&
                              (failure->code == static_cast<std::uint32_t>(cashu::MintErrc::keyset_unknown) ||
                               failure->code == static_cast<std::uint32_t>(cashu::MintErrc::keyset_inactive));
    store_.put_queue_state(link->get<std::string>(), stale_keyset ? QueueState::queued : QueueState::failed,
                           stale_keyset ? "" : op.id, error);
}

json CashuWallet::offline_queue() {
    json out = json::array();
    for (const QueueEntry& entry : store_.queue()) {
        json item = {{"id", entry.id}, {"mint", entry.mint}, {"unit", entry.unit}, {"amount", entry.amount},
                     {"token", entry.token}, {"state", to_string(entry.state)}, {"received_at", entry.received_at},
                     {"verdict", entry.verdict.value("verdict", "")}};
        for (const char* extra : {"locktime", "seconds_left"})
            if (entry.verdict.contains(extra)) item[extra] = entry.verdict[extra];
        if (!entry.operation.empty()) item["operation"] = entry.operation;
        if (!entry.error.is_null()) item["error"] = entry.error;
        out.push_back(std::move(item));
    }
    return out;
}

}  // namespace flash::wallet
