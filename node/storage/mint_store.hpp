// MintStore: the Cashu mint's durable state. Every operation that moves value is one call and one
// transaction, so that a proof can never be spent twice (not even by two connections at once: the
// spent set's primary key is Y) and a crash leaves either all of an operation or none of it.
//
// Points are 33-byte compressed keys; Y = hash_to_curve(secret) identifies a proof, B_ an output.
// Errors: cashu::MintError with the spec's code for a refused operation (named per call; every
// value-moving call also refuses a Y twice in `inputs` with duplicate_inputs and a B_ twice in its
// outputs with duplicate_outputs); flash::Error(Errc::bad_argument) for a call the mint should not
// have made (named per call); flash::Error(Errc::storage) when the database fails, including a
// constraint such as an id that exists already or a keyset id that was never added. Nothing is
// half-written after any of them.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/cashu/nut04.hpp"
#include "core/cashu/nut05.hpp"
#include "core/cashu/nut07.hpp"
#include "core/cashu/types.hpp"

namespace flash::node {

/// A keyset the mint has created. Its keys are derived again from the master seed and `index`.
struct KeysetRecord {
    cashu::KeysetId id;             ///< full id (8 bytes for V1, 33 for V2)
    std::string unit;               ///< "sat"
    std::uint32_t index = 0;        ///< derivation index under the master seed
    std::uint64_t input_fee_ppk = 0;
    std::uint32_t max_order = 64;   ///< amounts 2^0 .. 2^(max_order-1)
    bool active = true;
    std::optional<std::uint64_t> final_expiry;
    std::int64_t created_at = 0;
    bool operator==(const KeysetRecord&) const = default;
};

/// A proof being redeemed: what the spent set keeps.
struct SpentProof {
    crypto::PublicKey Y{};
    cashu::Amount amount = 0;
    cashu::KeysetId keyset;
    std::string secret;
    std::optional<std::string> witness;
};

/// A blind signature the mint has given (NUT-09 restore answers from these).
struct IssuedSignature {
    crypto::PublicKey B_{};
    cashu::BlindSignature signature;  ///< with its DLEQ
};

struct MintQuoteRecord {
    cashu::MintQuote quote;         ///< id, bolt11, amount, unit, state, expiry, pubkey
    ByteArray<32> payment_hash{};
    std::int64_t created_at = 0;
};

struct MeltQuoteRecord {
    cashu::MeltQuote quote;         ///< id, bolt11, amount, unit, fee_reserve, state, expiry, preimage
    ByteArray<32> payment_hash{};
    cashu::Amount fee_paid = 0;     ///< once paid
    std::int64_t created_at = 0;
};

/// A melt that was started (inputs reserved, quote PENDING) and not finished: reconciled on start.
struct PendingMelt {
    MeltQuoteRecord quote;
    cashu::Amount inputs_total = 0;
    cashu::Amount input_fee = 0;
    std::vector<crypto::PublicKey> blank_outputs;  ///< B_ of the NUT-08 blank outputs, in order
    std::vector<cashu::KeysetId> blank_output_keysets;
};

/// Sums per unit for the audit: issued (signed outputs) and redeemed (spent inputs).
struct MintTotals {
    std::string unit;
    cashu::Amount issued = 0;
    cashu::Amount redeemed = 0;
    bool operator==(const MintTotals&) const = default;
};

/// Whether a group of writes is durable yet (see MintStore::pending_commit()).
struct GroupCommit {
    bool done = false;  ///< the group's commit was tried
    bool ok = false;    ///< and succeeded: its writes are durable
};

class MintStore {
public:
    virtual ~MintStore() = default;

    /// The master seed as stored (encrypted by the caller); nullopt before the first start.
    virtual std::optional<Bytes> encrypted_seed() = 0;
    /// Stores the encrypted seed once. MintError is not used: Error(storage) if one exists already.
    virtual void save_encrypted_seed(ByteView encrypted) = 0;

    /// All keysets, oldest first.
    virtual std::vector<KeysetRecord> keysets() = 0;
    /// Adds `keyset`; when it is active, deactivates the other keysets of its unit in the same
    /// transaction. The keyset ids that proofs and signatures name must have been added.
    virtual void add_keyset(const KeysetRecord& keyset) = 0;

    /// NUT-03: in one transaction, adds `inputs` to the spent set and records `outputs`.
    /// MintError(proof_already_spent) if an input is spent, MintError(proof_pending) if it is
    /// reserved by a pending melt, MintError(outputs_already_signed) if an output's B_ was signed
    /// before, MintError(outputs_pending) if it is a blank output of a pending melt (which may
    /// still sign it as change); nothing changes then.
    virtual void commit_swap(std::span<const SpentProof> inputs, std::span<const IssuedSignature> outputs) = 0;

    /// Stores a new quote as given (a PAID one too: an eCash reward the node's ledger paid);
    /// Error(storage) if its id exists.
    virtual void add_mint_quote(const MintQuoteRecord& quote) = 0;
    virtual std::optional<MintQuoteRecord> mint_quote(const std::string& id) = 0;
    /// UNPAID -> PAID (no change in another state). Returns the quote after the call (nullopt for
    /// an unknown id).
    virtual std::optional<MintQuoteRecord> mark_mint_quote_paid(const std::string& id) = 0;
    /// NUT-04: PAID -> ISSUED and `outputs` recorded, in one transaction. MintError(quote_not_paid)
    /// for UNPAID, MintError(tokens_already_issued) for ISSUED, the outputs' refusals as
    /// commit_swap(), MintError(bad_request) for an unknown id.
    virtual void issue_mint_quote(const std::string& id, std::span<const IssuedSignature> outputs) = 0;

    /// Stores a new quote as given (its `change` is not: change comes from finish_melt_paid());
    /// Error(storage) if its id exists.
    virtual void add_melt_quote(const MeltQuoteRecord& quote) = 0;
    /// The quote; once PAID, with the change finish_melt_paid() recorded, in blank-output order.
    virtual std::optional<MeltQuoteRecord> melt_quote(const std::string& id) = 0;
    /// NUT-05 step 1, before Lightning is called: UNPAID -> PENDING, `inputs` reserved (checkstate
    /// says PENDING), the blank outputs remembered, in one transaction. MintError(quote_pending)
    /// or MintError(invoice_already_paid) for a quote not UNPAID, MintError(bad_request) for an
    /// unknown id; spent/reserved inputs and signed/pending blank outputs as commit_swap().
    /// Error(bad_argument) unless there is one keyset per blank output.
    virtual void begin_melt(const std::string& id, std::span<const SpentProof> inputs,
                            std::span<const crypto::PublicKey> blank_outputs,
                            std::span<const cashu::KeysetId> blank_output_keysets,
                            cashu::Amount input_fee) = 0;
    /// Step 2, paid: PENDING -> PAID with `preimage` and `fee_paid`; reserved inputs -> spent;
    /// `change` (signatures on some of the blank outputs) recorded; the other blank outputs are
    /// forgotten. One transaction. Error(bad_argument) if the quote is not PENDING or a change B_
    /// is not one of its blank outputs.
    virtual void finish_melt_paid(const std::string& id, const ByteArray<32>& preimage, cashu::Amount fee_paid,
                                  std::span<const IssuedSignature> change) = 0;
    /// Step 2, failed: PENDING -> UNPAID, the reserved inputs released and the blank outputs
    /// forgotten. One transaction. Error(bad_argument) if the quote is not PENDING.
    virtual void finish_melt_failed(const std::string& id) = 0;
    /// Melts left PENDING (a crash between step 1 and step 2), oldest first.
    virtual std::vector<PendingMelt> pending_melts() = 0;

    /// NUT-07: the state of each Y in order (unspent when unknown, pending when reserved by a
    /// melt), with the witness of spent proofs.
    virtual std::vector<cashu::ProofStateEntry> proof_states(std::span<const crypto::PublicKey> Ys) = 0;
    /// NUT-09: the recorded signature of each B_, nullopt when it was never signed.
    virtual std::vector<std::optional<cashu::BlindSignature>> signatures(std::span<const crypto::PublicKey> B_s) = 0;

    /// Issued and redeemed sums for every unit that has a keyset, ordered by unit (melted inputs
    /// count as redeemed once the melt is paid, change as issued). Error(storage) if a sum does
    /// not fit 64 bits.
    virtual std::vector<MintTotals> totals() = 0;

    // Group commit: one fsync for the writes of many requests. While grouping is on, a write
    // leaves its changes in an open transaction shared with the writes after it (each write is
    // still all or nothing within it), until commit_group(). A caller must not report a write as
    // done before the group holding it is committed: pending_commit() tells what to wait for.
    // begin_melt() commits the group itself, since a melt's reservation must be durable before
    // Lightning is asked to pay.

    /// Turns grouping on or off (off: every write commits at once, the default). Turning it off
    /// commits an open group.
    virtual void set_grouping(bool on) = 0;
    /// The state of the open group's commit, shared by every write made in it; null when no write
    /// is waiting for a commit.
    virtual std::shared_ptr<const GroupCommit> pending_commit() = 0;
    /// Commits the open group (nothing when none is open) and marks its GroupCommit done, ok or
    /// not. Error(storage) when the commit fails: every write of the group is then rolled back.
    virtual void commit_group() = 0;
};

}  // namespace flash::node
