// flash-node: reads the configuration, opens the data directory, starts the services on one
// listener and stops gracefully on SIGINT/SIGTERM.
#include <cstdlib>
#include <exception>
#include <iostream>

#include "core/error.hpp"
#include "node/node.hpp"
#include "node/server/log.hpp"

int main(int argc, char** argv) {
    using namespace flash::node;
    try {
        const std::vector<std::string> args(argv + 1, argv + argc);
        const ConfigResult loaded = load_config(args, [](const char* name) -> std::optional<std::string> {
            if (const char* value = std::getenv(name)) return std::string(value);
            return std::nullopt;
        });
        if (loaded.help) {
            std::cout << usage();
            return 0;
        }
        log::set_level(loaded.config.log_level);
        return run_node(loaded.config);
    } catch (const flash::Error& e) {
        log::error("cannot start", {{"error", e.what()}});
        std::cerr << usage();
        return 2;
    } catch (const std::exception& e) {
        log::error("failed", {{"error", e.what()}});
        return 1;
    }
}
