// An in-process Cashu mint for the wallet's tests: it answers the HTTP calls the wallet emits
// (NUT-01..05, 07..09, P2PK inputs, NUT-20 locked quotes) with the core's own signing functions (nut00 sign_blinded,
// nut12 prove), never over a network. Knobs let a test make it misbehave.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/cashu/mint_error.hpp"
#include "core/cashu/nut01.hpp"
#include "core/cashu/types.hpp"
#include "core/wallet/cashu_wallet.hpp"

namespace flash::test {

struct HttpAnswer {
    int status = 200;
    std::string body;
};

class FakeMint {
public:
    /// A mint at `url` with one active "sat" keyset charging `input_fee_ppk`, with V2 ids
    /// (or the deprecated V1 ids when `v1_ids`).
    explicit FakeMint(std::string url, std::uint64_t input_fee_ppk = 0, bool v1_ids = false);

    const std::string& url() const { return url_; }
    HttpAnswer handle(const wallet::HttpRequest& request);

    /// Adds a new active keyset; the previous ones become inactive (still accepted as inputs).
    void rotate_keyset();
    cashu::KeysetId active_keyset_id() const { return keysets_.back().id; }

    enum class DleqMode { honest, missing, corrupt };
    DleqMode dleq = DleqMode::honest;
    std::optional<cashu::MintErrc> refuse_next;  ///< refuse the next swap, mint or melt with this code
    bool pay_quotes = true;                      ///< mint quotes are paid as soon as they exist
    cashu::Amount fee_reserve = 4;               ///< of every melt quote
    cashu::Amount lightning_fee = 1;             ///< what a melt actually costs
    std::uint64_t now = 1'700'000'000;           ///< the mint's clock (P2PK locktimes)
    std::map<std::string, int> calls;            ///< "POST /v1/swap" -> count

    /// A quote someone else paid for a wallet (an eCash reward), locked to `pubkey` when given
    /// (NUT-20); returns its id.
    std::string add_paid_quote(cashu::Amount amount, std::optional<crypto::PublicKey> pubkey);

    /// The invoice the fake Lightning backend pays for `amount` (melt quotes read the amount back).
    static std::string invoice(cashu::Amount amount) { return "lnfake" + std::to_string(amount); }

private:
    struct Keyset {
        cashu::KeysetId id;
        bool active = true;
        std::map<cashu::Amount, crypto::SecretKey> secrets;
        cashu::Keys keys;
    };
    struct Quote {
        cashu::Amount amount = 0;
        std::string state;  // UNPAID / PAID / ISSUED (mint), UNPAID / PAID (melt)
        std::vector<cashu::BlindSignature> change;
        std::optional<crypto::PublicKey> pubkey;  // NUT-20 (mint)
    };

    const Keyset* keyset(const cashu::KeysetId& id) const;
    cashu::BlindSignature sign(const cashu::BlindedMessage& output, std::optional<cashu::Amount> amount = std::nullopt);
    std::vector<cashu::BlindSignature> sign_all(const std::vector<cashu::BlindedMessage>& outputs, cashu::Amount expected);
    /// Checks inputs (keyset, signature, P2PK, not spent, no duplicates); returns their sum - fee.
    cashu::Amount check_inputs(const std::vector<cashu::Proof>& inputs);
    void spend(const std::vector<cashu::Proof>& inputs);
    HttpAnswer route(const wallet::HttpRequest& request);

    std::string url_;
    std::uint64_t fee_ppk_;
    bool v1_ids_;
    std::vector<Keyset> keysets_;
    std::set<std::string> spent_;                                  // Y hex
    std::map<std::string, cashu::BlindSignature> signed_;          // B_ hex -> signature
    std::map<std::string, Quote> mint_quotes_, melt_quotes_;
    int next_quote_ = 1;
};

}  // namespace flash::test
