#include "offline/ndef/uri_record.hpp"

#include <array>

#include "core/codec/utf8.hpp"
#include "core/error.hpp"

namespace flash::offline::ndef {

namespace {

// RTD-URI 1.0 Table 3: the prefix each identifier code stands for (0x24..0xFF are reserved).
constexpr std::array<std::string_view, 0x24> kPrefixes = {
    "",           "http://www.", "https://www.", "http://",     "https://",    "tel:",
    "mailto:",    "ftp://anonymous:anonymous@",  "ftp://ftp.",  "ftps://",     "sftp://",
    "smb://",     "nfs://",      "ftp://",       "dav://",      "news:",       "telnet://",
    "imap:",      "rtsp://",     "urn:",         "pop:",        "sip:",        "sips:",
    "tftp:",      "btspp://",    "btl2cap://",   "btgoep://",   "tcpobex://",  "irdaobex://",
    "file://",    "urn:epc:id:", "urn:epc:tag:", "urn:epc:pat:", "urn:epc:raw:", "urn:epc:",
    "urn:nfc:"};

void check_uri(std::string_view uri, Errc code) {
    if (uri.empty()) throw Error(code, "NDEF URI: empty");
    if (!codec::is_utf8(uri)) throw Error(code, "NDEF URI: not UTF-8");
    for (const char c : uri)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) throw Error(code, "NDEF URI: control character");
}

}  // namespace

Record make_uri_record(std::string_view uri) {
    check_uri(uri, Errc::bad_argument);
    std::size_t code = 0;
    for (std::size_t i = 1; i < kPrefixes.size(); ++i)
        if (uri.starts_with(kPrefixes[i]) && kPrefixes[i].size() > kPrefixes[code].size()) code = i;
    const std::string_view rest = uri.substr(kPrefixes[code].size());
    Bytes payload;
    payload.reserve(1 + rest.size());
    payload.push_back(static_cast<std::uint8_t>(code));
    payload.insert(payload.end(), rest.begin(), rest.end());
    return Record{Tnf::well_known, Bytes{'U'}, {}, std::move(payload)};
}

bool is_uri_record(const Record& record) noexcept {
    return has_well_known_type(record, "U") || record.tnf == Tnf::absolute_uri;
}

std::string parse_uri_record(const Record& record) {
    if (!is_uri_record(record)) throw Error(Errc::bad_argument, "not an NDEF URI record");
    std::string uri;
    if (record.tnf == Tnf::absolute_uri) {
        uri = std::string(as_chars(record.type));
    } else {
        if (record.payload.empty()) throw Error(Errc::bad_ndef, "NDEF URI: no identifier code");
        const std::uint8_t code = record.payload[0];
        if (code >= kPrefixes.size()) throw Error(Errc::bad_ndef, "NDEF URI: reserved identifier code");
        uri = std::string(kPrefixes[code]) + std::string(as_chars(ByteView(record.payload).subspan(1)));
    }
    check_uri(uri, Errc::bad_ndef);
    return uri;
}

}  // namespace flash::offline::ndef
