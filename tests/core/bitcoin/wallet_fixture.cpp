#include "wallet_fixture.hpp"

#include "core/bitcoin/fee.hpp"
#include "core/crypto/hash.hpp"
#include "core/keys/bip39.hpp"

namespace flash::test {

using namespace flash::bitcoin;

TestWallet::TestWallet(const std::string& mnemonic)
    : master_(keys::ExtendedKey::from_seed(keys::mnemonic_to_seed(mnemonic).view())) {}

KeySource TestWallet::watcher() const {
    return KeySource::from_key(master_.derive_path("m/84'/0'/0'").neuter(), origin_of("m/84'/0'/0'"));
}

keys::AccountAddress TestWallet::address(keys::AccountKind kind, bool change, std::uint32_t index) const {
    return keys::Account::from_root(master_, kind, keys::Network::mainnet).address(change, index);
}

KeyOrigin TestWallet::origin_of(const std::string& path) const {
    return KeyOrigin{master_.fingerprint(), keys::parse_derivation_path(path).indices};
}

WalletUtxo TestWallet::coin(keys::AccountKind kind, std::uint32_t index, std::uint64_t value, std::uint8_t tag) const {
    const keys::AccountAddress entry = address(kind, false, index);
    return WalletUtxo{OutPoint{crypto::sha256(Bytes{tag}), tag}, TxOut{value, entry.script_pubkey}, entry.public_key,
                      origin_of(entry.path), std::nullopt};
}

ChangeKey TestWallet::change(keys::AccountKind kind, std::uint32_t index) const {
    const keys::AccountAddress entry = address(kind, true, index);
    return ChangeKey{entry.public_key, origin_of(entry.path), kind};
}

WithdrawalRequest sample_request(const TestWallet& wallet) {
    WithdrawalRequest request;
    request.utxos = {wallet.coin(keys::AccountKind::p2wpkh, 0, 100000, 1), wallet.coin(keys::AccountKind::p2tr, 0, 80000, 2),
                     wallet.coin(keys::AccountKind::p2wpkh, 1, 30000, 3)};
    request.destination = kStranger;
    request.amount = 150000;
    request.fee_rate = FeeRate{5000};
    request.change = wallet.change(keys::AccountKind::p2wpkh, 0);
    request.network = keys::Network::mainnet;
    return request;
}

}  // namespace flash::test
