#include "support/markdown_vectors.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>

#include "support/vectors.hpp"

namespace flash::test {

namespace {

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

std::string_view strip_comment(std::string_view value) {
    for (std::size_t i = 1; i < value.size(); ++i) {
        if (value[i] == '#' && (value[i - 1] == ' ' || value[i - 1] == '\t')) return trim(value.substr(0, i));
    }
    return value;
}

std::string_view strip_quotes(std::string_view value) {
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '`') && value.back() == value.front())
        return value.substr(1, value.size() - 2);
    return value;
}

}  // namespace

std::vector<std::string> MarkdownVectors::values(std::string_view key) const {
    std::vector<std::string> out;
    for (const MarkdownEntry& entry : entries)
        if (entry.key == key) out.push_back(entry.value);
    return out;
}

const std::string& MarkdownVectors::value(std::string_view key) const {
    for (const MarkdownEntry& entry : entries)
        if (entry.key == key) return entry.value;
    FAIL("no vector entry named " << key);
    throw std::logic_error("unreachable");
}

MarkdownVectors parse_markdown_vectors(std::string_view text) {
    MarkdownVectors out;
    bool in_json = false;
    std::string json_text;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = trim(text.substr(pos, end - pos));
        pos = end + 1;
        if (in_json) {
            if (line.starts_with("```")) {
                in_json = false;
                out.blocks.push_back(nlohmann::json::parse(json_text, nullptr, false));
            } else {
                json_text.append(line).push_back('\n');
            }
            continue;
        }
        if (line == "```json") {
            in_json = true;
            json_text.clear();
            continue;
        }
        if (line.empty() || line.front() == '#') continue;
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string_view key = trim(line.substr(0, colon));
        if (key.starts_with("- ")) key = trim(key.substr(2));
        const std::string_view value = strip_quotes(strip_comment(trim(line.substr(colon + 1))));
        if (key.empty() || value.empty()) continue;
        out.entries.push_back({std::string(key), std::string(value), out.blocks.size()});
    }
    if (in_json) FAIL("unterminated ```json block");
    return out;
}

MarkdownVectors load_markdown_vectors(std::string_view relative) {
    return parse_markdown_vectors(read_vector_text(relative));
}

}  // namespace flash::test
