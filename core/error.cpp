#include "core/error.hpp"

namespace flash {

std::string_view errc_name(Errc code) noexcept {
    switch (code) {
        case Errc::bad_hex: return "bad_hex";
        case Errc::bad_base64: return "bad_base64";
        case Errc::bad_base58: return "bad_base58";
        case Errc::bad_checksum: return "bad_checksum";
        case Errc::bad_bech32: return "bad_bech32";
        case Errc::bad_cbor: return "bad_cbor";
        case Errc::bad_varint: return "bad_varint";
        case Errc::bad_length: return "bad_length";
        case Errc::bad_utf8: return "bad_utf8";
        case Errc::bad_secret_key: return "bad_secret_key";
        case Errc::bad_public_key: return "bad_public_key";
        case Errc::bad_signature: return "bad_signature";
        case Errc::bad_tweak: return "bad_tweak";
        case Errc::bad_mnemonic: return "bad_mnemonic";
        case Errc::bad_derivation_path: return "bad_derivation_path";
        case Errc::bad_extended_key: return "bad_extended_key";
        case Errc::bad_address: return "bad_address";
        case Errc::bad_ncryptsec: return "bad_ncryptsec";
        case Errc::decrypt_failed: return "decrypt_failed";
        case Errc::crypto_failure: return "crypto_failure";
        case Errc::bad_argument: return "bad_argument";
        case Errc::bad_json: return "bad_json";
        case Errc::bad_event: return "bad_event";
        case Errc::bad_filter: return "bad_filter";
        case Errc::bad_message: return "bad_message";
        case Errc::bad_nip19: return "bad_nip19";
        case Errc::bad_payload: return "bad_payload";
        case Errc::too_large: return "too_large";
        case Errc::bad_token: return "bad_token";
        case Errc::bad_keyset: return "bad_keyset";
        case Errc::bad_spending_condition: return "bad_spending_condition";
        case Errc::bad_invoice: return "bad_invoice";
        case Errc::bad_uri: return "bad_uri";
        case Errc::bad_lnurl: return "bad_lnurl";
        case Errc::bad_card_message: return "bad_card_message";
        case Errc::service_error: return "service_error";
        case Errc::invoice_mismatch: return "invoice_mismatch";
        case Errc::unknown_payment_target: return "unknown_payment_target";
        case Errc::bad_transaction: return "bad_transaction";
        case Errc::bad_psbt: return "bad_psbt";
        case Errc::insufficient_funds: return "insufficient_funds";
        case Errc::storage: return "storage";
        case Errc::bad_config: return "bad_config";
        case Errc::bad_ur: return "bad_ur";
        case Errc::ur_mismatch: return "ur_mismatch";
        case Errc::bad_ndef: return "bad_ndef";
    }
    return "unknown";
}

void require_size(std::size_t actual, std::size_t expected, const char* what) {
    if (actual != expected)
        throw Error(Errc::bad_length, std::string(what) + " must be " + std::to_string(expected) + " bytes");
}

}  // namespace flash
