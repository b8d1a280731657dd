// A std::string for secret text (mnemonics) whose heap buffer is wiped when freed.
#pragma once

#include <string>

#include "core/crypto/memory.hpp"

namespace flash::keys {

/// Text that is a secret. Only heap buffers are wiped: strings short enough for the small-string
/// buffer (15 chars in libstdc++, 22 in libc++) live inside the object and are not, so producers
/// reserve() beyond that first. Converts implicitly to std::string_view.
using SecretString = std::basic_string<char, std::char_traits<char>, crypto::WipingAllocator<char>>;

}  // namespace flash::keys
