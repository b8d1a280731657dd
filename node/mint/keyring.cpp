#include "node/mint/keyring.hpp"

#include "core/cashu/nut02.hpp"
#include "core/crypto/random.hpp"
#include "core/error.hpp"
#include "core/keys/bip32.hpp"
#include "core/keys/nip49.hpp"

namespace flash::node::mint {
namespace {

constexpr std::uint32_t hardened = 0x80000000u;
/// Short V2 ids (tokens) are the first 8 bytes of the full id.
constexpr std::size_t short_id_size = 8;

crypto::SecretKey open_seed(MintStore& store, const std::string& passphrase) {
    if (auto stored = store.encrypted_seed()) {
        try {
            return keys::ncryptsec_decrypt(std::string(stored->begin(), stored->end()), passphrase);
        } catch (const Error& e) {
            throw Error(Errc::bad_config, std::string("the mint's seed does not decrypt with this passphrase: ") + e.what());
        }
    }
    ByteArray<32> fresh;
    do {
        fresh = crypto::random_array<32>();
    } while (!crypto::is_valid_secret_key(fresh));
    crypto::SecretKey seed = crypto::secret_key_from(fresh);
    crypto::wipe(fresh.data(), fresh.size());
    const std::string encrypted = keys::ncryptsec_encrypt(seed, passphrase);
    store.save_encrypted_seed(as_bytes(encrypted));
    return seed;
}

}  // namespace

Keyring::Keyring(MintStore& store, const std::string& passphrase, const std::string& unit,
                 std::uint64_t input_fee_ppk, std::int64_t now_s)
    : store_(store), unit_(unit), seed_(open_seed(store, passphrase)) {
    for (const KeysetRecord& record : store_.keysets()) {
        keysets_.push_back(derive(record));
    }
    for (std::size_t i = 0; i < keysets_.size(); ++i) index(i);
    bool has_active = false;
    for (const Keyset& keyset : keysets_) {
        if (keyset.record.active && keyset.record.unit == unit_ && keyset.record.input_fee_ppk == input_fee_ppk) {
            has_active = true;
        }
    }
    if (!has_active) rotate(input_fee_ppk, now_s);
}

Keyset Keyring::derive(const KeysetRecord& record) const {
    Keyset keyset{record, {}, {}};
    const keys::ExtendedKey base = keys::ExtendedKey::from_seed(seed_.view())
                                       .derive_child(hardened)
                                       .derive_child(hardened)
                                       .derive_child(hardened | record.index);
    for (std::uint32_t order = 0; order < record.max_order; ++order) {
        const cashu::Amount amount = cashu::Amount{1} << order;
        crypto::SecretKey key = base.derive_child(hardened | order).secret_key();
        keyset.public_keys.emplace(amount, crypto::public_key(key));
        keyset.private_keys.emplace(amount, std::move(key));
    }
    return keyset;
}

const Keyset* Keyring::find(const cashu::KeysetId& id) const {
    const auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : &keysets_[it->second];
}

const Keyset& Keyring::active() const {
    for (auto it = keysets_.rbegin(); it != keysets_.rend(); ++it) {
        if (it->record.active && it->record.unit == unit_) return *it;
    }
    throw Error(Errc::bad_config, "the mint has no active keyset");  // the constructor makes one
}

const Keyset& Keyring::rotate(std::uint64_t input_fee_ppk, std::int64_t now_s) {
    KeysetRecord record;
    record.unit = unit_;
    record.index = static_cast<std::uint32_t>(keysets_.size());
    record.input_fee_ppk = input_fee_ppk;
    record.created_at = now_s;
    Keyset keyset = derive(record);
    keyset.record.id = cashu::keyset_id_v2(keyset.public_keys, unit_, input_fee_ppk, std::nullopt);
    store_.add_keyset(keyset.record);
    for (Keyset& old : keysets_) {
        if (old.record.unit == unit_) old.record.active = false;
    }
    keysets_.push_back(std::move(keyset));
    index(keysets_.size() - 1);
    return keysets_.back();
}

void Keyring::index(std::size_t position) {
    const cashu::KeysetId& id = keysets_[position].record.id;
    by_id_[id] = position;
    by_id_[cashu::KeysetId(id.begin(), id.begin() + short_id_size)] = position;
}

}  // namespace flash::node::mint
