// Access to the official vectors in shared/vectors (never copied into this repository).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace flash::test {

/// Absolute path of a file under shared/vectors, e.g. "bitcoin/bip39-vectors.json".
std::string vector_path(std::string_view relative);
/// The whole file as text; fails the current test if it cannot be read.
std::string read_vector_text(std::string_view relative);
nlohmann::json load_vector_json(std::string_view relative);
/// Rows of a simple CSV file (no quoted commas), header row included.
std::vector<std::vector<std::string>> load_vector_csv(std::string_view relative);

}  // namespace flash::test
