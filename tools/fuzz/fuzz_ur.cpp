// UR strings (NUT-16 animated QR frames) and what they carry:
//  - the input as bytewords in each style: accepted text re-encodes to its lower-case self;
//  - the input as a fountain part's CBOR: an accepted part encodes to CBOR that decodes to it;
//  - the input's lines as the frames a scanner reads, in order, into one UrDecoder (a refused frame
//    leaves it going on with the next): an accepted frame re-encodes to a frame that reads the
//    same, and a completed ur:bytes yields its payload or a typed error;
//  - the input's lines as parts' CBOR, both framed as UR strings into a UrDecoder and given to a
//    FountainDecoder: the two layers agree on every part and complete together with one message.
// Outside input is rejected only with flash::Error.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "offline/ur/bytewords.hpp"
#include "offline/ur/fountain_decoder.hpp"
#include "offline/ur/fountain_part.hpp"
#include "offline/ur/ur.hpp"
#include "offline/ur/ur_decoder.hpp"
#include "tools/fuzz/fuzz_support.hpp"

namespace {

using namespace flash;
using namespace flash::offline::ur;

// Enough frames to rebuild a message of over 64 fragments (more than one word of decoder
// columns); each refused frame costs a few exceptions, so more would only slow the fuzzer down.
constexpr std::size_t max_frames = 128;

std::vector<std::string_view> lines(std::string_view input) {
    std::vector<std::string_view> out;
    for (std::size_t newline; out.size() + 1 < max_frames && (newline = input.find('\n')) != std::string_view::npos;
         input.remove_prefix(newline + 1))
        out.push_back(input.substr(0, newline));
    out.push_back(input);
    return out;
}

void check_bytewords(std::string_view input) {
    for (const auto style : {BytewordsStyle::standard, BytewordsStyle::uri, BytewordsStyle::minimal}) {
        std::optional<Bytes> data;
        fuzz::reject_with_typed_error([&] { data = bytewords_decode(input, style); });
        if (data) fuzz::require(bytewords_encode(*data, style) == fuzz::lower_ascii(input), "bytewords round trip");
    }
}

void check_part_cbor(ByteView cbor) {
    std::optional<FountainPart> part;
    fuzz::reject_with_typed_error([&] { part = decode_part(cbor); });
    if (part) fuzz::require(decode_part(encode_part(*part)) == *part, "fountain part CBOR round trip");
}

// One frame as a scanner reads it: parsed on its own, then given to the decoder.
void check_frame(std::string_view frame, UrDecoder& decoder) {
    std::optional<ParsedUr> parsed;
    fuzz::reject_with_typed_error([&] { parsed = parse_ur(frame); });
    if (parsed && !parsed->seq) {
        fuzz::require(encode_single_part({parsed->type, parsed->cbor}) == fuzz::lower_ascii(frame), "single-part UR round trip");
    } else if (parsed) {
        // Sequence numbers may have leading zeros, so compare what the frame says, not its text.
        std::optional<FountainPart> part;
        fuzz::reject_with_typed_error([&] { part = decode_part(parsed->cbor); });
        if (part) {
            const ParsedUr again = parse_ur(encode_multi_part(parsed->type, *part));
            fuzz::require(again.type == parsed->type && decode_part(again.cbor) == *part, "multi-part UR round trip");
        }
    }
    const bool was_complete = decoder.is_complete();
    fuzz::reject_with_typed_error([&] { decoder.receive_part(frame); });
    if (!was_complete && decoder.is_complete() && decoder.result().type == "bytes")
        fuzz::reject_with_typed_error([&] { (void)bytes_payload(decoder.result()); });
}

// The same part through the UR layer and straight into the fountain layer.
void check_layers_agree(ByteView cbor, UrDecoder& ur_decoder, FountainDecoder& fountain_decoder) {
    std::optional<FountainPart> part;
    fuzz::reject_with_typed_error([&] { part = decode_part(cbor); });
    if (!part) return;
    const auto receive = [](auto&& add) -> std::pair<std::optional<Errc>, bool> {
        try {
            return {std::nullopt, add()};
        } catch (const Error& e) {
            return {e.code(), false};
        }
    };
    const std::string frame = encode_multi_part("bytes", *part);
    const auto by_ur = receive([&] { return ur_decoder.receive_part(frame); });
    const auto by_fountain = receive([&] { return fountain_decoder.receive_part(*part); });
    fuzz::require(by_ur == by_fountain, "UR and fountain decoders answer a part alike");
    fuzz::require(ur_decoder.is_complete() == fountain_decoder.is_complete(), "UR and fountain decoders complete together");
    fuzz::require(ur_decoder.progress_percent() == fountain_decoder.progress_percent(), "UR and fountain decoders progress alike");
    if (ur_decoder.is_complete())
        fuzz::require(ur_decoder.result().cbor == fountain_decoder.message(), "UR and fountain decoders rebuild one message");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = fuzz::text(data, size);
    check_bytewords(input);
    check_part_cbor(ByteView(data, size));

    UrDecoder frames;
    UrDecoder ur_layer;
    FountainDecoder fountain_layer;
    for (const std::string_view line : lines(input)) {
        check_frame(line, frames);
        check_layers_agree(as_bytes(line), ur_layer, fountain_layer);
    }
    return 0;
}
