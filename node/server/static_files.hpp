// Serves the built PWA from a directory: safe path resolution (no escape from the root), MIME
// types browsers insist on (application/wasm, the manifest), validators and caching headers
// that let the service worker update the app.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "node/server/http.hpp"

namespace flash::node {

/// The Content-Type for a file name's extension; application/octet-stream when unknown.
std::string_view mime_type(std::string_view file_name) noexcept;

/// Resolves a request path to a file under `root`: percent-decodes it, refuses "..", NUL and
/// backslashes, maps directories to index.html. nullopt when nothing may be served.
std::optional<std::filesystem::path> resolve_static_path(const std::filesystem::path& root, std::string_view path);

class StaticFiles : public HttpService {
public:
    /// `root` may not exist yet (the PWA is built later); requests then fall through to 404.
    explicit StaticFiles(std::filesystem::path root);

    /// GET and HEAD only. Extension-less paths that match no file get index.html (the app's own
    /// routes). HTML, the service worker and the manifest are revalidated on every load
    /// (no-cache + ETag); everything else may be cached for an hour.
    std::optional<Response> handle(const Request& request, const ClientInfo& client) override;

private:
    std::filesystem::path root_;
};

}  // namespace flash::node
