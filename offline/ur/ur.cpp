#include "offline/ur/ur.hpp"

#include <charconv>
#include <limits>
#include <vector>

#include "core/codec/ascii.hpp"
#include "core/codec/cbor.hpp"
#include "core/error.hpp"

namespace flash::offline::ur {

namespace {

[[noreturn]] void fail(const std::string& detail) { throw Error(Errc::bad_ur, detail); }

std::string cased(std::string text, LetterCase letter_case) {
    return letter_case == LetterCase::upper ? codec::ascii_upper(text) : text;
}

// A decimal number in 1..2^32-1, digits only.
std::uint32_t parse_sequence_number(std::string_view text) {
    std::uint64_t value = 0;
    if (text.empty() || text.size() > 10 || text.find_first_not_of("0123456789") != std::string_view::npos)
        fail("bad sequence component");
    std::from_chars(text.data(), text.data() + text.size(), value);
    if (value == 0 || value > std::numeric_limits<std::uint32_t>::max()) fail("sequence number out of range");
    return static_cast<std::uint32_t>(value);
}

}  // namespace

bool is_ur_type(std::string_view type) noexcept {
    if (type.empty()) return false;
    for (const char c : type)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

Ur bytes_ur(ByteView payload) { return {"bytes", codec::cbor_encode(codec::Cbor(Bytes(payload.begin(), payload.end())))}; }

Bytes bytes_payload(const Ur& ur) {
    if (ur.type != "bytes") fail("expected a ur:bytes, got ur:" + ur.type);
    try {
        return codec::cbor_decode(ur.cbor, 0).as_bytes();
    } catch (const Error& e) {
        fail(std::string("ur:bytes does not hold one CBOR byte string: ") + e.what());
    }
}

std::string encode_single_part(const Ur& ur, LetterCase letter_case) {
    if (!is_ur_type(ur.type)) throw Error(Errc::bad_argument, "invalid UR type: " + ur.type);
    return cased("ur:" + ur.type + "/", letter_case) + bytewords_encode(ur.cbor, BytewordsStyle::minimal, letter_case);
}

std::string encode_multi_part(std::string_view type, const FountainPart& part, LetterCase letter_case) {
    if (!is_ur_type(type)) throw Error(Errc::bad_argument, "invalid UR type: " + std::string(type));
    return cased("ur:" + std::string(type) + "/", letter_case) + std::to_string(part.seq_num) + "-" +
           std::to_string(part.seq_len) + "/" + bytewords_encode(encode_part(part), BytewordsStyle::minimal, letter_case);
}

ParsedUr parse_ur(std::string_view text) {
    const std::string lower = codec::ascii_lower(text);
    if (!lower.starts_with("ur:")) fail("not a UR (no ur: scheme)");
    std::vector<std::string_view> components;
    std::string_view rest = std::string_view(lower).substr(3);
    for (std::size_t slash; (slash = rest.find('/')) != std::string_view::npos; rest.remove_prefix(slash + 1))
        components.push_back(rest.substr(0, slash));
    components.push_back(rest);
    if (components.size() < 2 || components.size() > 3) fail("a UR has a type and one or two path components");
    for (const std::string_view component : components)
        if (component.empty()) fail("empty UR path component");

    ParsedUr parsed;
    parsed.type = std::string(components[0]);
    if (!is_ur_type(parsed.type)) fail("invalid UR type");
    if (components.size() == 3) {
        const std::string_view seq = components[1];
        const std::size_t dash = seq.find('-');
        if (dash == std::string_view::npos) fail("bad sequence component");
        parsed.seq = {parse_sequence_number(seq.substr(0, dash)), parse_sequence_number(seq.substr(dash + 1))};
    }
    parsed.cbor = bytewords_decode(components.back(), BytewordsStyle::minimal);
    return parsed;
}

Ur decode_single_part(std::string_view text) {
    ParsedUr parsed = parse_ur(text);
    if (parsed.seq) fail("expected a single-part UR");
    return {std::move(parsed.type), std::move(parsed.cbor)};
}

}  // namespace flash::offline::ur
