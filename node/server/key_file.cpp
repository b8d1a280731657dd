#include "node/server/key_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/codec/hex.hpp"
#include "core/crypto/random.hpp"
#include "core/error.hpp"

namespace flash::node {

crypto::SecretKey load_or_create_key_file(const std::string& data_dir, const std::string& name) {
    const std::filesystem::path path = std::filesystem::path(data_dir) / name;
    if (std::ifstream in(path); in) {
        std::string hex;
        in >> hex;
        try {
            Bytes bytes = codec::hex_decode(hex);
            crypto::SecretKey key = crypto::secret_key_from(bytes);
            crypto::wipe(bytes.data(), bytes.size());
            return key;
        } catch (const Error& e) {
            throw Error(Errc::bad_config, path.string() + " does not hold a secret key: " + e.what());
        }
    }
    ByteArray<32> fresh;
    do {
        fresh = crypto::random_array<32>();
    } while (!crypto::is_valid_secret_key(fresh));
    crypto::SecretKey key = crypto::secret_key_from(fresh);
    std::string hex = codec::hex_encode(fresh) + "\n";
    crypto::wipe(fresh.data(), fresh.size());
    // O_EXCL: never overwrite a key another process just wrote; 0600: only the node may read it.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0 || ::write(fd, hex.data(), hex.size()) != static_cast<ssize_t>(hex.size()) || ::fsync(fd) != 0) {
        if (fd >= 0) ::close(fd);
        crypto::wipe(hex.data(), hex.size());
        throw Error(Errc::bad_config, "cannot write " + path.string());
    }
    ::close(fd);
    crypto::wipe(hex.data(), hex.size());
    return key;
}

}  // namespace flash::node
