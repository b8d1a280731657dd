#include "offline/ur/bytewords.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "core/codec/ascii.hpp"
#include "core/codec/crc32.hpp"
#include "core/error.hpp"

namespace flash::offline::ur {

namespace {

// The 256 words in byte order (BCR-2020-012), four letters each.
constexpr std::string_view kWords =
    "ableacidalsoapexaquaarchatomauntawayaxisbackbaldbarnbeltbetabiasbluebodybragbrewbulbbuzzcalmcash"
    "catschefcityclawcodecolacookcostcruxcurlcuspcyandarkdatadaysdelidicedietdoordowndrawdropdrumdull"
    "dutyeacheasyechoedgeepicevenexamexiteyesfactfairfernfigsfilmfishfizzflapflewfluxfoxyfreefrogfuel"
    "fundgalagamegeargemsgiftgirlglowgoodgraygrimgurugushgyrohalfhanghardhawkheathelphighhillholyhope"
    "hornhutsicedideaidleinchinkyintoirisironitemjadejazzjoinjoltjowljudojugsjumpjunkjurykeepkenokept"
    "keyskickkilnkingkitekiwiknoblamblavalazyleaflegsliarlimplionlistlogoloudloveluaulucklungmainmany"
    "mathmazememomenumeowmildmintmissmonknailnavyneednewsnextnoonnotenumbobeyoboeomitonyxopenovalowls"
    "paidpartpeckplaypluspoempoolposepuffpumapurrquadquizraceramprealredorichroadrockroofrubyruinruns"
    "rustsafesagascarsetssilkskewslotsoapsolosongstubsurfswantacotasktaxitenttiedtimetinytoiltombtoys"
    "triptunatwinuglyundouniturgeuservastveryvetovialvibeviewvisavoidvowswallwandwarmwaspwavewaxywebs"
    "whatwhenwhizwolfworkyankyawnyellyogayurtzapszerozestzinczonezoom";
static_assert(kWords.size() == 256 * 4);

constexpr char word_letter(std::size_t byte, std::size_t position) { return kWords[byte * 4 + position]; }

// Byte value of each (first letter, last letter) pair, or -1: the minimal style's decoding table,
// and the first check of a full word.
constexpr std::array<std::int16_t, 26 * 26> make_lookup() {
    std::array<std::int16_t, 26 * 26> table{};
    for (auto& entry : table) entry = -1;
    for (std::size_t byte = 0; byte < 256; ++byte)
        table[static_cast<std::size_t>(word_letter(byte, 0) - 'a') * 26 + static_cast<std::size_t>(word_letter(byte, 3) - 'a')] =
            static_cast<std::int16_t>(byte);
    return table;
}
constexpr auto kLookup = make_lookup();

[[noreturn]] void fail(const std::string& detail) { throw Error(Errc::bad_ur, "bytewords: " + detail); }

std::uint8_t decode_word(std::string_view word) {
    const char first = codec::ascii_lower(word.front());
    const char last = codec::ascii_lower(word.back());
    if (first < 'a' || first > 'z' || last < 'a' || last > 'z') fail("not a byteword: " + std::string(word));
    const std::int16_t byte = kLookup[static_cast<std::size_t>(first - 'a') * 26 + static_cast<std::size_t>(last - 'a')];
    if (byte < 0) fail("not a byteword: " + std::string(word));
    const auto value = static_cast<std::size_t>(byte);
    if (word.size() == 4 && (codec::ascii_lower(word[1]) != word_letter(value, 1) ||
                             codec::ascii_lower(word[2]) != word_letter(value, 2)))
        fail("not a byteword: " + std::string(word));
    return static_cast<std::uint8_t>(value);
}

void append_checksum(Bytes& data) {
    const std::uint32_t crc = codec::crc32(data);
    for (int shift = 24; shift >= 0; shift -= 8) data.push_back(static_cast<std::uint8_t>(crc >> shift));
}

}  // namespace

std::string bytewords_encode(ByteView data, BytewordsStyle style, LetterCase letter_case) {
    Bytes with_checksum(data.begin(), data.end());
    append_checksum(with_checksum);
    const char separator = style == BytewordsStyle::standard ? ' ' : '-';
    std::string out;
    out.reserve(with_checksum.size() * 5);
    for (std::size_t i = 0; i < with_checksum.size(); ++i) {
        const std::uint8_t byte = with_checksum[i];
        if (style == BytewordsStyle::minimal) {
            out += word_letter(byte, 0);
            out += word_letter(byte, 3);
        } else {
            if (i > 0) out += separator;
            out.append(kWords.substr(std::size_t{byte} * 4, 4));
        }
    }
    return letter_case == LetterCase::upper ? codec::ascii_upper(out) : out;
}

Bytes bytewords_decode(std::string_view text, BytewordsStyle style) {
    Bytes out;
    if (style == BytewordsStyle::minimal) {
        if (text.size() % 2 != 0) fail("odd length");
        out.reserve(text.size() / 2);
        for (std::size_t i = 0; i < text.size(); i += 2) out.push_back(decode_word(text.substr(i, 2)));
    } else {
        const char separator = style == BytewordsStyle::standard ? ' ' : '-';
        if ((text.size() + 1) % 5 != 0) fail("bad length");
        out.reserve((text.size() + 1) / 5);
        for (std::size_t i = 0; i < text.size(); i += 5) {
            if (i + 4 < text.size() && text[i + 4] != separator) fail("words must be separated by one separator");
            out.push_back(decode_word(text.substr(i, 4)));
        }
    }
    if (out.size() < 5) fail("too short");
    const Bytes body(out.begin(), out.end() - 4);
    Bytes expected = body;
    append_checksum(expected);
    if (!std::equal(expected.end() - 4, expected.end(), out.end() - 4))
        throw Error(Errc::bad_checksum, "bytewords checksum does not match");
    return body;
}

}  // namespace flash::offline::ur
