// UAX #15 normalisation: full decomposition, canonical ordering, canonical composition.
#include "core/keys/unicode.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/codec/utf8.hpp"
#include "core/error.hpp"

namespace flash::keys {
namespace {

#include "core/keys/unicode_tables.inc"

using CodePoints = std::vector<char32_t, crypto::WipingAllocator<char32_t>>;

// Hangul syllables compose and decompose algorithmically (Unicode §3.12).
constexpr char32_t s_base = 0xAC00, l_base = 0x1100, v_base = 0x1161, t_base = 0x11A7;
constexpr char32_t l_count = 19, v_count = 21, t_count = 28;
constexpr char32_t n_count = v_count * t_count, s_count = l_count * n_count;

constexpr char32_t cp_mask = 0x1FFFFF;
constexpr std::uint32_t compat_flag = 1u << 21;

std::uint8_t combining_class(char32_t cp) {
    if (cp < 0x300) return 0;  // nothing below U+0300 combines
    auto it = std::upper_bound(std::begin(ccc_runs), std::end(ccc_runs), cp,
                               [](char32_t c, std::uint32_t run) { return c < (run & cp_mask); });
    if (it == std::begin(ccc_runs)) return 0;
    --it;
    const char32_t first = *it & cp_mask;
    const char32_t count = (*it >> 21) + 1;
    return cp < first + count ? ccc_values[it - std::begin(ccc_runs)] : 0;
}

std::optional<std::size_t> find_mapping(char32_t cp) {
    if (cp < 0xA0) return std::nullopt;  // U+00A0 is the first character with a mapping
    auto it = std::lower_bound(std::begin(decomp_keys), std::end(decomp_keys), cp,
                               [](std::uint32_t key, char32_t c) { return (key & cp_mask) < c; });
    if (it == std::end(decomp_keys) || (*it & cp_mask) != cp) return std::nullopt;
    return static_cast<std::size_t>(it - std::begin(decomp_keys));
}

std::size_t mapping_length(std::size_t index) { return decomp_keys[index] >> 22; }

// Only every 16th offset is stored; the ones between add up the lengths before them.
std::size_t mapping_offset(std::size_t index) {
    std::size_t offset = decomp_base[index / 16];
    for (std::size_t j = index & ~std::size_t{15}; j < index; ++j) offset += mapping_length(j);
    return offset;
}

// Reads one code point from the UTF-16 mapping data and advances `pos`.
char32_t read_utf16(std::size_t& pos) {
    const char32_t unit = decomp_data[pos++];
    if (unit < 0xD800 || unit > 0xDBFF) return unit;
    const char32_t low = decomp_data[pos++];
    return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
}

void decompose(char32_t cp, bool compat, CodePoints& out) {
    if (cp >= s_base && cp < s_base + s_count) {
        const char32_t s = cp - s_base;
        out.push_back(l_base + s / n_count);
        out.push_back(v_base + (s % n_count) / t_count);
        if (s % t_count != 0) out.push_back(t_base + s % t_count);
        return;
    }
    const auto index = find_mapping(cp);
    if (!index || (!compat && (decomp_keys[*index] & compat_flag))) {
        out.push_back(cp);
        return;
    }
    std::size_t pos = mapping_offset(*index);
    const std::size_t end = pos + mapping_length(*index);
    // Mappings are single-level in the table; recursing yields the full decomposition.
    while (pos < end) decompose(read_utf16(pos), compat, out);
}

// Stable sort of each run of non-starters by combining class (the canonical ordering algorithm).
void canonical_order(CodePoints& cps) {
    std::size_t i = 0;
    while (i < cps.size()) {
        if (combining_class(cps[i]) == 0) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < cps.size() && combining_class(cps[end]) != 0) ++end;
        if (end - i < 32) {
            for (std::size_t k = i + 1; k < end; ++k) {
                const char32_t c = cps[k];
                const std::uint8_t cc = combining_class(c);
                std::size_t j = k;
                for (; j > i && combining_class(cps[j - 1]) > cc; --j) cps[j] = cps[j - 1];
                cps[j] = c;
            }
        } else {
            // Long runs (only hostile input has them): counting sort, linear time.
            std::array<std::size_t, 257> start{};
            for (std::size_t k = i; k < end; ++k) ++start[combining_class(cps[k]) + 1u];
            for (std::size_t c = 1; c < start.size(); ++c) start[c] += start[c - 1];
            CodePoints sorted(end - i);
            for (std::size_t k = i; k < end; ++k) sorted[start[combining_class(cps[k])]++] = cps[k];
            std::copy(sorted.begin(), sorted.end(), cps.begin() + static_cast<std::ptrdiff_t>(i));
        }
        i = end;
    }
}

std::optional<char32_t> compose_pair(char32_t a, char32_t b) {
    if (a >= l_base && a < l_base + l_count && b >= v_base && b < v_base + v_count)
        return s_base + ((a - l_base) * v_count + (b - v_base)) * t_count;
    if (a >= s_base && a < s_base + s_count && (a - s_base) % t_count == 0 && b > t_base &&
        b < t_base + t_count)
        return a + (b - t_base);
    auto pair_of = [](std::uint16_t index) {
        std::size_t pos = mapping_offset(index);
        const char32_t first = read_utf16(pos);
        return std::pair{first, read_utf16(pos)};
    };
    const std::pair key{a, b};
    auto it = std::lower_bound(std::begin(comp_index), std::end(comp_index), key,
                               [&](std::uint16_t index, const std::pair<char32_t, char32_t>& k) {
                                   return pair_of(index) < k;
                               });
    if (it == std::end(comp_index) || pair_of(*it) != key) return std::nullopt;
    return decomp_keys[*it] & cp_mask;
}

// Canonical composition in place (UAX #15 §1.3): a character joins the last starter unless a
// character between them is a starter or has a combining class >= its own.
void compose(CodePoints& cps) {
    std::size_t out = 0;
    std::optional<std::size_t> starter;
    std::uint8_t last_ccc = 0;
    for (std::size_t i = 0; i < cps.size(); ++i) {
        const char32_t c = cps[i];
        const std::uint8_t cc = combining_class(c);
        if (starter && (out == *starter + 1 || (last_ccc != 0 && last_ccc < cc))) {
            if (auto composite = compose_pair(cps[*starter], c)) {
                cps[*starter] = *composite;
                continue;
            }
        }
        if (cc == 0) starter = out;
        last_ccc = cc;
        cps[out++] = c;
    }
    cps.resize(out);
}

CodePoints decode_utf8(std::string_view text) {
    CodePoints out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto cp = codec::next_code_point(text, i);
        if (!cp) throw Error(Errc::bad_utf8, "invalid UTF-8 sequence at offset " + std::to_string(i));
        out.push_back(*cp);
    }
    return out;
}

template <typename Out>
void encode_utf8(const CodePoints& cps, Out& out) {
    using T = typename Out::value_type;
    for (const char32_t cp : cps) {
        if (cp < 0x80) {
            out.push_back(static_cast<T>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<T>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<T>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<T>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<T>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<T>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<T>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<T>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<T>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<T>(0x80 | (cp & 0x3F)));
        }
    }
}

template <typename Out>
Out normalize_to(std::string_view utf8, NormalForm form) {
    const CodePoints input = decode_utf8(utf8);
    const bool compat = form == NormalForm::nfkd || form == NormalForm::nfkc;
    CodePoints cps;
    cps.reserve(input.size() + input.size() / 2);
    for (const char32_t cp : input) decompose(cp, compat, cps);
    canonical_order(cps);
    if (form == NormalForm::nfc || form == NormalForm::nfkc) compose(cps);
    Out out;
    out.reserve(utf8.size() + utf8.size() / 2);
    encode_utf8(cps, out);
    return out;
}

}  // namespace

std::string normalize(std::string_view utf8, NormalForm form) {
    return normalize_to<std::string>(utf8, form);
}

crypto::SecretBytes normalize_secret(std::string_view utf8, NormalForm form) {
    return normalize_to<crypto::SecretBytes>(utf8, form);
}

}  // namespace flash::keys
