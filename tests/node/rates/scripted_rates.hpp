// A RateSource that answers what the test scripted, counts its calls, and can be held in the
// middle of a call; and a clock the test moves. For the RateService and route tests.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "node/rates/rate_source.hpp"

namespace flash::test {

class ScriptedRates final : public node::rates::RateSource {
public:
    /// Rates of one currency; stamped with the time the service passes.
    struct Quote {
        std::string currency;
        double per_btc;
    };
    using Outcome = std::variant<std::vector<Quote>, node::rates::RateErrc>;

    std::string_view name() const override { return "scripted"; }

    node::rates::FiatRates fetch(std::int64_t now_s) override {
        std::unique_lock lock(mutex_);
        ++calls_;
        changed_.notify_all();
        changed_.wait(lock, [&] { return !held_; });
        if (script_.empty()) throw node::rates::RateError(node::rates::RateErrc::unavailable, "nothing scripted");
        Outcome next = std::move(script_.front());
        script_.pop_front();
        if (const auto* error = std::get_if<node::rates::RateErrc>(&next))
            throw node::rates::RateError(*error, "scripted failure");
        node::rates::FiatRates rates;
        for (const Quote& q : std::get<std::vector<Quote>>(next)) rates[q.currency] = {q.per_btc, now_s};
        return rates;
    }

    void then(Outcome outcome) {
        std::lock_guard lock(mutex_);
        script_.push_back(std::move(outcome));
    }
    int calls() const {
        std::lock_guard lock(mutex_);
        return calls_;
    }
    /// Calls wait inside fetch() until release().
    void hold() {
        std::lock_guard lock(mutex_);
        held_ = true;
    }
    void release() {
        std::lock_guard lock(mutex_);
        held_ = false;
        changed_.notify_all();
    }
    /// Waits (at most 5 s) until fetch() was called `n` times; says whether it was.
    bool wait_calls(int n) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, std::chrono::seconds(5), [&] { return calls_ >= n; });
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Outcome> script_;
    int calls_ = 0;
    bool held_ = false;
};

/// A clock in unix seconds that only the test moves.
struct TestClock {
    std::atomic<std::int64_t> now{1'700'000'000};
    std::function<std::int64_t()> function() {
        return [this] { return now.load(); };
    }
};

/// Polls `done` every few milliseconds for at most 5 s; says whether it became true.
template <class F>
bool eventually(F&& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

}  // namespace flash::test
