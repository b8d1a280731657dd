// On-chain withdrawals from the user's self-custodial wallet. The node builds the unsigned PSBT
// (coin selection, fee, change) with build_withdrawal; the browser core checks and signs it
// (psbt_check.hpp, psbt_sign.hpp); the node takes it back with accept_signed_withdrawal, which
// proves it is the transaction it built, fully and validly signed, before broadcasting.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bitcoin/fee.hpp"
#include "core/bitcoin/key_origin.hpp"
#include "core/bitcoin/psbt.hpp"
#include "core/bitcoin/transaction.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/keys/accounts.hpp"

namespace flash::bitcoin {

/// A coin of the wallet, with what the signer needs to recognise its key.
struct WalletUtxo {
    OutPoint outpoint;
    TxOut output;                  ///< P2WPKH of `public_key`, or the BIP-86 P2TR output of it
    crypto::PublicKey public_key;  ///< the key at `origin` (for P2TR: the internal key's point)
    KeyOrigin origin;
    std::optional<Transaction> previous_tx;  ///< added as the non-witness UTXO when known
};

/// Where change goes: a key of the wallet's change chain and how the account spends it.
struct ChangeKey {
    crypto::PublicKey public_key;
    KeyOrigin origin;
    keys::AccountKind kind = keys::AccountKind::p2wpkh;
};

struct WithdrawalRequest {
    std::vector<WalletUtxo> utxos;
    std::string destination;              ///< an address of `network`
    std::optional<std::uint64_t> amount;  ///< satoshis; nullopt sends everything (fee deducted)
    FeeRate fee_rate;
    ChangeKey change;
    keys::Network network = keys::Network::mainnet;
    std::uint32_t lock_time = 0;          ///< e.g. the tip height, against fee sniping
};

struct Withdrawal {
    Psbt psbt;                 ///< unsigned, with UTXOs and derivations for the signer
    std::uint64_t amount = 0;  ///< to the destination
    std::uint64_t fee = 0;
    std::uint64_t change = 0;  ///< 0: no change output
    std::size_t vsize = 0;     ///< estimated, once signed
};

/// Builds the unsigned PSBT: coins chosen by select_coins, version 2, every input signalling
/// replace-by-fee (sequence 0xfffffffd), inputs and outputs in BIP-69 order. Errors:
///   Error(bad_argument) for a fee rate outside min_relay_fee_rate..max_fee_rate, an amount
///     below the destination's dust threshold, a coin whose script is not the P2WPKH/P2TR output
///     of its key, a duplicate coin, or a previous transaction that does not hold the coin;
///   address errors (bad_address, bad_bech32, ...) for the destination;
///   Error(insufficient_funds) from coin selection.
Withdrawal build_withdrawal(const WithdrawalRequest& request);

/// The node's check of the PSBT the signer returns for `built`: the same unsigned transaction,
/// every input finalized (or finalizable) with a signature that verifies against the UTXOs the
/// node itself recorded in `built`. Returns the transaction to broadcast. Error(bad_psbt) otherwise.
Transaction accept_signed_withdrawal(const Psbt& built, const Psbt& returned);

}  // namespace flash::bitcoin
