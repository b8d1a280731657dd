#include "node/lightning/lightning_addresses.hpp"

#include "core/error.hpp"
#include "core/lightning/lnurl.hpp"
#include "core/lightning/lnurl_pay.hpp"
#include "node/server/log.hpp"

namespace flash::node::lightning {
namespace {

namespace lnurl = flash::lightning::lnurl;

/// The metadata's text/plain: what the payer's wallet shows, and the ledger without a comment.
std::string payment_text(const std::string& address) { return "Payment to " + address; }

}  // namespace

std::string_view address_errc_name(AddressErrc code) noexcept {
    switch (code) {
        case AddressErrc::bad_name: return "bad_name";
        case AddressErrc::name_taken: return "name_taken";
        case AddressErrc::has_address: return "has_address";
        case AddressErrc::no_address: return "no_address";
        case AddressErrc::unknown_name: return "unknown_name";
    }
    return "bad_name";
}

LightningAddresses::LightningAddresses(LightningAccounts& accounts, std::unique_ptr<NodeStore> store,
                                       std::function<std::int64_t()> now_s)
    : accounts_(accounts), store_(std::move(store)), now_s_(std::move(now_s)) {}

LightningAddressRecord LightningAddresses::claim(const std::string& user, const std::string& name) {
    if (name.size() > max_address_name || !lnurl::is_valid_username(name))
        throw AddressError(AddressErrc::bad_name, "a name is 1 to 64 characters of a-z, 0-9, '-', '_' and '.'");
    LightningAddressStore& addresses = store_->lightning_addresses();
    switch (addresses.claim({name, user, now_s_()})) {
        case ClaimOutcome::claimed: break;
        case ClaimOutcome::name_taken: throw AddressError(AddressErrc::name_taken, "another user holds this name");
        case ClaimOutcome::has_another:
            throw AddressError(AddressErrc::has_address, "this account holds another name; release it first");
    }
    log::info("lightning address claimed", {{"name", name}});
    return *addresses.by_user(user);
}

std::optional<LightningAddressRecord> LightningAddresses::of(const std::string& user) {
    return store_->lightning_addresses().by_user(user);
}

LightningAddressRecord LightningAddresses::release(const std::string& user) {
    LightningAddressStore& addresses = store_->lightning_addresses();
    std::optional<LightningAddressRecord> held = addresses.by_user(user);
    if (!held || !addresses.release(user)) throw AddressError(AddressErrc::no_address, "this account holds no name");
    log::info("lightning address released", {{"name", held->name}});
    return *held;
}

AddressOffer LightningAddresses::offer(std::string_view segment, std::string_view host, const std::string& callback_base) {
    std::string name;
    try {
        name = lnurl::parse_address_name(segment).user;
    } catch (const Error&) {
        throw AddressError(AddressErrc::unknown_name, "no one has this name here");
    }
    std::optional<LightningAddressRecord> holder = store_->lightning_addresses().by_name(name);
    if (!holder) throw AddressError(AddressErrc::unknown_name, "no one has this name here");
    AddressOffer out{std::move(holder->user), name + "@" + std::string(host), {}};
    out.pay.callback = callback_base + name;
    out.pay.min_sendable_msat = address_min_sendable_msat;
    out.pay.max_sendable_msat = address_max_sendable_msat;
    out.pay.metadata = lnurl::address_metadata(payment_text(out.address), out.address);
    out.pay.comment_allowed = address_comment_chars;
    return out;
}

LedgerInvoice LightningAddresses::invoice(const AddressOffer& offer, std::string_view query) {
    const lnurl::PayCallback call = lnurl::parse_pay_callback(query, offer.pay);
    const std::string description = call.comment.value_or(payment_text(offer.address));
    return accounts_.create_invoice(offer.user, call.amount_msat, description, lnurl::metadata_hash(offer.pay.metadata),
                                    address_invoice_expiry_s);
}

}  // namespace flash::node::lightning
