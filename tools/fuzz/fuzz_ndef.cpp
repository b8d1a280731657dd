// NDEF messages as an NFC tag or a paying phone hands them over, and the Cashu records in them:
//  - an accepted message encodes to bytes that parse to the same records;
//  - each Text, URI and MIME record is read or rejected; what is read makes a record that reads
//    the same;
//  - find_token answers for each record and for the message; a token it re-encoded from a `craw`
//    payload decodes to the payload's token;
//  - the input as the text, URL or binary payload of a record wallets write: find_token answers,
//    and a token token_in_text finds is found again in itself.
// Outside input is rejected only with flash::Error.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/cashu/token.hpp"
#include "offline/ndef/cashu_records.hpp"
#include "offline/ndef/mime_record.hpp"
#include "offline/ndef/record.hpp"
#include "offline/ndef/text_record.hpp"
#include "offline/ndef/uri_record.hpp"
#include "tools/fuzz/fuzz_support.hpp"

namespace {

using namespace flash;
using namespace flash::offline::ndef;

void check_record(const Record& record) {
    if (has_well_known_type(record, "T")) {
        std::optional<TextRecord> text;
        fuzz::reject_with_typed_error([&] { text = parse_text_record(record); });
        if (text) fuzz::require(parse_text_record(make_text_record(text->text, text->language)) == *text, "Text record round trip");
    } else if (is_uri_record(record)) {
        std::optional<std::string> uri;
        fuzz::reject_with_typed_error([&] { uri = parse_uri_record(record); });
        if (uri) fuzz::require(parse_uri_record(make_uri_record(*uri)) == *uri, "URI record round trip");
    } else if (record.tnf == Tnf::media) {
        std::optional<std::string> type;
        fuzz::reject_with_typed_error([&] { type = mime_type(record); });
        if (type) fuzz::require(mime_type(make_mime_record(*type, record.payload)) == *type, "MIME record round trip");
    }
}

// find_token on one record; a token from a binary payload must be the payload's token.
void check_token_record(const Record& record) {
    std::optional<std::string> token;
    fuzz::reject_with_typed_error([&] { token = find_token(std::span(&record, 1)); });
    if (token && record.tnf == Tnf::media && as_chars(record.payload).starts_with("craw"))
        fuzz::require(cashu::decode_token(*token) == cashu::decode_token_raw(record.payload), "craw token re-encodes as cashuB");
}

void check_message(ByteView bytes) {
    std::optional<std::vector<Record>> records;
    fuzz::reject_with_typed_error([&] { records = parse_message(bytes); });
    if (!records) return;
    // Outside the catch: what we accepted must encode and parse again without any error.
    fuzz::require(parse_message(encode_message(*records)) == *records, "NDEF message round trip");
    for (const Record& record : *records) {
        check_record(record);
        check_token_record(record);
    }
    fuzz::reject_with_typed_error([&] { (void)find_token(*records); });
}

void check_wallet_records(std::string_view input) {
    if (const auto token = token_in_text(input)) fuzz::require(token_in_text(*token) == token, "token_in_text finds its own token");
    check_token_record(make_mime_record(octet_stream, as_bytes(input)));
    // Text that is not UTF-8 (or, for a URI, is empty or holds controls) makes no record.
    std::optional<Record> text_record, uri_record;
    fuzz::reject_with_typed_error([&] { text_record = token_text_record(input); });
    fuzz::reject_with_typed_error([&] { uri_record = make_uri_record(input); });
    if (text_record) check_token_record(*text_record);
    if (uri_record) check_token_record(*uri_record);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    check_message(ByteView(data, size));
    check_wallet_records(fuzz::text(data, size));
    return 0;
}
