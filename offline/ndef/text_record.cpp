#include "offline/ndef/text_record.hpp"

#include "core/codec/utf8.hpp"
#include "core/error.hpp"

namespace flash::offline::ndef {

namespace {

constexpr std::uint8_t kUtf16 = 0x80, kLanguageLengthMask = 0x3f;

bool is_language_code(std::string_view code) {
    for (const char c : code)
        if (c <= 0x20 || c >= 0x7f) return false;
    return true;
}

}  // namespace

Record make_text_record(std::string_view text, std::string_view language) {
    if (language.size() > kLanguageLengthMask || !is_language_code(language))
        throw Error(Errc::bad_argument, "NDEF text: language code must be up to 63 printable ASCII characters");
    if (!codec::is_utf8(text)) throw Error(Errc::bad_argument, "NDEF text: not UTF-8");
    Record record{Tnf::well_known, Bytes{'T'}, {}, {}};
    record.payload.push_back(static_cast<std::uint8_t>(language.size()));
    record.payload.insert(record.payload.end(), language.begin(), language.end());
    record.payload.insert(record.payload.end(), text.begin(), text.end());
    return record;
}

TextRecord parse_text_record(const Record& record) {
    if (!has_well_known_type(record, "T")) throw Error(Errc::bad_argument, "not an NDEF text record");
    if (record.payload.empty()) throw Error(Errc::bad_ndef, "NDEF text: no status byte");
    const std::uint8_t status = record.payload[0];
    const std::size_t language_length = status & kLanguageLengthMask;
    if (language_length + 1 > record.payload.size()) throw Error(Errc::bad_ndef, "NDEF text: language code runs past the payload");
    const ByteView payload(record.payload);
    TextRecord text;
    text.language = std::string(as_chars(payload.subspan(1, language_length)));
    if (!is_language_code(text.language)) throw Error(Errc::bad_ndef, "NDEF text: language code is not printable ASCII");
    const ByteView body = payload.subspan(1 + language_length);
    if (status & kUtf16) throw Error(Errc::bad_ndef, "NDEF text: UTF-16 text is not supported");
    text.text = std::string(as_chars(body));
    if (!codec::is_utf8(text.text)) throw Error(Errc::bad_ndef, "NDEF text: invalid UTF-8");
    return text;
}

}  // namespace flash::offline::ndef
