// Standard output scripts (scriptPubKeys): what kind a script is, the scripts of our own keys,
// and the conversion between addresses and scripts for a network.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/keys/accounts.hpp"

namespace flash::bitcoin {

enum class ScriptType {
    p2pkh,            ///< OP_DUP OP_HASH160 <20> OP_EQUALVERIFY OP_CHECKSIG
    p2sh,             ///< OP_HASH160 <20> OP_EQUAL
    p2wpkh,           ///< OP_0 <20>
    p2wsh,            ///< OP_0 <32>
    p2tr,             ///< OP_1 <32>
    witness_unknown,  ///< any other valid witness program (future versions)
    op_return,        ///< OP_RETURN ...: provably unspendable data
    nonstandard,      ///< anything else
};

ScriptType script_type(ByteView script_pubkey) noexcept;

/// OP_0 <HASH160(key)>.
Bytes p2wpkh_script_pubkey(const crypto::PublicKey& key);
/// OP_1 <output key>: `output_key` must already be tweaked (see taproot_output_key).
Bytes p2tr_script_pubkey(const crypto::XOnlyKey& output_key);

/// The scriptPubKey an address of `network` pays to: a segwit address (bech32/bech32m, any
/// version) or a base58check P2PKH/P2SH address. Errors: Error(bad_address) for another
/// network, an unknown base58 version byte or a payload other than 21 bytes, and the decoders'
/// own errors (bad_bech32, bad_base58, bad_checksum) for strings that are no address at all.
Bytes address_to_script_pubkey(std::string_view address, keys::Network network);

/// The address of a standard script on `network`; nullopt for scripts without one (OP_RETURN,
/// bare multisig, nonstandard).
std::optional<std::string> script_pubkey_to_address(ByteView script_pubkey, keys::Network network);

}  // namespace flash::bitcoin
