// Structured logs: one JSON object per line on stderr, so that operators can grep and machines
// can parse. Safe to call from any thread.
//
//   log::info("listening", {{"address", "127.0.0.1:8080"}, {"data", "/var/flash"}});
#pragma once
#include <nlohmann/json.hpp>
#include <string_view>

namespace flash::node::log {

enum class Level { debug, info, warn, error };

/// Messages below `level` are dropped (default info). Parsed from "debug", "info", "warn", "error";
/// Error(bad_config) for anything else.
void set_level(Level level);
Level parse_level(std::string_view name);

/// Writes {"ts": ISO-8601 UTC with ms, "level", "msg", ...fields} as one line.
void write(Level level, std::string_view message, const nlohmann::json& fields = nlohmann::json::object());

inline void debug(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) { write(Level::debug, m, f); }
inline void info(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) { write(Level::info, m, f); }
inline void warn(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) { write(Level::warn, m, f); }
inline void error(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) { write(Level::error, m, f); }

}  // namespace flash::node::log
