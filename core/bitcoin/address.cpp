#include "core/bitcoin/address.hpp"

#include "core/codec/bech32.hpp"
#include "core/crypto/hash.hpp"
#include "core/error.hpp"

namespace flash::bitcoin {

namespace {

constexpr unsigned kMaxVersion = 16;

// BIP-141 rules for a witness program; throws Error(bad_address).
void check_program(unsigned version, std::size_t size) {
    if (version > kMaxVersion) throw Error(Errc::bad_address, "witness version above 16");
    if (size < 2 || size > 40)
        throw Error(Errc::bad_address, "witness program of " + std::to_string(size) + " bytes (2..40 allowed)");
    if (version == 0 && size != 20 && size != 32)
        throw Error(Errc::bad_address, "version 0 witness program must be 20 or 32 bytes");
}

codec::Bech32Variant variant_for(unsigned version) {
    return version == 0 ? codec::Bech32Variant::bech32 : codec::Bech32Variant::bech32m;
}

bool hrp_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

}  // namespace

std::string segwit_address_encode(std::string_view hrp, unsigned version, ByteView program) {
    check_program(version, program.size());
    Bytes data{static_cast<std::uint8_t>(version)};
    const Bytes groups = codec::convert_bits(program, 8, 5, true);
    data.insert(data.end(), groups.begin(), groups.end());
    return codec::bech32_encode(hrp, data, variant_for(version));
}

SegwitProgram segwit_address_decode(std::string_view hrp, std::string_view address) {
    const codec::Bech32Data decoded = codec::bech32_decode(address);
    if (!hrp_equal(decoded.hrp, hrp)) throw Error(Errc::bad_address, "address is for network '" + decoded.hrp + "'");
    if (decoded.data.empty()) throw Error(Errc::bad_address, "empty data part");
    const unsigned version = decoded.data[0];
    if (version > kMaxVersion) throw Error(Errc::bad_address, "witness version above 16");
    if (decoded.variant != variant_for(version))
        throw Error(Errc::bad_address, version == 0 ? "version 0 address must use bech32, not bech32m"
                                                    : "version 1+ address must use bech32m, not bech32");
    SegwitProgram result{version, {}};
    try {
        result.program = codec::convert_bits(ByteView(decoded.data).subspan(1), 5, 8, false);
    } catch (const Error& e) {
        throw Error(Errc::bad_address, std::string("witness program padding: ") + e.what());
    }
    check_program(version, result.program.size());
    return result;
}

Bytes segwit_script_pubkey(const SegwitProgram& program) {
    check_program(program.version, program.program.size());
    Bytes script;
    script.reserve(2 + program.program.size());
    // OP_0 is 0x00; OP_1..OP_16 are 0x51..0x60.
    script.push_back(static_cast<std::uint8_t>(program.version == 0 ? 0x00 : 0x50 + program.version));
    script.push_back(static_cast<std::uint8_t>(program.program.size()));  // direct push: 2..40 < 0x4c
    script.insert(script.end(), program.program.begin(), program.program.end());
    return script;
}

std::string p2wpkh_address(std::string_view hrp, const crypto::PublicKey& key) {
    const auto hash = crypto::hash160(key);
    return segwit_address_encode(hrp, 0, hash);
}

std::string p2tr_address(std::string_view hrp, const crypto::XOnlyKey& output_key) {
    return segwit_address_encode(hrp, 1, output_key);
}

}  // namespace flash::bitcoin
