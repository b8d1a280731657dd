#include "offline/ndef/mime_record.hpp"

#include "core/codec/ascii.hpp"
#include "core/error.hpp"

namespace flash::offline::ndef {

namespace {

bool is_token_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view text) {
    if (text.empty()) return false;
    for (const char c : text)
        if (!is_token_char(c)) return false;
    return true;
}

}  // namespace

bool is_media_type(std::string_view media_type) noexcept {
    const std::size_t semicolon = media_type.find(';');
    const std::string_view essence = media_type.substr(0, semicolon);
    const std::size_t slash = essence.find('/');
    if (slash == std::string_view::npos || !is_token(essence.substr(0, slash)) || !is_token(essence.substr(slash + 1)))
        return false;
    if (semicolon != std::string_view::npos)
        for (const char c : media_type.substr(semicolon))
            if (c < 0x20 || c >= 0x7f) return false;
    return true;
}

Record make_mime_record(std::string_view media_type, ByteView data) {
    if (!is_media_type(media_type)) throw Error(Errc::bad_argument, "not a media type: " + std::string(media_type));
    const std::string type = codec::ascii_lower(media_type);
    return Record{Tnf::media, Bytes(type.begin(), type.end()), {}, Bytes(data.begin(), data.end())};
}

std::string mime_type(const Record& record) {
    if (record.tnf != Tnf::media) throw Error(Errc::bad_argument, "not an NDEF media record");
    const std::string_view type = as_chars(record.type);
    if (!is_media_type(type)) throw Error(Errc::bad_ndef, "NDEF media record with an invalid media type");
    return codec::ascii_lower(type);
}

}  // namespace flash::offline::ndef
