// Times BIP-340 sign, BIP-340 verify and SHA-256 of 1 KiB through flashcore, natively, and
// prints one JSON object of ops/s (read by bench.mjs, which puts it beside the wasm figures).
// Usage: flash-bench-core [SECONDS_PER_OPERATION]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/crypto/hash.hpp"
#include "core/crypto/secp256k1.hpp"

namespace {

using namespace flash;
using Clock = std::chrono::steady_clock;

// Runs `op` repeatedly for about `seconds` and returns operations per second.
template <typename Op>
double ops_per_second(Op&& op, double seconds) {
    std::size_t done = 0;
    const auto start = Clock::now();
    std::chrono::duration<double> elapsed{};
    do {
        for (int i = 0; i < 64; ++i) op();
        done += 64;
        elapsed = Clock::now() - start;
    } while (elapsed.count() < seconds);
    return static_cast<double>(done) / elapsed.count();
}

}  // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
    ByteArray<32> secret{};
    secret.fill(0x11);
    const auto key = crypto::secret_key_from(secret);
    const auto xonly = crypto::xonly_public_key(key).key;
    const auto message = crypto::sha256(as_bytes("flash bench message"));
    ByteArray<32> aux{};
    aux.fill(0x22);
    const auto signature = crypto::schnorr_sign(key, message, aux);
    Bytes kib(1024, 0xab);

    volatile bool sink = false;
    nlohmann::json out;
    out["bip340_sign"] = ops_per_second([&] { sink = crypto::schnorr_sign(key, message, aux)[0] != 0; }, seconds);
    out["bip340_verify"] = ops_per_second([&] { sink = crypto::schnorr_verify(xonly, message, signature); }, seconds);
    out["sha256_1k"] = ops_per_second([&] { sink = crypto::sha256(kib)[0] != 0; }, seconds);
    (void)sink;
    std::puts(out.dump().c_str());
}
