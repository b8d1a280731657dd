#include "core/codec/cbor.hpp"

#include "core/codec/utf8.hpp"

#include <algorithm>
#include <limits>

#include "core/error.hpp"

namespace flash::codec {

namespace {

enum Major : unsigned { kUnsigned = 0, kNegative = 1, kBytes = 2, kText = 3, kArray = 4, kMap = 5, kTag = 6, kSimple = 7 };

[[noreturn]] void fail(const std::string& what) { throw Error(Errc::bad_cbor, what); }

[[noreturn]] void wrong_type(const char* wanted) { fail(std::string("value is not ") + wanted); }

// The initial byte and argument in their shortest form (RFC 8949 §4.2.1).
void put_head(Bytes& out, unsigned major, std::uint64_t arg) {
    const auto mt = static_cast<std::uint8_t>(major << 5);
    unsigned size = 0;
    if (arg < 24) {
        out.push_back(static_cast<std::uint8_t>(mt | arg));
        return;
    } else if (arg <= 0xff) {
        out.push_back(mt | 24);
        size = 1;
    } else if (arg <= 0xffff) {
        out.push_back(mt | 25);
        size = 2;
    } else if (arg <= 0xffffffff) {
        out.push_back(mt | 26);
        size = 4;
    } else {
        out.push_back(mt | 27);
        size = 8;
    }
    for (unsigned i = size; i-- > 0;) out.push_back(static_cast<std::uint8_t>(arg >> (8 * i)));
}

void encode_into(Bytes& out, const Cbor& item);

struct EncodeVisitor {
    Bytes& out;

    void operator()(std::uint64_t v) const { put_head(out, kUnsigned, v); }
    void operator()(const Cbor::Negative& v) const { put_head(out, kNegative, v.n); }
    void operator()(const Bytes& v) const {
        put_head(out, kBytes, v.size());
        out.insert(out.end(), v.begin(), v.end());
    }
    void operator()(const std::string& v) const {
        if (!is_utf8(v)) throw Error(Errc::bad_utf8, "CBOR text string is not valid UTF-8");
        put_head(out, kText, v.size());
        out.insert(out.end(), v.begin(), v.end());
    }
    void operator()(const Cbor::Array& v) const {
        put_head(out, kArray, v.size());
        for (const Cbor& element : v) encode_into(out, element);
    }
    void operator()(const Cbor::Map& v) const {
        std::vector<std::pair<Bytes, Bytes>> entries;
        entries.reserve(v.size());
        for (const auto& [key, value] : v) {
            std::pair<Bytes, Bytes> entry;
            encode_into(entry.first, key);
            encode_into(entry.second, value);
            entries.push_back(std::move(entry));
        }
        // Bytewise lexicographic order of the encoded keys (RFC 8949 §4.2.1).
        std::sort(entries.begin(), entries.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        for (std::size_t i = 1; i < entries.size(); ++i)
            if (entries[i - 1].first == entries[i].first) fail("duplicate map key");
        put_head(out, kMap, v.size());
        for (const auto& [key, value] : entries) {
            out.insert(out.end(), key.begin(), key.end());
            out.insert(out.end(), value.begin(), value.end());
        }
    }
    void operator()(const Cbor::Tagged& v) const {
        put_head(out, kTag, v.tag);
        if (v.value)
            encode_into(out, *v.value);
        else
            out.push_back(0xf6);  // a tag built by hand without a value: tag(null)
    }
    void operator()(bool v) const { out.push_back(v ? 0xf5 : 0xf4); }
    void operator()(Cbor::Null) const { out.push_back(0xf6); }
};

void encode_into(Bytes& out, const Cbor& item) { std::visit(EncodeVisitor{out}, item.value()); }

class Decoder {
public:
    Decoder(ByteView in, unsigned max_depth) : in_(in), max_depth_(max_depth) {}

    Cbor decode() {
        Cbor result = item(0);
        if (pos_ != in_.size()) fail("trailing bytes after the top-level item");
        return result;
    }

private:
    std::size_t remaining() const { return in_.size() - pos_; }

    std::uint8_t next_byte() {
        if (pos_ >= in_.size()) fail("truncated");
        return in_[pos_++];
    }

    // The argument that follows the initial byte; rejects indefinite and non-shortest forms.
    std::uint64_t argument(std::uint8_t info) {
        if (info < 24) return info;
        unsigned size = 0;
        std::uint64_t minimum = 0;
        switch (info) {
            case 24: size = 1; minimum = 24; break;
            case 25: size = 2; minimum = 0x100; break;
            case 26: size = 4; minimum = 0x10000; break;
            case 27: size = 8; minimum = 0x100000000; break;
            case 31: fail("indefinite length");
            default: fail("reserved additional information value");
        }
        if (remaining() < size) fail("truncated");
        std::uint64_t value = 0;
        for (unsigned i = 0; i < size; ++i) value = (value << 8) | in_[pos_++];
        if (value < minimum) fail("integer or length not in its shortest form");
        return value;
    }

    void enter(unsigned depth) const {
        if (depth >= max_depth_) fail("nesting deeper than " + std::to_string(max_depth_));
    }

    // Checks that `length` bytes remain, before anything is allocated for them.
    std::size_t checked_length(std::uint64_t length) const {
        if (length > remaining()) fail("length exceeds the remaining input");
        return static_cast<std::size_t>(length);
    }

    Cbor item(unsigned depth) {
        const std::uint8_t initial = next_byte();
        const unsigned major = initial >> 5;
        const auto info = static_cast<std::uint8_t>(initial & 0x1f);
        if (major == kSimple) {
            switch (info) {
                case 20: return Cbor(false);
                case 21: return Cbor(true);
                case 22: return Cbor(Cbor::Null{});
                default: fail("float or simple value other than false/true/null");
            }
        }
        const std::uint64_t arg = argument(info);
        switch (major) {
            case kUnsigned: return Cbor(arg);
            case kNegative: return Cbor(Cbor::Negative{arg});
            case kBytes: {
                const std::size_t n = checked_length(arg);
                Bytes bytes(in_.begin() + static_cast<std::ptrdiff_t>(pos_),
                            in_.begin() + static_cast<std::ptrdiff_t>(pos_ + n));
                pos_ += n;
                return Cbor(std::move(bytes));
            }
            case kText: {
                const std::size_t n = checked_length(arg);
                std::string text(as_chars(in_.subspan(pos_, n)));
                pos_ += n;
                if (!is_utf8(text)) fail("text string is not valid UTF-8");
                return Cbor(std::move(text));
            }
            case kArray: {
                enter(depth);
                const std::size_t n = checked_length(arg);  // each element takes at least one byte
                Cbor::Array array;
                array.reserve(n);
                for (std::size_t i = 0; i < n; ++i) array.push_back(item(depth + 1));
                return Cbor(std::move(array));
            }
            case kMap: {
                enter(depth);
                if (arg > remaining() / 2) fail("length exceeds the remaining input");
                const auto n = static_cast<std::size_t>(arg);  // each entry takes at least two bytes
                Cbor::Map map;
                map.reserve(n);
                std::vector<ByteView> keys;
                keys.reserve(n);
                for (std::size_t i = 0; i < n; ++i) {
                    const std::size_t key_start = pos_;
                    Cbor key = item(depth + 1);
                    keys.push_back(in_.subspan(key_start, pos_ - key_start));
                    Cbor value = item(depth + 1);
                    map.emplace_back(std::move(key), std::move(value));
                }
                // Every form is canonical here, so equal keys have equal encodings.
                std::sort(keys.begin(), keys.end(), [](ByteView a, ByteView b) {
                    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
                });
                for (std::size_t i = 1; i < keys.size(); ++i)
                    if (std::equal(keys[i - 1].begin(), keys[i - 1].end(), keys[i].begin(), keys[i].end()))
                        fail("duplicate map key");
                return Cbor(std::move(map));
            }
            default: {  // kTag
                enter(depth);
                return Cbor::tagged(arg, item(depth + 1));
            }
        }
    }

    ByteView in_;
    std::size_t pos_ = 0;
    unsigned max_depth_;
};

bool maps_equal(const Cbor::Map& a, const Cbor::Map& b) {
    if (a.size() != b.size()) return false;
    std::vector<bool> used(b.size(), false);
    for (const auto& [key, value] : a) {
        bool found = false;
        for (std::size_t j = 0; j < b.size() && !found; ++j) {
            if (!used[j] && b[j].first == key && b[j].second == value) used[j] = found = true;
        }
        if (!found) return false;
    }
    return true;
}

}  // namespace

Cbor::Cbor(int v) : Cbor(static_cast<std::int64_t>(v)) {}

Cbor::Cbor(std::int64_t v) {
    if (v < 0)
        value_ = Negative{static_cast<std::uint64_t>(-(v + 1))};
    else
        value_ = static_cast<std::uint64_t>(v);
}

Cbor Cbor::tagged(std::uint64_t tag, Cbor value) {
    Cbor out;
    out.value_ = Tagged{tag, std::make_shared<Cbor>(std::move(value))};
    return out;
}

std::uint64_t Cbor::as_uint() const {
    if (const auto* v = std::get_if<std::uint64_t>(&value_)) return *v;
    wrong_type("an unsigned integer");
}

std::int64_t Cbor::as_int() const {
    constexpr auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (const auto* v = std::get_if<std::uint64_t>(&value_)) {
        if (*v > max) fail("integer above the int64 range");
        return static_cast<std::int64_t>(*v);
    }
    if (const auto* v = std::get_if<Negative>(&value_)) {
        if (v->n > max) fail("integer below the int64 range");
        return -static_cast<std::int64_t>(v->n) - 1;
    }
    wrong_type("an integer");
}

const Bytes& Cbor::as_bytes() const {
    if (const auto* v = std::get_if<Bytes>(&value_)) return *v;
    wrong_type("a byte string");
}

const std::string& Cbor::as_text() const {
    if (const auto* v = std::get_if<std::string>(&value_)) return *v;
    wrong_type("a text string");
}

const Cbor::Array& Cbor::as_array() const {
    if (const auto* v = std::get_if<Array>(&value_)) return *v;
    wrong_type("an array");
}

const Cbor::Map& Cbor::as_map() const {
    if (const auto* v = std::get_if<Map>(&value_)) return *v;
    wrong_type("a map");
}

const Cbor::Tagged& Cbor::as_tagged() const {
    if (const auto* v = std::get_if<Tagged>(&value_)) return *v;
    wrong_type("a tagged item");
}

bool Cbor::as_bool() const {
    if (const auto* v = std::get_if<bool>(&value_)) return *v;
    wrong_type("a boolean");
}

const Cbor* Cbor::find(std::string_view key) const {
    for (const auto& [k, v] : as_map()) {
        if (const auto* text = std::get_if<std::string>(&k.value_); text && *text == key) return &v;
    }
    return nullptr;
}

bool Cbor::operator==(const Cbor& other) const {
    if (value_.index() != other.value_.index()) return false;
    return std::visit(
        [&other](const auto& a) -> bool {
            using T = std::decay_t<decltype(a)>;
            const T& b = std::get<T>(other.value_);
            if constexpr (std::is_same_v<T, Negative>) {
                return a.n == b.n;
            } else if constexpr (std::is_same_v<T, Null>) {
                return true;
            } else if constexpr (std::is_same_v<T, Tagged>) {
                if (a.tag != b.tag) return false;
                const Cbor null_value;
                return (a.value ? *a.value : null_value) == (b.value ? *b.value : null_value);
            } else if constexpr (std::is_same_v<T, Map>) {
                return maps_equal(a, b);
            } else {
                return a == b;
            }
        },
        value_);
}

Bytes cbor_encode(const Cbor& value) {
    Bytes out;
    encode_into(out, value);
    return out;
}

Cbor cbor_decode(ByteView data, unsigned max_depth) { return Decoder(data, max_depth).decode(); }

}  // namespace flash::codec
