// The user's Cashu wallet over their SQLite database and BIP-39 seed, sans-I/O: the wallet never
// talks to a mint itself. Every operation is a short state machine of HTTP calls:
//
//   Step step = wallet.begin_send(mint, 100, options);   // writes the operation, reserves proofs
//   while (step.request) {                               // the host makes the call ...
//       auto [status, body] = http(*step.request);
//       step = wallet.finish(step.operation, status, body);  // ... and hands the answer back
//   }
//   if (step.failure) ...; else use step.result;
//
// Durability: each begin_* and each finish() commits in ONE transaction the operation's state,
// the request it waits for (with everything needed to rebuild it) and the proofs' new states, so
// after a crash or a closed tab pending_operations() lists what was in flight and recover()
// re-sends the same request (the same outputs, from the same NUT-13 counters): the mint either
// answers again or says the outputs were signed already, and the wallet fetches those signatures
// with /v1/restore. NUT-13 counters are reserved in the begin transaction, so two operations never
// share a secret.
//
// Trust: every blind signature must carry a DLEQ proof (NUT-12) that verifies against the mint's
// key; keyset ids must re-derive from their keys (NUT-02); a received token's DLEQ, when present,
// must verify. Secrets (the seed) are never stored by the wallet; derived outputs are stored as
// counters, P2PK outputs with their secret and r.
//
// Offline payments (cashu_wallet_offline_*.cpp): a sender prepares proofs while online
// (begin_prepare_offline: handy denominations, DLEQ kept, optionally pre-locked to a contact) and
// hands them over later without the network (send_offline). A receiver judges a token with the
// keysets cached while online (offline_verdict, see offline_verdict.hpp), queues it
// (receive_offline) and redeems the queue through the ordinary receive swap once online
// (begin_redeem_queued): a queue entry moves queued -> redeeming -> redeemed | failed in the same
// transactions as its receive operation, so a crash never loses or doubles one.
//
// Errors: begin_* throw flash::Error for what the caller asked (Error(bad_argument): unknown mint
// or quote, insufficient funds, an operation in the wrong state; Error(bad_token): a token that
// does not decode or whose DLEQ is wrong; Error(bad_keyset): no active keyset for the unit or an
// amount it cannot sign). finish() reports what the mint did as Step::failure, and throws only
// for a caller's mistake (an operation that waits for no answer) or Error(storage).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/cashu/types.hpp"
#include "core/crypto/memory.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/store/sqlite.hpp"
#include "core/wallet/offline_verdict.hpp"
#include "core/wallet/proof_selection.hpp"
#include "core/wallet/wallet_store.hpp"

namespace flash::wallet {

/// A call for the host to make: `url` is absolute; `body` is JSON text, empty for GET.
struct HttpRequest {
    std::string method;
    std::string url;
    std::string body;
    bool operator==(const HttpRequest&) const = default;
};

/// Why an operation did not succeed.
struct Failure {
    enum class Kind {
        refused,     ///< the mint refused (HTTP 4xx, `code` from its {detail, code}, 0 if none)
        bad_answer,  ///< the mint's answer failed a check (malformed, DLEQ missing or wrong)
        no_answer,   ///< no answer, or HTTP 5xx: outcome unknown, the operation stays pending
    };
    Kind kind = Kind::refused;
    std::uint32_t code = 0;
    std::string detail;
};

/// Where an operation stands after a begin_*, finish() or recover().
struct Step {
    std::string operation;               ///< the operation's id ("" when nothing was recorded)
    std::optional<HttpRequest> request;  ///< the next call; hand its answer to finish()
    nlohmann::json result;               ///< what the operation produced, once it is over
    std::optional<Failure> failure;      ///< set when it failed (or, no_answer, is stuck)
};

struct SendOptions {
    std::string unit = "sat";
    std::optional<crypto::PublicKey> lock_to;  ///< NUT-11: lock the sent proofs to this key
    std::optional<std::uint64_t> locktime;     ///< unix seconds after which refund keys may spend
    std::vector<crypto::PublicKey> refund;     ///< refund keys (used only with a locktime)
    std::optional<std::string> memo;
};

struct PrepareOfflineOptions {
    std::string unit = "sat";
    DenominationPolicy denominations;
    std::optional<crypto::PublicKey> lock_to;  ///< NUT-11: pre-lock every prepared proof to a contact's key
    std::optional<std::uint64_t> locktime;     ///< unix seconds after which the refund keys may take them back
    std::vector<crypto::PublicKey> refund;     ///< the sender's own key(s) (used only with a locktime)
};

struct SendOfflineOptions {
    std::string unit = "sat";
    std::optional<crypto::PublicKey> to;  ///< spend proofs pre-locked to this key; else the unlocked ones
    std::optional<std::string> memo;
};

/// What receive_offline did with a token.
struct OfflineReceipt {
    std::string entry;      ///< the queue entry holding it ("" when refused)
    bool queued = false;    ///< false for a refusal (is_refusal(verdict.verdict)) or a conflict
    bool duplicate = false; ///< the same proofs were queued before: `entry` is that entry
    bool conflict = false;  ///< some of its proofs are queued in another entry (reused by the sender): refused
    OfflineVerdict verdict;
};

/// What begin_redeem_queued started: one receive operation per entry (drive each step with
/// finish() as usual), and the entries it left alone, with a code saying why.
struct RedeemBatch {
    struct Started {
        std::string entry;
        Step step;
    };
    struct Skipped {
        std::string entry;
        std::string reason;  ///< "key_needed", "refresh_mint" (unknown mint or keyset: add or
                             ///< refresh it; both stay queued), "invalid_token" (now failed)
        std::string detail;
    };
    std::vector<Started> started;
    std::vector<Skipped> skipped;
};

class CashuWallet {
public:
    /// Opens the wallet on `db` (migrating its tables), which must outlive the wallet.
    /// `seed`: the 64-byte BIP-39 seed (copied, wiped with the wallet); Error(bad_length) otherwise.
    CashuWallet(store::Database& db, ByteView seed);

    /// Adds or refreshes a mint: GET /v1/info, /v1/keysets, then /v1/keys/{id} for each keyset
    /// whose keys the wallet lacks. Result: {"mint", "keysets": n}.
    Step begin_add_mint(std::string_view url);

    /// Asks `mint` for a bolt11 mint quote. Result: {"quote", "request", "amount", "unit",
    /// "state", "expiry"}.
    Step begin_mint_quote(std::string_view mint, cashu::Amount amount, std::string_view unit = "sat");
    /// Takes over a mint quote this wallet did not ask for, paid by someone else for it (an eCash
    /// reward a merchant's balance paid at the node's mint): GET /v1/mint/quote/bolt11/{quote};
    /// the answer must be that quote, of `amount` in `unit`. begin_mint() then mints it. Result as
    /// begin_mint_quote's. Error(bad_argument) for an unknown mint or a quote the wallet has already.
    Step begin_adopt_mint_quote(std::string_view mint, std::string_view quote, cashu::Amount amount,
                                std::string_view unit = "sat");
    /// Polls the quote. Result: {"quote", "state"}.
    Step begin_check_mint_quote(std::string_view quote);
    /// Mints the (paid) quote's amount into new proofs. A quote locked to a key (NUT-20) is signed
    /// with `key`, that key's secret: Error(bad_argument) without it or with another one.
    /// Result: {"amount"}.
    Step begin_mint(std::string_view quote, const std::optional<crypto::SecretKey>& key = std::nullopt);

    /// Asks `mint` for a melt quote on a bolt11 invoice. Result: {"quote", "amount", "fee_reserve",
    /// "unit", "state", "expiry"}.
    Step begin_melt_quote(std::string_view mint, std::string_view bolt11, std::string_view unit = "sat");
    /// Pays the quote with proofs covering amount + fee_reserve + input fee, with NUT-08 blank
    /// outputs for the change. Result: {"paid", "amount", "fee", "change", "preimage"?}; a melt
    /// the mint reports PENDING stays pending (recover() polls the quote).
    Step begin_melt(std::string_view quote);

    /// Sends `amount`: proofs that match it exactly go as they are (no call: the result is at
    /// once); otherwise a swap makes them (always for a P2PK lock). Result: {"token" (cashuB, DLEQ
    /// with r included), "amount", "fee"}. The sent proofs stay pending until check_states sees
    /// them spent.
    Step begin_send(std::string_view mint, cashu::Amount amount, const SendOptions& options);

    /// Receives a cashuA/cashuB token from a known mint: verifies each proof's DLEQ when present,
    /// signs P2PK proofs with `key` when given, and swaps them into fresh proofs.
    /// Result: {"mint", "unit", "amount", "fee"}.
    Step begin_receive(std::string_view token, const std::optional<crypto::SecretKey>& key);

    /// Takes back what the receiver of a send has not claimed: receives the send's proofs that
    /// are still pending (signing P2PK ones with `key`, a refund key of the lock) into fresh
    /// proofs, as a receive operation marked "took_back". A check_states afterwards marks the
    /// sent proofs spent. Error(bad_argument) when `send_operation` is not a send of this wallet,
    /// nothing of it is outstanding, or its lock holds until a locktime after `now_s`.
    Step begin_take_back(std::string_view send_operation, const std::optional<crypto::SecretKey>& key, std::uint64_t now_s);

    // ---- offline payments ----

    /// The verdict on a token for a receiver holding `my_keys` at `now_s` (unix seconds), from
    /// the keysets this wallet cached for the token's mint. No call, nothing stored.
    /// Error(bad_token) for a token that does not decode.
    OfflineVerdict offline_verdict(std::string_view token, std::span<const crypto::PublicKey> my_keys, std::uint64_t now_s);

    /// Judges the token as offline_verdict() does and queues it unless the verdict is a refusal
    /// (locked to someone else, unsupported, expired lock). Receiving the same proofs again
    /// returns the first entry (duplicate). No call. Error(bad_token) for a token that does not decode.
    OfflineReceipt receive_offline(std::string_view token, std::span<const crypto::PublicKey> my_keys, std::uint64_t now_s);

    /// Once online: begins the receive swap of every queued entry (signing P2PK proofs with `key`),
    /// and resumes the swaps of entries still redeeming. Entries the key cannot spend at `now_s`
    /// stay queued. Idempotent: redeemed and failed entries are left alone, and an entry is never
    /// begun twice. A swap the mint refuses as already spent marks its entry failed with reason
    /// "double_spent" (the sender spent the proofs first); one refused for an unknown or inactive
    /// keyset (12001/12002: refresh the mint) puts it back to queued, with the error kept.
    RedeemBatch begin_redeem_queued(const std::optional<crypto::SecretKey>& key, std::uint64_t now_s);

    /// Entries oldest first: [{"id", "mint", "unit", "amount", "state", "received_at", "verdict"
    /// (the verdict's class), "locktime"?, "seconds_left"? (at receipt), "operation"?, "error"?:
    /// {"reason", "code", "detail"}}].
    nlohmann::json offline_queue();

    /// While online, sets `amount` aside for offline sending: a swap into offline_denominations()
    /// (DLEQ with r kept on every proof), optionally P2PK-locked to a contact. Result:
    /// {"amount", "fee", "denominations": [...], "locked_to"?, "locktime"?}. The prepared proofs
    /// count in the balance ("offline" part) but ordinary sends and melts leave them alone.
    /// Error(bad_argument) for amount 0 or a bad policy; Error(insufficient_funds) when the
    /// spendable proofs do not cover amount + input fee; Error(bad_keyset) when the active keyset
    /// has no key for a denomination.
    Step begin_prepare_offline(std::string_view mint, cashu::Amount amount, const PrepareOfflineOptions& options);

    /// Offline: a token of prepared proofs summing exactly to `amount` (those locked to
    /// `options.to`, else the unlocked ones), no call. The result is at once: {"token" (cashuB,
    /// DLEQ with r), "amount", "fee": 0}; the proofs stay pending until a state check sees them
    /// spent. Error(insufficient_funds) when the prepared proofs do not add up to `amount`;
    /// Error(bad_argument) when they do but no combination is exact (prepare other denominations).
    Step send_offline(std::string_view mint, cashu::Amount amount, const SendOfflineOptions& options);

    /// The prepared proofs, grouped: [{"mint", "unit", "amount" (denomination), "count",
    /// "locked_to"?, "locktime"?}].
    nlohmann::json offline_proofs();

    /// NUT-07: asks which of the mint's unspent and pending proofs are spent and marks them.
    /// Result: {"checked", "spent"}; no call when there is nothing to check.
    Step begin_check_states(std::string_view mint);

    /// NUT-13/NUT-09 restore from the seed: for every keyset of the mint (inactive ones too),
    /// batches of restore_batch counters until restore_empty_batches answer nothing, then a
    /// checkstate keeps the unspent ones. Result: {"restored", "amount"}.
    Step begin_restore(std::string_view mint);

    /// Hands the answer to the operation's request to it. `http_status` 0 means no answer.
    /// Error(bad_argument) for an unknown operation or one that waits for no answer.
    Step finish(std::string_view operation, int http_status, std::string_view body);

    /// Operations whose call was made (or about to be) but whose answer never arrived.
    std::vector<OperationRecord> pending_operations();
    /// The call that resumes a pending operation (the same request again; a melt polls its quote).
    Step recover(std::string_view operation);

    /// [{"mint", "unit", "balance", "pending", "offline"}] over unspent and pending proofs;
    /// "offline" is the part of the balance prepared for offline sending.
    nlohmann::json balances();
    /// Value-moving operations (mint, melt, send, receive, restore, prepare-offline), oldest first:
    /// [{"id", "mint", "kind", "state", "unit", "amount", "fee", "token"?, "quote"?, "error"?,
    ///   "offline"? (a send_offline), "locked_to"?, "locktime"?, "took_back"? (a receive that took
    ///   back that send), "outstanding"? (a send: the amount its receiver has not been seen to claim),
    ///   "adopted"? (a mint of a quote someone else paid: begin_adopt_mint_quote)}].
    nlohmann::json history();
    /// What a token holds, without touching the wallet: {"mint", "unit", "amount", "memo"?, "known"}.
    nlohmann::json token_info(std::string_view token);

    static constexpr std::uint64_t restore_batch = 100;
    static constexpr int restore_empty_batches = 3;

private:
    struct Answer;
    /// A proof made by an operation; `send` ones leave in its token, `offline` ones are kept aside.
    struct NewProof {
        cashu::Proof proof;
        bool send = false;
        bool offline = false;
    };

    Step dispatch(OperationRecord& op, const Answer& answer);
    Step refused(OperationRecord& op, const Answer& answer);
    Step finish_info(OperationRecord& op, const Answer& answer);
    Step finish_keysets(OperationRecord& op, const Answer& answer);
    Step finish_keys(OperationRecord& op, const Answer& answer);
    Step next_missing_keys(OperationRecord& op);
    Step finish_mint_quote(OperationRecord& op, const Answer& answer);
    Step finish_check_mint_quote(OperationRecord& op, const Answer& answer);
    Step finish_melt_quote(OperationRecord& op, const Answer& answer);
    Step finish_signatures(OperationRecord& op, const Answer& answer);
    Step finish_melt(OperationRecord& op, const Answer& answer, bool from_check);
    Step finish_restore_outputs(OperationRecord& op, const Answer& answer);
    Step finish_check_states(OperationRecord& op, const Answer& answer);
    Step next_restore_batch(OperationRecord& op);
    Step finish_restore_scan(OperationRecord& op, const Answer& answer);
    Step finish_restore_check(OperationRecord& op, const Answer& answer);
    /// begin_receive without a transaction of its own; `links` are recorded in the operation's
    /// data ({"queue": offline queue entry}, {"took_back": send operation}, or none).
    Step start_receive(std::string_view token, const std::optional<crypto::SecretKey>& key, const nlohmann::json& links);
    /// Moves the offline queue entry of a receive operation that ended (`failure` null: redeemed).
    void settle_queue_entry(const OperationRecord& op, const Failure* failure);

    /// Records that `op` waits for the answer to `request` at `step` (no transaction of its own).
    Step await(OperationRecord& op, std::string step, HttpRequest request);
    /// Marks the operation failed, its inputs moved to `inputs_become` when given.
    Step fail(OperationRecord& op, Failure failure, std::optional<ProofStatus> inputs_become);
    /// Stores the operation's new proofs, marks its inputs spent and closes it.
    Step complete(OperationRecord& op, const std::vector<NewProof>& proofs);
    void set_inputs(OperationRecord& op, ProofStatus status);
    /// The unit's active keyset at `mint` with the lowest input fee; Error(bad_keyset) if none.
    KeysetRecord active_keyset(std::string_view mint, std::string_view unit);
    /// NUT-13 outputs for `amounts`, their counters reserved now.
    nlohmann::json derived_outputs(const KeysetRecord& keyset, const std::vector<cashu::Amount>& amounts, bool send);
    /// The blinded messages of the operation's outputs, in order.
    std::vector<cashu::BlindedMessage> blinded_messages(const OperationRecord& op) const;

    WalletStore store_;
    crypto::Secret<64> seed_;
};

}  // namespace flash::wallet
