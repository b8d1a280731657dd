// Reading test vectors published as Markdown (the Cashu NUT vector files): fenced ```json blocks,
// parsed, and `key: value` lines, as found in ```shell blocks and bullet lists.
//
//   const auto md = flash::test::load_markdown_vectors("cashu/12-tests.md");
//   md.blocks[0]["C_"];            // first ```json block
//   md.value("e");                 // first `e: ...` line, quotes and `# comment` stripped
//   md.values("Keyset id");        // every `Keyset id: ...` line, in file order
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace flash::test {

/// One `key: value` line outside the ```json blocks. The key is trimmed and loses a leading
/// "- " bullet; the value is trimmed, loses a trailing "  # comment" and one pair of enclosing
/// "quotes" or `backticks`. Lines starting with '#' (headings, shell comments) and lines with an
/// empty value ("Keys:") are not entries.
struct MarkdownEntry {
    std::string key;
    std::string value;
    std::size_t blocks_before = 0;  ///< how many ```json blocks precede the line (index of the next one)
};

struct MarkdownVectors {
    /// Every ```json block, parsed, in file order; a block that is not valid JSON (the spec files
    /// have some with placeholders) is kept as a discarded value (is_discarded()) so indices hold.
    std::vector<nlohmann::json> blocks;
    std::vector<MarkdownEntry> entries;  ///< every `key: value` line, in file order

    /// Values of every entry named `key`, in file order (empty if none).
    std::vector<std::string> values(std::string_view key) const;
    /// The first value named `key`; fails the current test if there is none.
    const std::string& value(std::string_view key) const;
};

/// Parses Markdown text; fails the current test if a ```json block is not closed.
MarkdownVectors parse_markdown_vectors(std::string_view text);
/// Reads and parses a file under shared/vectors, e.g. "cashu/00-tests.md".
MarkdownVectors load_markdown_vectors(std::string_view relative);

}  // namespace flash::test
