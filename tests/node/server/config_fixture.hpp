// Loading flash-node's configuration in tests: flags and a chosen environment instead of the
// process's, and JSON config files written to a temporary directory.
#pragma once
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "node/server/config.hpp"
#include "support/temp_dir.hpp"

namespace flash::test {

/// load_config() of `args` with `env` as the whole environment.
inline node::ConfigResult load(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {}) {
    return node::load_config(args, [&](const char* name) -> std::optional<std::string> {
        if (auto it = env.find(name); it != env.end()) return it->second;
        return std::nullopt;
    });
}

/// Writes `text` to `dir`/config.json and returns its path.
inline std::string write_config(const TempDir& dir, const std::string& text) {
    const std::string path = dir.file("config.json");
    std::ofstream(path) << text;
    return path;
}

}  // namespace flash::test
