// The Cashu mint of flash-node: NUT-03 swap, NUT-04/05 bolt11 mint and melt with their quote state
// machines, NUT-07 check state, NUT-09 restore, over a MintStore, a Keyring and a LightningBackend.
// HTTP lives in mint_routes.hpp, NUT-17 WebSockets in mint_websocket.hpp.
//
// Money safety: every request that moves value ends in one MintStore transaction (see
// mint_store.hpp); a melt is recorded as PENDING (inputs reserved) before Lightning is called, so
// a crash at any point is reconciled by reconcile() against the backend's record of the payment.
//
// Errors: cashu::MintError with the spec's code for a refused request; flash::Error(storage) when
// the database fails; lightning::LightningError when the backend cannot be reached.
// Runs on the server's I/O thread; not thread-safe.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "core/cashu/nut03.hpp"
#include "core/cashu/nut04.hpp"
#include "core/cashu/nut05.hpp"
#include "core/cashu/nut07.hpp"
#include "core/cashu/nut09.hpp"
#include "node/lightning/lightning_backend.hpp"
#include "node/mint/keyring.hpp"
#include "node/server/config.hpp"
#include "node/storage/mint_store.hpp"

namespace flash::node::mint {

/// What changed, for NUT-17 subscribers: a quote's new state, or proofs that became spent/pending.
struct MintChange {
    std::optional<cashu::MintQuote> mint_quote;
    std::optional<cashu::MeltQuote> melt_quote;
    std::vector<cashu::ProofStateEntry> proof_states;
};

class Mint {
public:
    using Clock = std::function<std::int64_t()>;  ///< unix seconds

    /// Everything given must outlive the mint.
    Mint(const MintConfig& config, MintStore& store, Keyring& keyring, lightning::LightningBackend& lightning,
         Clock now_s);

    /// Called after each committed change (on the caller's thread).
    void on_change(std::function<void(const MintChange&)> listener) { listener_ = std::move(listener); }

    const Keyring& keyring() const noexcept { return keyring_; }
    const MintConfig& config() const noexcept { return config_; }

    cashu::SwapResponse swap(const cashu::SwapRequest& request);

    cashu::MintQuote create_mint_quote(const cashu::MintQuoteRequest& request);
    /// The quote, first asking the backend whether an unpaid invoice was paid.
    /// MintError(bad_request) for an unknown id.
    cashu::MintQuote mint_quote(const std::string& id);
    cashu::SwapResponse mint(const cashu::MintRequest& request);

    cashu::MeltQuote create_melt_quote(const cashu::MeltQuoteRequest& request);
    /// The quote, first settling a pending melt whose payment the backend has finished.
    cashu::MeltQuote melt_quote(const std::string& id);
    cashu::MeltQuote melt(const cashu::MeltRequest& request);

    cashu::CheckStateResponse check_state(const cashu::CheckStateRequest& request);
    cashu::RestoreResponse restore(const cashu::RestoreRequest& request);

    /// Finishes every melt left PENDING whose payment the backend reports final (on start, after a
    /// crash, and periodically). Returns how many are still in flight.
    std::size_t reconcile();

private:
    cashu::MeltQuote settle(const PendingMelt& pending, const lightning::PaymentResult& result);
    void notify(MintChange change);

    const MintConfig& config_;
    MintStore& store_;
    Keyring& keyring_;
    lightning::LightningBackend& lightning_;
    Clock now_s_;
    std::function<void(const MintChange&)> listener_;
};

}  // namespace flash::node::mint
