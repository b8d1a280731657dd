#include "core/cashu/token.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <utility>

#include "core/cashu/proof_json.hpp"
#include "core/codec/base64.hpp"
#include "core/codec/cbor.hpp"
#include "core/codec/utf8.hpp"
#include "core/error.hpp"
#include "core/nostr/json_text.hpp"

namespace flash::cashu {
namespace {

using codec::Cbor;

constexpr std::string_view uri_scheme = "cashu:";
constexpr std::string_view v3_prefix = "cashuA";
constexpr std::string_view v4_prefix = "cashuB";
constexpr std::string_view raw_prefix = "craw";
constexpr std::uint8_t raw_version = 'B';
constexpr std::string_view default_v3_unit = "sat";
// A V4 token nests 6 deep (token, t, entry, p, proof, d) and a V3 token 5; the rest is margin
// for unknown members.
constexpr unsigned max_depth = 16;

[[noreturn]] void fail(const std::string& detail) { throw Error(Errc::bad_token, detail); }

/// Runs a decoder and turns any Error of the layers below (base64, CBOR, JSON) into bad_token.
template <class F>
auto wrap_errors(F&& decode) {
    try {
        return decode();
    } catch (const Error& e) {
        if (e.code() == Errc::bad_token) throw;
        fail(e.what());
    }
}

bool valid_keyset_id(const KeysetId& id) { return id.size() == 8 || id.size() == 33; }

void check_encodable(const Token& token) {
    if (token.proofs.empty()) fail("a token needs at least one proof");
    if (!codec::is_utf8(token.mint) || !codec::is_utf8(token.unit) ||
        (token.memo && !codec::is_utf8(*token.memo)))
        fail("mint, unit and memo must be UTF-8");
    for (const Proof& proof : token.proofs) {
        if (!valid_keyset_id(proof.id)) fail("keyset id is not 8 or 33 bytes");
        if (!codec::is_utf8(proof.secret) || (proof.witness && !codec::is_utf8(*proof.witness)))
            fail("secret and witness must be UTF-8");
    }
}

template <std::size_t N>
Bytes to_bytes(const ByteArray<N>& array) {
    return Bytes(array.begin(), array.end());
}

Cbor proof_cbor(const Proof& proof) {
    Cbor::Map map;
    map.emplace_back("a", proof.amount);
    map.emplace_back("s", proof.secret);
    map.emplace_back("c", to_bytes(proof.C));
    if (proof.dleq) {
        Cbor::Map dleq;
        dleq.emplace_back("e", to_bytes(proof.dleq->e));
        dleq.emplace_back("s", to_bytes(proof.dleq->s));
        if (proof.dleq->r) dleq.emplace_back("r", to_bytes(*proof.dleq->r));
        map.emplace_back("d", std::move(dleq));
    }
    if (proof.witness) map.emplace_back("w", *proof.witness);
    return map;
}

Bytes v4_cbor(const Token& token) {
    check_encodable(token);
    std::vector<std::pair<KeysetId, Cbor::Array>> groups;
    for (const Proof& proof : token.proofs) {
        auto group = std::find_if(groups.begin(), groups.end(),
                                  [&](const auto& g) { return g.first == proof.id; });
        if (group == groups.end()) group = groups.emplace(groups.end(), proof.id, Cbor::Array{});
        group->second.push_back(proof_cbor(proof));
    }
    Cbor::Array entries;
    for (auto& [id, proofs] : groups) {
        Cbor::Map entry;
        entry.emplace_back("i", id);
        entry.emplace_back("p", std::move(proofs));
        entries.emplace_back(std::move(entry));
    }
    Cbor::Map root;
    root.emplace_back("m", token.mint);
    root.emplace_back("u", token.unit);
    if (token.memo) root.emplace_back("d", *token.memo);
    root.emplace_back("t", std::move(entries));
    return codec::cbor_encode(root);
}

const Cbor& field(const Cbor& map, const char* key) {
    const Cbor* value = map.find(key);
    if (!value) fail(std::string("missing \"") + key + "\"");
    return *value;
}

template <std::size_t N>
ByteArray<N> fixed_bytes(const Cbor& value, const char* name) {
    const Bytes& bytes = value.as_bytes();
    if (bytes.size() != N) fail(std::string("\"") + name + "\" is not " + std::to_string(N) + " bytes");
    ByteArray<N> out{};
    std::copy(bytes.begin(), bytes.end(), out.begin());
    return out;
}

Proof proof_from_cbor(const Cbor& value, const KeysetId& id) {
    Proof proof;
    proof.amount = field(value, "a").as_uint();
    proof.id = id;
    proof.secret = field(value, "s").as_text();
    proof.C = fixed_bytes<33>(field(value, "c"), "c");
    if (const Cbor* d = value.find("d")) {
        Dleq dleq;
        dleq.e = fixed_bytes<32>(field(*d, "e"), "e");
        dleq.s = fixed_bytes<32>(field(*d, "s"), "s");
        if (const Cbor* r = d->find("r")) dleq.r = fixed_bytes<32>(*r, "r");
        proof.dleq = dleq;
    }
    if (const Cbor* w = value.find("w")) proof.witness = w->as_text();
    return proof;
}

Token v4_from_cbor(ByteView data) {
    const Cbor root = codec::cbor_decode(data, max_depth);
    Token token;
    token.mint = field(root, "m").as_text();
    token.unit = field(root, "u").as_text();
    if (const Cbor* memo = root.find("d")) token.memo = memo->as_text();
    for (const Cbor& entry : field(root, "t").as_array()) {
        const KeysetId& id = field(entry, "i").as_bytes();
        if (!valid_keyset_id(id)) fail("keyset id is not 8 or 33 bytes");
        const Cbor::Array& proofs = field(entry, "p").as_array();
        if (proofs.empty()) fail("a keyset entry without proofs");
        for (const Cbor& proof : proofs) token.proofs.push_back(proof_from_cbor(proof, id));
    }
    if (token.proofs.empty()) fail("a token needs at least one proof");
    return token;
}

/// `text` without a leading "cashu:" (any case).
std::string_view strip_scheme(std::string_view text) {
    if (text.size() >= uri_scheme.size() &&
        std::equal(uri_scheme.begin(), uri_scheme.end(), text.begin(), [](char a, char b) {
            return a == std::tolower(static_cast<unsigned char>(b));
        }))
        text.remove_prefix(uri_scheme.size());
    return text;
}

/// The bytes of a token body: base64url, or standard base64 when it uses '+' or '/'.
Bytes decode_body(std::string_view body) {
    if (body.find_first_of("+/") != std::string_view::npos) return codec::base64_decode(body);
    return codec::base64url_decode(body);
}

void check_size(std::size_t size) {
    if (size > max_token_size) fail("token over " + std::to_string(max_token_size) + " bytes");
}

const std::string& json_text(const nlohmann::json& value, const char* name) {
    if (!value.is_string()) fail(std::string("\"") + name + "\" is not a string");
    const auto& text = value.get_ref<const std::string&>();
    if (!codec::is_utf8(text)) fail(std::string("\"") + name + "\" is not UTF-8");
    return text;
}

std::vector<Token> v3_from_body(std::string_view body) {
    const Bytes json = decode_body(body);
    const nlohmann::json root = nostr::parse_json_text(as_chars(json), max_token_size, max_depth);
    if (!root.is_object()) fail("V3 token is not a JSON object");
    std::string unit(default_v3_unit);
    if (const auto u = root.find("unit"); u != root.end() && !u->is_null()) unit = json_text(*u, "unit");
    std::optional<std::string> memo;
    if (const auto m = root.find("memo"); m != root.end() && !m->is_null()) memo = json_text(*m, "memo");
    const auto entries = root.find("token");
    if (entries == root.end() || !entries->is_array() || entries->empty())
        fail("V3 \"token\" is not a non-empty array");
    std::vector<Token> tokens;
    for (const nlohmann::json& entry : *entries) {
        if (!entry.is_object()) fail("V3 token entry is not an object");
        const auto mint = entry.find("mint");
        if (mint == entry.end()) fail("missing \"mint\"");
        const auto proofs = entry.find("proofs");
        if (proofs == entry.end() || !proofs->is_array() || proofs->empty())
            fail("V3 \"proofs\" is not a non-empty array");
        Token token{json_text(*mint, "mint"), unit, memo, {}};
        for (const nlohmann::json& proof : *proofs) token.proofs.push_back(proof_from_json(proof));
        tokens.push_back(std::move(token));
    }
    return tokens;
}

/// The body of a token after the scheme and `prefix`; bad_token if the prefix is not there.
std::string_view token_body(std::string_view text, std::string_view prefix) {
    check_size(text.size());
    text = strip_scheme(text);
    if (!text.starts_with(prefix)) fail("not a " + std::string(prefix) + " token");
    return text.substr(prefix.size());
}

}  // namespace

std::string encode_token_v4(const Token& token) {
    return std::string(v4_prefix) + codec::base64url_encode(v4_cbor(token), codec::Padding::without);
}

std::string encode_token_v3(const Token& token) {
    check_encodable(token);
    nlohmann::ordered_json proofs = nlohmann::ordered_json::array();
    for (const Proof& proof : token.proofs) proofs.push_back(proof_to_json(proof));
    nlohmann::ordered_json entry;
    entry["mint"] = token.mint;
    entry["proofs"] = std::move(proofs);
    nlohmann::ordered_json root;
    root["token"] = nlohmann::ordered_json::array({std::move(entry)});
    root["unit"] = token.unit;
    if (token.memo) root["memo"] = *token.memo;
    return std::string(v3_prefix) + codec::base64url_encode(as_bytes(root.dump()), codec::Padding::with);
}

Bytes encode_token_raw(const Token& token) {
    Bytes out(raw_prefix.begin(), raw_prefix.end());
    out.push_back(raw_version);
    const Bytes cbor = v4_cbor(token);
    out.insert(out.end(), cbor.begin(), cbor.end());
    return out;
}

Token decode_token(std::string_view text) {
    check_size(text.size());
    const std::string_view token = strip_scheme(text);
    if (token.starts_with(v4_prefix))
        return wrap_errors([&] { return v4_from_cbor(decode_body(token.substr(v4_prefix.size()))); });
    if (!token.starts_with(v3_prefix)) fail("not a cashuA or cashuB token");
    std::vector<Token> entries = decode_token_v3(token);
    Token merged = std::move(entries.front());
    for (std::size_t i = 1; i < entries.size(); ++i) {
        if (entries[i].mint != merged.mint)
            fail("V3 token holds proofs of more than one mint (decode it with decode_token_v3)");
        merged.proofs.insert(merged.proofs.end(), entries[i].proofs.begin(), entries[i].proofs.end());
    }
    return merged;
}

std::vector<Token> decode_token_v3(std::string_view text) {
    return wrap_errors([&] { return v3_from_body(token_body(text, v3_prefix)); });
}

Token decode_token_raw(ByteView data) {
    check_size(data.size());
    if (data.size() <= raw_prefix.size() || as_chars(data.first(raw_prefix.size())) != raw_prefix)
        fail("not a craw token");
    if (data[raw_prefix.size()] != raw_version) fail("unsupported craw version");
    return wrap_errors([&] { return v4_from_cbor(data.subspan(raw_prefix.size() + 1)); });
}

}  // namespace flash::cashu
