// BOLT 11 invoices (pasted, scanned, or returned by an LNURL service): rejected only with
// flash::Error; an accepted invoice re-encodes (signed with another key, without its `n` field)
// to one that decodes to the same content.
#include <optional>
#include <variant>

#include "core/crypto/hash.hpp"
#include "core/lightning/bolt11.hpp"
#include "tools/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flash;
    namespace bolt11 = lightning::bolt11;
    std::optional<bolt11::SignedInvoice> decoded;
    fuzz::reject_with_typed_error([&] { decoded = bolt11::decode(fuzz::text(data, size)); });
    if (!decoded) return 0;

    bolt11::Invoice content = decoded->invoice;
    std::erase_if(content.fields, [](const bolt11::TaggedField& f) { return std::holds_alternative<bolt11::PayeeNodeId>(f); });
    static const crypto::SecretKey key = crypto::secret_key_from(crypto::sha256(as_bytes("fuzz bolt11")));
    const bolt11::SignedInvoice again = bolt11::decode(bolt11::encode(content, key));
    fuzz::require(again.invoice == content, "invoice content round trip");
    fuzz::require(again.payee == crypto::public_key(key), "payee of the re-signed invoice");
    return 0;
}
