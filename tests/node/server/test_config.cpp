#include <catch2/catch.hpp>
#include <fstream>
#include <map>

#include "config_fixture.hpp"
#include "support/errors.hpp"
#include "support/temp_dir.hpp"

using namespace flash;
using namespace flash::node;

using test::load;

namespace {

const test::TempDir files;

std::string write_file(const std::string& text) {
    static int written = 0;
    const std::string path = files.file("config-" + std::to_string(++written) + ".json");
    std::ofstream(path) << text;
    return path;
}

}  // namespace

TEST_CASE("config: embedded defaults need nothing", "[config]") {
    const Config c = load({}).config;
    CHECK(c.host == "127.0.0.1");
    CHECK(c.port == 8080);
    CHECK(c.data_dir == "data");
    CHECK_FALSE(c.tls());
    CHECK(c.relay_url() == "ws://127.0.0.1:8080/");
}

TEST_CASE("config: file < environment < flags", "[config]") {
    const std::string file = write_file(
        R"({"listen": "0.0.0.0:9000", "data": "/from-file", "relay": {"name": "R", "events_per_ip": {"per_second": 5, "burst": 9}},
            "limits": {"max_ws_message_bytes": 2048, "shutdown_grace_s": 3}})");
    const Config c = load({"--config", file, "--data", "/from-flag"}, {{"FLASH_DATA", "/from-env"}, {"FLASH_LISTEN", "[::1]:7000"}}).config;
    CHECK(c.host == "::1");
    CHECK(c.port == 7000);
    CHECK(c.data_dir == "/from-flag");
    CHECK(c.relay.name == "R");
    CHECK(c.relay.events_per_ip.per_second == 5);
    CHECK(c.relay.events_per_ip.burst == 9);
    CHECK(c.limits.max_ws_message_bytes == 2048);
    CHECK(c.limits.shutdown_grace == std::chrono::seconds(3));
    CHECK(c.relay_url() == "ws://[::1]:7000/");
}

TEST_CASE("config: mistakes are named, not ignored", "[config]") {
    REQUIRE_THROWS_CODE(load({"--listen"}), Errc::bad_config);
    REQUIRE_THROWS_CODE(load({"--listen", "nohost"}), Errc::bad_config);
    REQUIRE_THROWS_CODE(load({"--listen", "127.0.0.1:70000"}), Errc::bad_config);
    REQUIRE_THROWS_CODE(load({"--frobnicate", "1"}), Errc::bad_config);
    REQUIRE_THROWS_CODE(load({"--log-level", "loud"}), Errc::bad_config);
    REQUIRE_THROWS_CODE(load({"--tls-cert", "/c.pem"}), Errc::bad_config);  // the key is missing
    REQUIRE_THROWS_CODE(load({"--config", "/nonexistent/flash.json"}), Errc::bad_config);
    for (const char* text : {"{", "[]", R"({"lisen": "x:1"})", R"({"limits": {"max_body_bytes": -1}})",
                             R"({"limits": {"shutdown_grace_s": 0}})",
                             R"({"relay": {"name": 5}})", R"({"relay": {"events_per_ip": {"per_second": 1, "brust": 2}}})"}) {
        const std::string file = write_file(text);
        INFO(text);
        REQUIRE_THROWS_CODE(load({"--config", file}), Errc::bad_config);
        }
    CHECK(load({"--help"}).help);
}
