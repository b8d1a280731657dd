// NUT-04 with the bolt11 method (NUT-23): mint quotes backed by Lightning invoices.
#include "core/cashu/mint_error.hpp"
#include "core/cashu/nut20.hpp"
#include "node/mint/mint.hpp"
#include "node/mint/quote_id.hpp"
#include "node/mint/transaction.hpp"

namespace flash::node::mint {

using cashu::MintErrc;
using cashu::MintError;

cashu::MintQuote Mint::create_mint_quote(const cashu::MintQuoteRequest& request) {
    if (request.unit != keyring_.active().record.unit) {
        throw MintError(MintErrc::unsupported_unit, "unsupported unit " + request.unit);
    }
    if (request.amount == 0 || request.amount > config_.max_amount) {
        throw MintError(MintErrc::amount_out_of_limit, "amount must be in [1, " + std::to_string(config_.max_amount) + "]");
    }
    const lightning::Invoice invoice = lightning_.create_invoice(
        request.amount * 1000, request.description.value_or(config_.name), config_.quote_expiry_s);

    MintQuoteRecord record;
    record.quote.quote = new_quote_id();
    record.quote.request = invoice.bolt11;
    record.quote.amount = request.amount;
    record.quote.unit = request.unit;
    record.quote.state = cashu::MintQuoteState::unpaid;
    record.quote.expiry = invoice.expiry_unix;
    record.quote.pubkey = request.pubkey;
    record.payment_hash = invoice.payment_hash;
    record.created_at = now_s_();
    store_.add_mint_quote(record);
    return record.quote;
}

cashu::MintQuote Mint::mint_quote(const std::string& id) {
    std::optional<MintQuoteRecord> record = store_.mint_quote(id);
    if (!record) throw MintError(MintErrc::bad_request, "unknown quote");
    if (record->quote.state == cashu::MintQuoteState::unpaid &&
        lightning_.invoice_state(record->payment_hash) == lightning::InvoiceState::settled) {
        record = store_.mark_mint_quote_paid(id);
        notify({.mint_quote = record->quote});
    }
    return record->quote;
}

cashu::SwapResponse Mint::mint(const cashu::MintRequest& request) {
    const cashu::MintQuote quote = mint_quote(request.quote);
    if (quote.state == cashu::MintQuoteState::unpaid) throw MintError(MintErrc::quote_not_paid, "quote not paid");
    if (quote.state == cashu::MintQuoteState::issued) throw MintError(MintErrc::tokens_already_issued, "already issued");
    if (quote.pubkey) {
        if (!request.signature ||
            !cashu::nut20_verify(request.quote, request.outputs, *quote.pubkey, *request.signature)) {
            throw MintError(MintErrc::witness_invalid, "missing or invalid NUT-20 signature");
        }
    }
    const cashu::Amount out = check_outputs(keyring_, request.outputs, Outputs::with_amounts);
    if (out != quote.amount) {
        throw MintError(MintErrc::transaction_unbalanced,
                        "outputs " + std::to_string(out) + " != quote amount " + std::to_string(quote.amount));
    }
    std::vector<IssuedSignature> issued = sign_outputs(keyring_, request.outputs, amounts_of(request.outputs));
    store_.issue_mint_quote(request.quote, issued);

    cashu::SwapResponse response;
    for (IssuedSignature& signature : issued) response.signatures.push_back(std::move(signature.signature));
    cashu::MintQuote issued_quote = quote;
    issued_quote.state = cashu::MintQuoteState::issued;
    notify({.mint_quote = issued_quote});
    return response;
}

}  // namespace flash::node::mint
