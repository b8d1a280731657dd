#include "support/vectors.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

namespace flash::test {

std::string vector_path(std::string_view relative) {
    return std::string(FLASH_VECTORS_DIR) + "/" + std::string(relative);
}

std::string read_vector_text(std::string_view relative) {
    std::ifstream in(vector_path(relative), std::ios::binary);
    if (!in) FAIL("cannot read vector file " << vector_path(relative));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

nlohmann::json load_vector_json(std::string_view relative) {
    return nlohmann::json::parse(read_vector_text(relative));
}

std::vector<std::vector<std::string>> load_vector_csv(std::string_view relative) {
    std::istringstream lines(read_vector_text(relative));
    std::vector<std::vector<std::string>> rows;
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        std::vector<std::string> cells;
        std::istringstream fields(line);
        for (std::string cell; std::getline(fields, cell, ',');) cells.push_back(cell);
        if (line.back() == ',') cells.emplace_back();
        rows.push_back(std::move(cells));
    }
    return rows;
}

}  // namespace flash::test
