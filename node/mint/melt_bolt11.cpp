// NUT-05 with the bolt11 method (NUT-23) and NUT-08 fee return: melt quotes paid over Lightning.
//
// A melt is two transactions around the Lightning call: begin_melt (quote PENDING, inputs
// reserved) before pay(), then finish_melt_paid/failed with what the backend says. A crash in
// between leaves the quote PENDING; reconcile() asks the backend what became of the payment.
#include "core/cashu/mint_error.hpp"
#include "core/cashu/nut08.hpp"
#include "core/codec/hex.hpp"
#include "core/error.hpp"
#include "node/mint/mint.hpp"
#include "node/mint/quote_id.hpp"
#include "node/mint/transaction.hpp"

namespace flash::node::mint {
namespace {

using cashu::MintErrc;
using cashu::MintError;

/// The routing fee the wallet must lock up front: 1%, at least 2 sats (what the fee return
/// gives back is the difference to the fee actually paid).
cashu::Amount fee_reserve_for(cashu::Amount amount) { return std::max<cashu::Amount>(2, amount / 100); }

cashu::Amount msat_to_sat_up(std::uint64_t msat) { return msat / 1000 + (msat % 1000 != 0 ? 1 : 0); }

}  // namespace

cashu::MeltQuote Mint::create_melt_quote(const cashu::MeltQuoteRequest& request) {
    if (request.unit != keyring_.active().record.unit) {
        throw MintError(MintErrc::unsupported_unit, "unsupported unit " + request.unit);
    }
    lightning::DecodedInvoice invoice;
    try {
        invoice = lightning_.decode(request.request);
    } catch (const Error& e) {
        throw MintError(MintErrc::bad_request, std::string("invoice: ") + e.what());
    }
    if (!invoice.amount_msat) throw MintError(MintErrc::amountless_not_supported, "amountless invoices are not supported");
    const cashu::Amount amount = msat_to_sat_up(*invoice.amount_msat);
    if (amount == 0 || amount > config_.max_amount) {
        throw MintError(MintErrc::amount_out_of_limit, "amount must be in [1, " + std::to_string(config_.max_amount) + "]");
    }
    MeltQuoteRecord record;
    record.quote.quote = new_quote_id();
    record.quote.request = request.request;
    record.quote.amount = amount;
    record.quote.unit = request.unit;
    record.quote.fee_reserve = fee_reserve_for(amount);
    record.quote.state = cashu::MeltQuoteState::unpaid;
    record.quote.expiry = std::min<std::uint64_t>(invoice.expiry_unix, now_s_() + config_.quote_expiry_s);
    record.payment_hash = invoice.payment_hash;
    record.created_at = now_s_();
    store_.add_melt_quote(record);
    return record.quote;
}

cashu::MeltQuote Mint::melt_quote(const std::string& id) {
    std::optional<MeltQuoteRecord> record = store_.melt_quote(id);
    if (!record) throw MintError(MintErrc::bad_request, "unknown quote");
    if (record->quote.state == cashu::MeltQuoteState::pending) {
        reconcile();
        record = store_.melt_quote(id);
    }
    return record->quote;
}

cashu::MeltQuote Mint::melt(const cashu::MeltRequest& request) {
    std::optional<MeltQuoteRecord> record = store_.melt_quote(request.quote);
    if (!record) throw MintError(MintErrc::bad_request, "unknown quote");
    const cashu::MeltQuote& quote = record->quote;
    if (quote.state == cashu::MeltQuoteState::pending) throw MintError(MintErrc::quote_pending, "quote is pending");
    if (quote.state == cashu::MeltQuoteState::paid) throw MintError(MintErrc::invoice_already_paid, "already paid");
    if (quote.expiry && static_cast<std::uint64_t>(now_s_()) > *quote.expiry) {
        throw MintError(MintErrc::quote_expired, "quote expired");
    }
    check_outputs(keyring_, request.outputs, Outputs::blank);
    const VerifiedInputs in = verify_inputs(keyring_, request.inputs, request.outputs, request.quote,
                                            static_cast<std::uint64_t>(now_s_()));
    const cashu::Amount needed = checked_add(checked_add(quote.amount, quote.fee_reserve), in.fee);
    if (in.total < needed) {
        throw MintError(MintErrc::transaction_unbalanced,
                        "inputs " + std::to_string(in.total) + " < amount + fee reserve + input fee " +
                            std::to_string(needed));
    }
    std::vector<crypto::PublicKey> blanks;
    std::vector<cashu::KeysetId> blank_keysets;
    for (const cashu::BlindedMessage& output : request.outputs) {
        blanks.push_back(output.B_);
        blank_keysets.push_back(output.id);
    }
    store_.begin_melt(quote.quote, in.proofs, blanks, blank_keysets, in.fee);
    record->quote.state = cashu::MeltQuoteState::pending;
    MintChange reserved;
    for (const SpentProof& proof : in.proofs) reserved.proof_states.push_back({proof.Y, cashu::ProofState::pending, {}});
    notify(std::move(reserved));

    lightning::PaymentResult result;
    try {
        result = lightning_.pay(quote.request, quote.fee_reserve * 1000);
    } catch (const std::exception&) {
        // The backend may or may not have the payment: the quote stays PENDING and reconcile()
        // asks it again later, so the inputs are neither lost nor spendable twice.
        return record->quote;
    }
    const PendingMelt pending{*record, in.total, in.fee, std::move(blanks), std::move(blank_keysets)};
    cashu::MeltQuote settled = settle(pending, result);
    if (result.status == lightning::PaymentStatus::failed) {
        throw MintError(MintErrc::lightning_payment_failed, "payment failed: " + result.failure_reason);
    }
    return settled;
}

std::size_t Mint::reconcile() {
    std::size_t in_flight = 0;
    for (const PendingMelt& pending : store_.pending_melts()) {
        const lightning::PaymentResult result = lightning_.payment(pending.quote.payment_hash);
        if (settle(pending, result).state == cashu::MeltQuoteState::pending) ++in_flight;
    }
    return in_flight;
}

cashu::MeltQuote Mint::settle(const PendingMelt& pending, const lightning::PaymentResult& result) {
    cashu::MeltQuote quote = pending.quote.quote;
    switch (result.status) {
    case lightning::PaymentStatus::in_flight:
        return quote;
    case lightning::PaymentStatus::failed:
    case lightning::PaymentStatus::unknown: {
        // unknown: the crash came before pay() reached the backend, so nothing was paid.
        store_.finish_melt_failed(quote.quote);
        quote.state = cashu::MeltQuoteState::unpaid;
        notify({.melt_quote = quote});
        return quote;
    }
    case lightning::PaymentStatus::succeeded:
        break;
    }
    const cashu::Amount fee_paid = msat_to_sat_up(result.fee_msat);
    const cashu::Amount spent = quote.amount + fee_paid + pending.input_fee;
    const cashu::Amount overpaid = pending.inputs_total > spent ? pending.inputs_total - spent : 0;
    const std::vector<cashu::Amount> amounts = cashu::change_amounts(overpaid, pending.blank_outputs.size());
    std::vector<cashu::BlindedMessage> blanks;
    for (std::size_t i = 0; i < amounts.size(); ++i) {
        blanks.push_back({amounts[i], pending.blank_output_keysets[i], pending.blank_outputs[i]});
    }
    std::vector<IssuedSignature> issued = sign_outputs(keyring_, blanks, amounts);
    const ByteArray<32> preimage = result.preimage.value_or(ByteArray<32>{});
    store_.finish_melt_paid(quote.quote, preimage, fee_paid, issued);

    quote.state = cashu::MeltQuoteState::paid;
    quote.payment_preimage = codec::hex_encode(preimage);
    for (IssuedSignature& signature : issued) quote.change.push_back(std::move(signature.signature));
    notify({.melt_quote = quote});
    return quote;
}

}  // namespace flash::node::mint
