// LightningAddresses: the lightning addresses (LUD-16) of the node's users, name@<the node's host>,
// paid through LNURL-pay (LUD-06, LUD-12 comments) into the holder's Lightning account:
//   claim / of / release        a user's name: one per user, each name one user's at a time
//   offer(name, host, ...)      what GET /.well-known/lnurlp/<name> offers
//   invoice(offer, query)       the callback: an invoice of the name's holder for exactly the
//                               amount asked, committing to sha256(metadata)
// The metadata is made from the name and the host alone, so that the two requests of a payment
// agree on it (the invoice commits to its hash) without the node keeping anything in between.
//
// Threading: the server's I/O thread (invoices are made through LightningAccounts).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/lightning/lnurl_pay_service.hpp"
#include "node/lightning/lightning_accounts.hpp"
#include "node/storage/node_store.hpp"

namespace flash::node::lightning {

/// Amounts an address accepts: from 1 sat to 0.1 BTC.
inline constexpr std::uint64_t address_min_sendable_msat = 1'000;
inline constexpr std::uint64_t address_max_sendable_msat = 10'000'000'000;
/// The longest comment (LUD-12) a payer may send, in characters.
inline constexpr std::uint32_t address_comment_chars = 140;
/// How long an address's invoice stays payable.
inline constexpr std::uint32_t address_invoice_expiry_s = 600;
/// The longest name a user may claim.
inline constexpr std::size_t max_address_name = 64;

enum class AddressErrc {
    bad_name,      ///< not 1..64 characters of a-z 0-9 - _ . (LUD-16)
    name_taken,    ///< another user holds the name
    has_address,   ///< the user holds another name: release it first
    no_address,    ///< the user holds no name
    unknown_name,  ///< nobody holds the name (or it is no LUD-16 name at all)
};

/// "bad_name", "name_taken", ... (the API's error codes).
std::string_view address_errc_name(AddressErrc code) noexcept;

class AddressError : public std::runtime_error {
public:
    AddressError(AddressErrc code, const std::string& detail) : std::runtime_error(detail), code_(code) {}
    AddressErrc code() const noexcept { return code_; }

private:
    AddressErrc code_;
};

/// What a name offers, and whose account its invoices credit.
struct AddressOffer {
    std::string user;                        ///< the holder
    std::string address;                     ///< "name@host" as the payer addressed it
    flash::lightning::lnurl::PayOffer pay;
};

class LightningAddresses {
public:
    /// `accounts` must outlive this object; `store` is its own connection; `now_s` the clock.
    LightningAddresses(LightningAccounts& accounts, std::unique_ptr<NodeStore> store, std::function<std::int64_t()> now_s);

    /// Gives `name` to `user` and returns the record (the same record when it is theirs already).
    /// AddressError(bad_name, name_taken, has_address); Error(storage).
    LightningAddressRecord claim(const std::string& user, const std::string& name);
    /// The name `user` holds.
    std::optional<LightningAddressRecord> of(const std::string& user);
    /// Frees the name `user` holds and returns it. AddressError(no_address).
    LightningAddressRecord release(const std::string& user);

    /// What `segment` (the <name> of /.well-known/lnurlp/<name>, "+tag" allowed and ignored)
    /// offers at `host` ("host[:port]", as the payer addressed the node), with `callback_base` +
    /// name as the invoice endpoint. AddressError(unknown_name); Error(bad_argument) for a host
    /// that cannot be the domain of an address.
    AddressOffer offer(std::string_view segment, std::string_view host, const std::string& callback_base);

    /// The invoice for the callback's `query` (without '?') against `offer`: the holder's, for the
    /// amount asked, with the description hash sha256(offer.pay.metadata); the ledger keeps the
    /// payer's comment (or the metadata's text) as its description.
    /// Error(bad_lnurl) for a missing or out-of-range amount or a bad comment (parse_pay_callback);
    /// what LightningAccounts::create_invoice() throws.
    LedgerInvoice invoice(const AddressOffer& offer, std::string_view query);

private:
    LightningAccounts& accounts_;
    std::unique_ptr<NodeStore> store_;
    std::function<std::int64_t()> now_s_;
};

}  // namespace flash::node::lightning
