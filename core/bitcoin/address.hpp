// Segregated-witness addresses: BIP-173 (witness version 0, bech32) and BIP-350 (versions 1..16,
// bech32m), and their scriptPubKeys (BIP-141: OP_n followed by one push of the program).
//
// `hrp` is the network's human-readable part: "bc" (mainnet), "tb" (testnet/signet), "bcrt"
// (regtest). It is compared case-insensitively and addresses are always produced in lower case.
// Every function throws Error(bad_address) for a program that is not a valid segwit program:
// version above 16, program length outside 2..40, or version 0 with a length other than 20 or 32.
#pragma once

#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::bitcoin {

/// A witness program: version 0..16 and 2..40 program bytes.
struct SegwitProgram {
    unsigned version;
    Bytes program;

    bool operator==(const SegwitProgram&) const = default;
};

/// Encodes a witness program as an address: bech32 for version 0, bech32m for 1..16.
/// Error(bad_address) for an invalid program (see above); Error(bad_bech32) for an invalid hrp.
std::string segwit_address_encode(std::string_view hrp, unsigned version, ByteView program);

/// Decodes `address` (either case, not mixed) for the network `hrp`.
/// Throws:
///   Error(bad_bech32) / Error(bad_checksum) when the string is not valid bech32 or bech32m
///     (BIP-173 structure, 90-character limit; the checksum matches neither variant);
///   Error(bad_address) when the hrp is not `hrp`, the data part is empty, the version is above 16,
///     the checksum variant does not match the version (bech32 for v0, bech32m for v1+), the
///     8-to-5 padding is invalid (more than 4 bits, or non-zero), or the program length is not
///     2..40 (20 or 32 for version 0).
SegwitProgram segwit_address_decode(std::string_view hrp, std::string_view address);

/// The scriptPubKey paying to `program`: OP_0 or OP_1..OP_16, then a direct push of the program.
/// Error(bad_address) for an invalid program.
Bytes segwit_script_pubkey(const SegwitProgram& program);

/// P2WPKH (BIP-84) address of a compressed public key: version 0, HASH160 of the 33-byte key.
std::string p2wpkh_address(std::string_view hrp, const crypto::PublicKey& key);

/// P2TR (BIP-86/341) address of a taproot output key: version 1, the 32-byte x-only key as is.
/// `output_key` must already be the tweaked output key (see crypto::xonly_tweak_add); it is not
/// checked to be on the curve.
std::string p2tr_address(std::string_view hrp, const crypto::XOnlyKey& output_key);

}  // namespace flash::bitcoin
