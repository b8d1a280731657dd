// CardWithdraw: a Flash Card paying, as the Bolt Card spec and LNURL-withdraw (LUD-03) have it.
//   1. The card's tap, read by a point of sale: read_tap(p, c). p decrypts with the issuer's K1
//      to the card's UID and counter; the UID finds the card, whose K2 checks c; the counter must
//      be above the last one paid with. The answer offers a withdrawal under a fresh one-time k1
//      bound to this card, key version and counter.
//   2. The point of sale sends an invoice: pay(k1, invoice). The card holder's Lightning account
//      pays it (LightningAccounts: inside the ledger when the invoice is a user's of this node).
//      In the transaction that holds the payment, the k1 is used up, the card's counter moves
//      up to the tap's, and the card's state and limits are checked: two payments racing for
//      one counter cannot both pass, and a refusal holds nothing.
//
// A tap that never paid stays usable (its counter is above the stored one) until the card pays
// with a later tap. Threading: the server's I/O thread (LightningAccounts lives there).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/lightning/lnurl_withdraw.hpp"
#include "node/lightning/lightning_accounts.hpp"
#include "node/merchant/cards/card_issuer.hpp"
#include "node/storage/node_store.hpp"

namespace flash::node::merchant::cards {

namespace lnurl = flash::lightning::lnurl;

/// How long a tap's k1 may be paid with.
inline constexpr std::int64_t tap_lifetime_s = 600;
/// The least a card offers to pay (LUD-03 minWithdrawable): 1 sat.
inline constexpr std::uint64_t min_card_payment_msat = 1000;

class CardWithdraw {
public:
    /// `issuer` and `accounts` must outlive this object; it takes over `store` (a connection of
    /// its own); `now_s` is the clock.
    CardWithdraw(const CardIssuer& issuer, lightning::LightningAccounts& accounts, std::unique_ptr<NodeStore> store,
                 std::function<std::int64_t()> now_s);

    /// Called after each card payment that was not refused (merchant rewards).
    void set_on_paid(std::function<void()> on_paid) { on_paid_ = std::move(on_paid); }

    /// Reads a tap and offers its withdrawal with `callback` (an absolute URL).
    /// minWithdrawable..maxWithdrawable is 1 sat..the card's limit per payment (or what the day
    /// leaves), or 0..0 when the holder's balance is below 1 sat (LUD-03's "nothing to withdraw").
    /// Throws CardError: bad_tap (p or c malformed, or c does not authenticate the tap),
    /// unknown_card, card_wiped, card_disabled, replayed, over_day_limit (nothing left today).
    lnurl::WithdrawOffer read_tap(std::string_view p, std::string_view c, const std::string& callback);

    /// Pays `invoice` from the holder of the tap that `k1` was given for. Returns the ledger payment
    /// (succeeded, pending while routing, or failed: then the tap is used up all the same).
    /// Throws CardError (see CardStore::spend), lightning::AccountError (bad_invoice,
    /// insufficient_balance, already_paid, own_invoice, no_route), LightningError.
    LedgerPayment pay(std::string_view k1, const std::string& invoice);

private:
    const CardIssuer& issuer_;
    lightning::LightningAccounts& accounts_;
    std::unique_ptr<NodeStore> store_;
    std::function<std::int64_t()> now_s_;
    std::function<void()> on_paid_;
};

}  // namespace flash::node::merchant::cards
