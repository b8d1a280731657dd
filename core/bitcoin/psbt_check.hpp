// What a signer checks and shows before it signs a PSBT: where the money goes, what is change,
// and the fee, all computed from the PSBT's own UTXO records and proven against the wallet's keys.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bitcoin/key_origin.hpp"
#include "core/bitcoin/psbt.hpp"
#include "core/bytes.hpp"
#include "core/keys/accounts.hpp"

namespace flash::bitcoin {

struct PsbtSummaryOutput {
    std::uint64_t amount = 0;
    Bytes script_pubkey;
    std::optional<std::string> address;  ///< nullopt for scripts without one (OP_RETURN, ...)
    bool change = false;                 ///< pays to our key (proven, see is_own_output)
};

struct PsbtSummary {
    std::vector<PsbtSummaryOutput> outputs;
    std::uint64_t input_total = 0;   ///< everything the inputs spend
    std::uint64_t own_input_total = 0;  ///< of which our keys spend (proven, see own_input_key)
    std::size_t own_inputs = 0;
    std::uint64_t sent = 0;          ///< paid to outputs that are not change: what leaves the wallet
    std::uint64_t change = 0;
    std::uint64_t fee = 0;           ///< input_total - (sent + change)
    std::size_t vsize = 0;           ///< of the signed transaction (finalized inputs as they are,
                                     ///< others with the largest signature)
    double fee_rate = 0;             ///< sat/vB: fee / vsize
};

/// Checks `psbt` for the wallet of `source` and summarises it. Error(bad_psbt) when:
///   - an input's spent output is unknown (no witness or non-witness UTXO), or the two disagree;
///   - an input spends neither P2WPKH nor P2TR and is not finalized (its size is unknown);
///   - the outputs spend more than the inputs;
///   - an output lies about being change (see is_own_output).
/// `network` names the outputs' addresses.
PsbtSummary check_psbt(const Psbt& psbt, const KeySource& source, keys::Network network);

}  // namespace flash::bitcoin
