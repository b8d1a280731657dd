// Waiting in node tests for what a background thread (a backend's, a server's) does in its time.
#pragma once
#include <chrono>
#include <thread>

namespace flash::test {

/// Polls `condition` every 10 ms until it holds or `limit` passes; returns whether it held.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

}  // namespace flash::test
