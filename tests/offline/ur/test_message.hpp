// The message bc-ur's reference vectors are made from: `length` bytes of Xoshiro256** seeded with
// `seed` ("Wolf" in every vector).
#pragma once
#include <cstddef>
#include <string_view>

#include "core/bytes.hpp"
#include "offline/ur/xoshiro256.hpp"

namespace flash::test {

inline Bytes make_message(std::size_t length, std::string_view seed = "Wolf") {
    offline::ur::Xoshiro256 rng(as_bytes(seed));
    return rng.next_data(length);
}

}  // namespace flash::test
