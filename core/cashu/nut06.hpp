// NUT-06 mint info: GET /v1/info, the document a wallet reads to learn who a mint is and which
// optional NUTs it supports, e.g.
//
//   {"name", "pubkey"?, "version": "<implementation>/<version>", "description"?, "description_long"?,
//    "contact": [{"method", "info"}], "motd"?, "icon_url"?, "urls"?, "time"?, "tos_url"?,
//    "nuts": {"4": {"methods": [{"method", "unit", "min_amount", "max_amount", "description"}],
//                   "disabled"},
//             "5": {"methods": [...], "disabled"},
//             "7": {"supported": true}, ...,
//             "17": {"supported": [{"method", "unit", "commands": [...]}]}}}
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/cashu/types.hpp"
#include "core/crypto/secp256k1.hpp"

namespace flash::cashu {

struct MintContact {
    std::string method;  ///< "email", "nostr", "twitter", ...
    std::string info;
    bool operator==(const MintContact&) const = default;
};

/// A method-unit pair the mint mints (NUT-04) or melts (NUT-05) with, and its limits.
struct MintMethodSetting {
    std::string method = "bolt11";
    std::string unit = "sat";
    std::optional<Amount> min_amount;  ///< null on the wire when absent
    std::optional<Amount> max_amount;
    bool description = false;  ///< NUT-04: the mint puts a wallet's description into the invoice
    bool amountless = false;   ///< NUT-05: the mint pays invoices without an amount
    bool operator==(const MintMethodSetting&) const = default;
};

struct MintMethodSettings {
    std::vector<MintMethodSetting> methods;
    bool disabled = false;
    bool operator==(const MintMethodSettings&) const = default;
};

/// NUT-17: which subscription kinds (commands) the WebSocket serves for a method-unit pair.
struct WebSocketSetting {
    std::string method = "bolt11";
    std::string unit = "sat";
    std::vector<std::string> commands;  ///< "bolt11_mint_quote", "bolt11_melt_quote", "proof_state"
    bool operator==(const WebSocketSetting&) const = default;
};

/// The mint info. Empty strings and lists are left out of the document (name, version, contact
/// and nuts 4/5 are always written).
struct MintInfo {
    std::string name;
    std::optional<crypto::PublicKey> pubkey;
    std::string version;  ///< "<implementation>/<version>", e.g. "flash-node/0.1.0"
    std::string description;
    std::string description_long;
    std::vector<MintContact> contact;
    std::string motd;
    std::string icon_url;
    std::string tos_url;
    std::vector<std::string> urls;
    std::optional<std::uint64_t> time;  ///< unix seconds when the document was made
    MintMethodSettings minting;         ///< nuts "4"
    MintMethodSettings melting;         ///< nuts "5"
    /// NUTs announced as {"supported": true} (7, 8, 9, 10, 11, 12, 20, ...), ascending; 4, 5 and
    /// 17 are announced by the members above and below instead (and ignored here when writing).
    std::vector<unsigned> supported;
    std::vector<WebSocketSetting> websocket;  ///< nuts "17"; not announced when empty
    bool operator==(const MintInfo&) const = default;

    /// True when `nut` is in `supported`; for 4 and 5 when enabled with a method, for 17 when
    /// `websocket` is not empty.
    bool supports(unsigned nut) const noexcept;
};

/// The NUT-06 document. A method's `description` is written both as "description" and as
/// "options": {"description": true} (cashu-ts reads either, cdk the latter); `amountless` as
/// "options": {"amountless": true}.
nlohmann::ordered_json to_json(const MintInfo& info);

/// Reads another mint's info leniently: members that are absent or of an unexpected type are
/// skipped (left at their defaults), contacts may also be the old [method, info] pairs, and
/// nuts whose number is not a decimal integer are ignored. Error(bad_message) only when
/// `value` is not an object.
MintInfo mint_info_from_json(const nlohmann::json& value);

}  // namespace flash::cashu
