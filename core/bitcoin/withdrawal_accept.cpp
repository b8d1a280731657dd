// accept_signed_withdrawal: the node's side of the round trip (declared in withdrawal.hpp).
#include <string>
#include <vector>

#include "core/bitcoin/psbt_sign.hpp"
#include "core/bitcoin/withdrawal.hpp"
#include "core/bitcoin/witness_verify.hpp"
#include "core/error.hpp"

namespace flash::bitcoin {

Transaction accept_signed_withdrawal(const Psbt& built, const Psbt& returned) {
    if (returned.tx != built.tx) throw Error(Errc::bad_psbt, "the signed PSBT is for another transaction");
    // Trust only the UTXOs the node recorded itself: the signer could have changed its copy.
    std::vector<TxOut> spent;
    Psbt merged = returned;
    for (std::size_t i = 0; i < built.inputs.size(); ++i) {
        const auto output = spent_output(built, i);
        if (!output) throw Error(Errc::bad_psbt, "input " + std::to_string(i) + " of the built PSBT has no UTXO");
        spent.push_back(*output);
        merged.inputs[i].witness_utxo = built.inputs[i].witness_utxo;
        merged.inputs[i].non_witness_utxo = built.inputs[i].non_witness_utxo;
    }
    if (!finalize_psbt(merged)) throw Error(Errc::bad_psbt, "not every input is signed");
    Transaction tx = extract_transaction(merged);
    for (std::size_t i = 0; i < tx.inputs.size(); ++i)
        if (!verify_input(tx, i, spent)) throw Error(Errc::bad_psbt, "input " + std::to_string(i) + ": invalid signature");
    return tx;
}

}  // namespace flash::bitcoin
