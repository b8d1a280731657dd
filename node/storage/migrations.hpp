// The versioned schema of flash-node's SQLite store (store::migrate() applies it). Every change
// is a new migration appended to the list; a released migration is never edited.
#pragma once

#include <span>

#include "core/store/sqlite.hpp"

namespace flash::node {

/// The migrations in version order; the last one's version is the schema this program writes.
std::span<const store::Migration> node_migrations() noexcept;

}  // namespace flash::node
