// Helpers for the storage and relay tests: signed events from random keys (and TempDir).
#pragma once

#include <filesystem>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "core/codec/hex.hpp"
#include "core/crypto/random.hpp"
#include "core/crypto/secp256k1.hpp"
#include "core/nostr/event.hpp"
#include "support/temp_dir.hpp"

namespace flash::test {

/// A key pair that signs events.
struct Author {
    crypto::SecretKey key = crypto::secret_key_from(crypto::random_array<32>());
    crypto::XOnlyKey pubkey = crypto::xonly_public_key(key).key;

    nostr::Event event(std::uint16_t kind, std::int64_t created_at, std::vector<nostr::Tag> tags = {},
                       std::string content = "") const {
        nostr::UnsignedEvent draft;
        draft.kind = kind;
        draft.created_at = created_at;
        draft.tags = std::move(tags);
        draft.content = std::move(content);
        return nostr::sign(std::move(draft), key);
    }
};

}  // namespace flash::test
