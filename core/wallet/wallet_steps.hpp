// Internal to the cashu_wallet*.cpp files (not a public header): the answer type, the operation
// kinds, and small helpers every family of operations uses.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/cashu/types.hpp"
#include "core/error.hpp"
#include "core/wallet/cashu_wallet.hpp"

namespace flash::wallet {

struct CashuWallet::Answer {
    int status = 0;
    std::string_view body;

    /// The body as JSON; Error(bad_json) when it is not.
    nlohmann::json parsed() const {
        nlohmann::json value = nlohmann::json::parse(body, nullptr, false);
        if (value.is_discarded()) throw Error(Errc::bad_json, "the mint's answer is not JSON");
        return value;
    }
};

namespace steps {

inline constexpr std::string_view kind_add_mint = "add-mint";
inline constexpr std::string_view kind_mint = "mint";
inline constexpr std::string_view kind_melt = "melt";
inline constexpr std::string_view kind_send = "send";
inline constexpr std::string_view kind_receive = "receive";
inline constexpr std::string_view kind_check = "check-states";
inline constexpr std::string_view kind_restore = "restore";
inline constexpr std::string_view kind_prepare_offline = "prepare-offline";

/// 16 random bytes as hex.
std::string new_operation_id();
/// `url` without trailing slashes; Error(bad_argument) when nothing is left.
std::string normal_url(std::string_view url);
HttpRequest get(std::string_view mint, std::string_view path);
HttpRequest post(std::string_view mint, std::string_view path, const nlohmann::ordered_json& body);
nlohmann::json request_json(const HttpRequest& request);
HttpRequest request_from(const nlohmann::json& value);
std::string lower(std::string_view text);
/// Y = hash_to_curve(secret), the proof's key in the store and at the mint.
crypto::PublicKey y_of(const cashu::Proof& proof);
/// The proof as a mint may see it: the DLEQ (with r, the blinding factor) stays with the wallet.
cashu::Proof for_mint(cashu::Proof proof);
/// Error(bad_argument) on overflow.
cashu::Amount sum_of(const std::vector<cashu::Proof>& proofs);
nlohmann::json failure_json(const Failure& failure);
/// A NUT-11 P2PK secret locking to `lock_to` with a random nonce; the locktime and refund tags
/// only when `locktime` is given (refund keys without a locktime would mean nothing).
std::string p2pk_secret(const crypto::PublicKey& lock_to, std::optional<std::uint64_t> locktime,
                        const std::vector<crypto::PublicKey>& refund);
/// The mint or melt operation of a quote id; Error(bad_argument) when there is none of `kind`.
OperationRecord quote_operation(WalletStore& store, std::string_view quote, std::string_view kind);

}  // namespace steps
}  // namespace flash::wallet
