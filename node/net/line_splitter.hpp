// Cuts a byte stream that arrives in arbitrary pieces (TCP reads, HTTP chunks) into the lines of
// newline-delimited JSON, as LND's REST streams send them.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace flash::node::net {

class LineSplitter {
public:
    /// A line longer than `max_line_bytes` makes feed() return false (the stream is not what it claims).
    explicit LineSplitter(std::size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {}

    /// Appends `data` and calls `on_line(std::string_view)` for every line it completes (without
    /// "\n" or a "\r" before it; empty lines are skipped). Stops early when `on_line` returns false.
    /// Returns false when the handler said stop or a line is over the limit (see too_long()).
    template <class OnLine>
    bool feed(std::string_view data, OnLine&& on_line) {
        while (!data.empty()) {
            const std::size_t newline = data.find('\n');
            pending_.append(data.substr(0, newline));
            if (pending_.size() > max_line_bytes_) {
                too_long_ = true;
                return false;
            }
            if (newline == std::string_view::npos) return true;
            data.remove_prefix(newline + 1);
            if (!deliver(on_line)) return false;
        }
        return true;
    }

    /// Delivers what is left after the last "\n" (a body that does not end with one). Returns what
    /// `on_line` returned (true when nothing was left).
    template <class OnLine>
    bool finish(OnLine&& on_line) {
        return deliver(on_line);
    }

    bool too_long() const noexcept { return too_long_; }

private:
    template <class OnLine>
    bool deliver(OnLine& on_line) {
        std::string line;
        line.swap(pending_);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) return true;
        return on_line(std::string_view(line));
    }

    std::size_t max_line_bytes_;
    std::string pending_;
    bool too_long_ = false;
};

}  // namespace flash::node::net
