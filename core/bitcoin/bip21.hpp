// BIP-21 "bitcoin:" payment URIs, with the BIP-321 additions wallets meet in unified QR codes:
// the scheme in either case, an upper-case bech32 address (QR alphanumeric mode), an empty
// address when another payment instruction is present (e.g. lightning=), and `lightning=` for a
// BOLT 11 invoice.
//   bitcoin:<address>[?amount=<BTC>][&label=<text>][&message=<text>][&lightning=<invoice>][&...]
// Also the on-chain address check the URI needs, for an address of any network.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/codec/percent.hpp"
#include "core/keys/accounts.hpp"

namespace flash::bitcoin::bip21 {

struct Address {
    std::string text;      ///< as given, except that bech32 addresses are lower-cased
    keys::Network network = keys::Network::mainnet;  ///< testnet also stands for signet, and for
                                                     ///< regtest when the address is base58 (same versions)
    Bytes script_pubkey;   ///< what the address pays to
};

/// Checks an on-chain address of any network (address_to_script_pubkey() in script.hpp does the
/// decoding; this picks the network from the address itself).
/// Throws Error(bad_base58)/Error(bad_checksum)/Error(bad_bech32) from the codecs and
/// Error(bad_address) for an unknown version byte or hrp, a wrong length or a bad witness program.
Address parse_address(std::string_view text);

struct Uri {
    std::optional<Address> address;          ///< none only when `lightning` (or another instruction) is there
    std::optional<std::uint64_t> amount_sat; ///< `amount`, converted from BTC
    std::optional<std::string> label;
    std::optional<std::string> message;
    std::optional<std::string> lightning;    ///< BOLT 11 invoice (or LNURL) as given, not decoded here
    std::vector<codec::QueryParam> other;    ///< every other parameter in order (lno, sp, pj, ...), decoded
};

/// Parses a "bitcoin:" URI (scheme in either case; percent-decoded values).
/// Throws Error(bad_uri) for another scheme, a bad % escape, a repeated amount/label/message/
/// lightning, an amount that is not a decimal BTC value with at most 8 decimals or is above
/// 21 million BTC, an unknown "req-" parameter (BIP-21: such a URI must be refused), or no
/// address and no other payment instruction; address errors as parse_address().
Uri parse_uri(std::string_view text);

}  // namespace flash::bitcoin::bip21
