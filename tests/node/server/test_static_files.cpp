#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "node/server/static_files.hpp"
#include "support/temp_dir.hpp"

using namespace flash::node;
namespace fs = std::filesystem;

TEST_CASE("static files: MIME types browsers insist on", "[static]") {
    CHECK(mime_type("flash-core.wasm") == "application/wasm");
    CHECK(mime_type("manifest.webmanifest") == "application/manifest+json");
    CHECK(mime_type("app.mjs") == "text/javascript; charset=utf-8");
    CHECK(mime_type("index.html") == "text/html; charset=utf-8");
    CHECK(mime_type("README") == "application/octet-stream");
}

TEST_CASE("static files: paths never leave the root", "[static]") {
    const fs::path root = "/srv/web";
    CHECK(resolve_static_path(root, "/app.mjs") == fs::path("/srv/web/app.mjs"));
    CHECK(resolve_static_path(root, "/a%20b.txt") == fs::path("/srv/web/a b.txt"));
    CHECK(resolve_static_path(root, "//x/./y") == fs::path("/srv/web/x/y"));
    for (const char* bad : {"/../etc/passwd", "/a/../../etc", "/%2e%2e/etc", "/a%00b", "/a\\..\\b", "/%zz", "/%4", "x"}) {
        INFO(bad);
        CHECK_FALSE(resolve_static_path(root, bad));
    }
}

TEST_CASE("static files: served with validators and caching that lets updates through", "[static]") {
    const flash::test::TempDir dir;
    const fs::path& root = dir.path;
    fs::create_directories(root / "assets");
    std::ofstream(root / "index.html") << "<!doctype html>";
    std::ofstream(root / "assets" / "core.wasm") << "\0asm";
    StaticFiles files(root);
    const auto get = [&](std::string target, std::string etag = "") {
        Request request{http::verb::get, target, 11};
        if (!etag.empty()) request.set(http::field::if_none_match, etag);
        return files.handle(request, {});
    };
    auto index = get("/");
    REQUIRE(index);
    CHECK(index->result() == http::status::ok);
    CHECK(index->body() == "<!doctype html>");
    CHECK((*index)[http::field::cache_control] == "no-cache");
    auto again = get("/", std::string((*index)[http::field::etag]));
    REQUIRE(again);
    CHECK(again->result() == http::status::not_modified);
    auto wasm = get("/assets/core.wasm");
    REQUIRE(wasm);
    CHECK((*wasm)[http::field::content_type] == "application/wasm");
    CHECK((*wasm)[http::field::cache_control] == "public, max-age=3600");
    auto route = get("/chat");  // an app route: the shell
    REQUIRE(route);
    CHECK(route->body() == "<!doctype html>");
    CHECK_FALSE(get("/missing.js"));
    CHECK(get("/../x")->result() == http::status::bad_request);
    Request post{http::verb::post, "/", 11};
    CHECK_FALSE(files.handle(post, {}));
}
