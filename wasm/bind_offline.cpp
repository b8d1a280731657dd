// Offline eCash for JS: the frames of a NUT-16 animated QR code (offline/ur) and NFC NDEF messages
// (offline/ndef), in the shapes a PWA needs:
//   const enc = core.urEncoder(new TextEncoder().encode(token), 150);  // call enc.delete() when done
//   setInterval(() => showQr(enc.nextPart()), 250);                     // "UR:BYTES/3-12/..."
//   const dec = core.urDecoder();
//   dec.receivePart(scanned);   // true if it helped; throws Error {code: "bad_ur" | "ur_mismatch" | ...}
//   dec.progress();             // 0..100
//   if (dec.isComplete()) token = new TextDecoder().decode(dec.result());
//
//   await reader.write({records: [core.ndefTokenRecord(token, "binary", "")]});   // Web NFC
//   const bytes = core.ndefEncode([core.ndefTokenRecord(token, "url", location.href)]);  // raw NDEF
//   core.ndefParse(bytes)   // {records: [...], token: "cashuB..." | null}
// Records in and out use Web NFC's NDEFRecordInit fields (recordType, mediaType, lang, id, data:
// a string for "text" and "url", a Uint8Array otherwise), so they pass to NDEFReader.write as they
// are; parsed records add tnf, type and the raw payload.
#include <emscripten/bind.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/cashu/token.hpp"
#include "offline/ndef/cashu_records.hpp"
#include "offline/ndef/mime_record.hpp"
#include "offline/ndef/record.hpp"
#include "offline/ndef/text_record.hpp"
#include "offline/ndef/uri_record.hpp"
#include "offline/ur/ur.hpp"
#include "offline/ur/ur_decoder.hpp"
#include "offline/ur/ur_encoder.hpp"
#include "wasm/bind_support.hpp"

namespace flash::wasm {
namespace {

namespace ur = offline::ur;
namespace ndef = offline::ndef;

class JsUrEncoder {
public:
    explicit JsUrEncoder(ur::UrEncoder encoder) : encoder_(std::move(encoder)) {}
    std::string next_part() { return guarded([&] { return encoder_.next_part(); }); }
    double seq_len() const { return static_cast<double>(encoder_.seq_len()); }
    bool is_single_part() const { return encoder_.is_single_part(); }

private:
    ur::UrEncoder encoder_;
};

class JsUrDecoder {
public:
    bool receive_part(const std::string& text) { return guarded([&] { return decoder_.receive_part(text); }); }
    double progress() const { return decoder_.progress_percent(); }
    bool is_complete() const { return decoder_.is_complete(); }
    double expected_part_count() const { return static_cast<double>(decoder_.expected_part_count()); }
    double received_part_count() const { return static_cast<double>(decoder_.received_part_count()); }
    /// The payload of the ur:bytes (for NUT-16, the token text's bytes).
    val result() const { return guarded([&] { return bytes_out(ur::bytes_payload(decoder_.result())); }); }

private:
    ur::UrDecoder decoder_;
};

/// `bytes` (a Uint8Array) as a ur:bytes in fragments of at most `max_fragment` bytes (10..4096).
JsUrEncoder ur_encoder(const val& bytes, double max_fragment) {
    return guarded([&] {
        if (!(max_fragment >= 10 && max_fragment <= 4096) || std::floor(max_fragment) != max_fragment)
            throw Error(Errc::bad_argument, "maxFragment must be a whole number from 10 to 4096");
        return JsUrEncoder(ur::UrEncoder(ur::bytes_ur(bytes_in(bytes)), static_cast<std::size_t>(max_fragment)));
    });
}

JsUrDecoder ur_decoder() { return JsUrDecoder(); }

Bytes text_bytes(const std::string& text) { return Bytes(text.begin(), text.end()); }

std::string string_field(const val& object, const char* name) {
    const val field = object[name];
    if (!field.isString()) throw Error(Errc::bad_argument, std::string("NDEF record: '") + name + "' must be a string");
    return field.as<std::string>();
}

/// One record from {recordType, data, lang?, mediaType?, id?}.
ndef::Record record_in(const val& init) {
    const std::string type = string_field(init, "recordType");
    ndef::Record record;
    if (type == "empty") {
        record = ndef::Record{};
    } else if (type == "text") {
        record = ndef::make_text_record(string_field(init, "data"), init["lang"].isString() ? init["lang"].as<std::string>() : "en");
    } else if (type == "url") {
        record = ndef::make_uri_record(string_field(init, "data"));
    } else if (type == "absolute-url") {
        record = ndef::Record{ndef::Tnf::absolute_uri, text_bytes(string_field(init, "data")), {}, {}};
    } else if (type == "mime") {
        record = ndef::make_mime_record(string_field(init, "mediaType"), bytes_in(init["data"]));
    } else if (type == "unknown") {
        record = ndef::Record{ndef::Tnf::unknown, {}, {}, bytes_in(init["data"])};
    } else if (type.find(':') != std::string::npos) {  // an external type such as "android.com:pkg"
        record = ndef::Record{ndef::Tnf::external, text_bytes(type), {}, bytes_in(init["data"])};
    } else {
        throw Error(Errc::bad_argument, "unknown NDEF recordType '" + type + "'");
    }
    if (init["id"].isString()) record.id = text_bytes(init["id"].as<std::string>());
    return record;
}

/// {tnf, recordType, type, id, payload, data} plus {lang} for text, {mediaType} for mime.
val record_out(const ndef::Record& record) {
    val out = val::object();
    out.set("tnf", static_cast<int>(record.tnf));
    out.set("type", bytes_out(record.type));
    out.set("id", std::string(as_chars(record.id)));
    out.set("payload", bytes_out(record.payload));
    out.set("data", bytes_out(record.payload));
    std::string record_type(as_chars(record.type));
    if (record.tnf == ndef::Tnf::empty) {
        record_type = "empty";
    } else if (ndef::has_well_known_type(record, "T")) {
        const ndef::TextRecord text = ndef::parse_text_record(record);
        record_type = "text";
        out.set("lang", text.language);
        out.set("data", text.text);
    } else if (ndef::is_uri_record(record)) {
        record_type = record.tnf == ndef::Tnf::absolute_uri ? "absolute-url" : "url";
        out.set("data", ndef::parse_uri_record(record));
    } else if (ndef::has_well_known_type(record, "Sp")) {
        record_type = "smart-poster";
    } else if (record.tnf == ndef::Tnf::media) {
        record_type = "mime";
        out.set("mediaType", ndef::mime_type(record));
    } else if (record.tnf == ndef::Tnf::unknown) {
        record_type = "unknown";
    }
    out.set("recordType", record_type);
    return out;
}

/// A whole NDEF message from an array of record inits.
val ndef_encode(const val& records) {
    return guarded([&] {
        if (!records.isArray()) throw Error(Errc::bad_argument, "ndefEncode takes an array of records");
        std::vector<ndef::Record> in;
        const auto count = records["length"].as<std::size_t>();
        for (std::size_t i = 0; i < count; ++i) in.push_back(record_in(records[i]));
        return bytes_out(ndef::encode_message(in));
    });
}

/// {records, token}: every record, and the Cashu token the message carries (or null).
val ndef_parse(const val& bytes) {
    return guarded([&] {
        const std::vector<ndef::Record> records = ndef::parse_message(bytes_in(bytes));
        val list = val::array();
        for (const ndef::Record& record : records) list.call<void>("push", record_out(record));
        val out = val::object();
        out.set("records", list);
        const auto token = ndef::find_token(records);
        out.set("token", token ? val(*token) : val::null());
        return out;
    });
}

/// The record init carrying `token` as "text", "url" (page_url + "#token=" + token) or "binary"
/// (MIME application/octet-stream with the craw token), as cashu.me and Numo write them.
val ndef_token_record(const std::string& token, const std::string& form, const std::string& page_url) {
    return guarded([&] {
        val out = val::object();
        if (form == "text") {
            const ndef::TextRecord text = ndef::parse_text_record(ndef::token_text_record(token));
            out.set("recordType", std::string("text"));
            out.set("lang", text.language);
            out.set("data", text.text);
        } else if (form == "url") {
            out.set("recordType", std::string("url"));
            out.set("data", ndef::parse_uri_record(ndef::token_url_record(page_url, token)));
        } else if (form == "binary") {
            const ndef::Record record = ndef::token_binary_record(cashu::decode_token(token));
            out.set("recordType", std::string("mime"));
            out.set("mediaType", ndef::mime_type(record));
            out.set("data", bytes_out(record.payload));
        } else {
            throw Error(Errc::bad_argument, "form must be text, url or binary");
        }
        return out;
    });
}

}  // namespace

EMSCRIPTEN_BINDINGS(flash_offline) {
    using namespace emscripten;
    class_<JsUrEncoder>("UrEncoder")
        .function("nextPart", &JsUrEncoder::next_part)
        .function("seqLen", &JsUrEncoder::seq_len)
        .function("isSinglePart", &JsUrEncoder::is_single_part);
    class_<JsUrDecoder>("UrDecoder")
        .function("receivePart", &JsUrDecoder::receive_part)
        .function("progress", &JsUrDecoder::progress)
        .function("isComplete", &JsUrDecoder::is_complete)
        .function("expectedPartCount", &JsUrDecoder::expected_part_count)
        .function("receivedPartCount", &JsUrDecoder::received_part_count)
        .function("result", &JsUrDecoder::result);
    function("urEncoder", &ur_encoder);
    function("urDecoder", &ur_decoder);
    function("ndefEncode", &ndef_encode);
    function("ndefParse", &ndef_parse);
    function("ndefTokenRecord", &ndef_token_record);
}

}  // namespace flash::wasm
