#include "node/server/static_files.hpp"

#include <array>
#include <fstream>
#include <sstream>
#include <utility>

namespace flash::node {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 17> types{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".wasm", "application/wasm"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json"},
    {".xml", "application/xml"},
    {".gz", "application/gzip"},
}};

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;
        const int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

/// Files the browser must revalidate each time so that a new release reaches users.
bool revalidate_always(const std::filesystem::path& file) {
    const std::string name = file.filename().string();
    const std::string ext = file.extension().string();
    return ext == ".html" || ext == ".webmanifest" || name == "sw.js" || name == "service-worker.js";
}

}  // namespace

std::string_view mime_type(std::string_view file_name) noexcept {
    const auto dot = file_name.rfind('.');
    if (dot == std::string_view::npos) return "application/octet-stream";
    const std::string_view ext = file_name.substr(dot);
    for (const auto& [e, type] : types) {
        if (e == ext) return type;
    }
    return "application/octet-stream";
}

std::optional<std::filesystem::path> resolve_static_path(const std::filesystem::path& root, std::string_view path) {
    if (path.empty() || path.front() != '/') return std::nullopt;
    const auto decoded = percent_decode(path);
    if (!decoded) return std::nullopt;
    std::filesystem::path relative;
    std::size_t start = 1;
    while (start <= decoded->size()) {
        const std::size_t end = std::min(decoded->find('/', start), decoded->size());
        const std::string segment = decoded->substr(start, end - start);
        if (segment == ".." || segment.find('\0') != std::string::npos || segment.find('\\') != std::string::npos) {
            return std::nullopt;
        }
        if (!segment.empty() && segment != ".") relative /= segment;
        start = end + 1;
    }
    std::filesystem::path file = root / relative;
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) file /= "index.html";
    return file;
}

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

std::optional<Response> StaticFiles::handle(const Request& request, const ClientInfo&) {
    if (request.method() != http::verb::get && request.method() != http::verb::head) return std::nullopt;
    auto file = resolve_static_path(root_, target_path(request.target()));
    if (!file) return error_response(request, http::status::bad_request, "bad path");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(*file, ec)) {
        // The app's client-side routes ("/chat", "/send") load the shell; missing assets stay 404.
        if (file->has_extension() || !std::filesystem::is_regular_file(root_ / "index.html", ec)) return std::nullopt;
        file = root_ / "index.html";
    }
    const auto size = std::filesystem::file_size(*file, ec);
    const auto mtime = static_cast<std::uint64_t>(std::filesystem::last_write_time(*file, ec).time_since_epoch().count());
    if (ec) return std::nullopt;
    const std::string etag = "\"" + std::to_string(size) + "-" + std::to_string(mtime) + "\"";
    const std::string cache = revalidate_always(*file) ? "no-cache" : "public, max-age=3600";
    if (request[http::field::if_none_match] == etag) {
        Response response = make_response(request, http::status::not_modified, "", mime_type(file->filename().string()));
        response.set(http::field::etag, etag);
        response.set(http::field::cache_control, cache);
        return response;
    }
    std::ifstream in(*file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in) return std::nullopt;
    Response response = make_response(request, http::status::ok, std::move(content).str(),
                                      mime_type(file->filename().string()));
    response.set(http::field::etag, etag);
    response.set(http::field::cache_control, cache);
    return response;
}

}  // namespace flash::node
