#include "node/server/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>

#include "core/error.hpp"

namespace flash::node::log {
namespace {

std::atomic<Level> min_level{Level::info};
std::mutex output;

constexpr const char* level_names[] = {"debug", "info", "warn", "error"};

std::string utc_timestamp() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    return text;
}

}  // namespace

void set_level(Level level) { min_level = level; }

Level parse_level(std::string_view name) {
    for (int i = 0; i < 4; ++i) {
        if (name == level_names[i]) return static_cast<Level>(i);
    }
    throw Error(Errc::bad_config, "unknown log level '" + std::string(name) + "' (debug, info, warn, error)");
}

void write(Level level, std::string_view message, const nlohmann::json& fields) {
    if (level < min_level.load()) return;
    // Ordered: time, level and message first, so that a human can read the lines too.
    nlohmann::ordered_json line = {{"ts", utc_timestamp()},
                                   {"level", level_names[static_cast<int>(level)]},
                                   {"msg", message}};
    if (fields.is_object()) {
        for (const auto& [key, value] : fields.items()) line[key] = value;
    }
    // Replace rather than throw on invalid UTF-8 (peer-controlled text may end up in a field).
    const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    const std::lock_guard lock(output);
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

}  // namespace flash::node::log
