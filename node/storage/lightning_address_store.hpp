// LightningAddressStore: the names flash-node's users claimed for their lightning addresses
// (LUD-16, name@<the node's host>): one name per user, each name held by one user at a time.
// A user is the hex public key of their NIP-98 requests; times are unix seconds.
// Errors: flash::Error(Errc::storage) when the database fails (nothing is half-written then).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace flash::node {

struct LightningAddressRecord {
    std::string name;            ///< the user part of the address, as claimed (a-z 0-9 - _ .)
    std::string user;
    std::int64_t created_at = 0;
    bool operator==(const LightningAddressRecord&) const = default;
};

/// What claim() did.
enum class ClaimOutcome {
    claimed,       ///< the name is the user's now (or already was: claiming it again changes nothing)
    name_taken,    ///< another user holds the name; nothing changed
    has_another,   ///< the user holds another name (release it first); nothing changed
};

class LightningAddressStore {
public:
    virtual ~LightningAddressStore() = default;

    /// In one transaction: gives `record.name` to `record.user` unless one of them is taken.
    /// (Claiming one's own name again keeps the first claim's time.)
    virtual ClaimOutcome claim(const LightningAddressRecord& record) = 0;
    /// The holder of `name`.
    virtual std::optional<LightningAddressRecord> by_name(const std::string& name) = 0;
    /// The name `user` holds.
    virtual std::optional<LightningAddressRecord> by_user(const std::string& user) = 0;
    /// Frees the name `user` holds (anyone may claim it then); false when they hold none.
    virtual bool release(const std::string& user) = 0;
};

}  // namespace flash::node
