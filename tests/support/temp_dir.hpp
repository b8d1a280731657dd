// A fresh directory under the system's temporary directory, removed with everything in it when
// the test ends (the tests use real files: SQLite, configuration, the static PWA).
#pragma once

#include <filesystem>
#include <string>
#include <system_error>

#include "core/codec/hex.hpp"
#include "core/crypto/random.hpp"

namespace flash::test {

struct TempDir {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("flash-test-" + codec::hex_encode(crypto::random_array<8>()));
    TempDir() { std::filesystem::create_directories(path); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    std::string str() const { return path.string(); }
    /// The path of `name` inside the directory.
    std::string file(const std::string& name) const { return (path / name).string(); }
};

}  // namespace flash::test
