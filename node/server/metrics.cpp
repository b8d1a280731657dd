#include "node/server/metrics.hpp"

#include <cstdio>
#include <algorithm>
#include <vector>

namespace flash::node {

namespace {

std::string number_text(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

/// A label value as the text format wants it: backslash, double quote and line feed escaped.
std::string escaped(const std::string& value) {
    std::string out;
    for (const char c : value) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

std::string sample_name(const std::string& family, const LabelledValue& sample) {
    std::string out = family;
    for (std::size_t i = 0; i < sample.labels.size(); ++i) {
        out += (i == 0 ? "{" : ",") + sample.labels[i].first + "=\"" + escaped(sample.labels[i].second) + "\"";
    }
    return sample.labels.empty() ? out : out + "}";
}

}  // namespace

Counter& Metrics::counter(const std::string& name, const std::string& help) {
    const std::lock_guard lock(mutex_);
    Counter& c = counters_.emplace_back();
    entries_.push_back({name, help, "counter", [&c] { return static_cast<double>(c.value()); }});
    return c;
}

Gauge& Metrics::gauge(const std::string& name, const std::string& help) {
    const std::lock_guard lock(mutex_);
    Gauge& g = gauges_.emplace_back();
    entries_.push_back({name, help, "gauge", [&g] { return static_cast<double>(g.value()); }});
    return g;
}

void Metrics::gauge_function(const std::string& name, const std::string& help, std::function<double()> read) {
    const std::lock_guard lock(mutex_);
    entries_.push_back({name, help, "gauge", std::move(read)});
}

void Metrics::gauge_family(const std::string& name, const std::string& help,
                           std::function<std::vector<LabelledValue>()> read) {
    const std::lock_guard lock(mutex_);
    entries_.push_back({name, help, "gauge", {}, std::move(read)});
}

std::string Metrics::render() const {
    const std::lock_guard lock(mutex_);
    // The format wants a family's samples together, with HELP and TYPE once before them.
    std::vector<const Entry*> sorted;
    for (const Entry& e : entries_) sorted.push_back(&e);
    const auto family = [](const Entry* e) { return e->name.substr(0, e->name.find('{')); };
    std::stable_sort(sorted.begin(), sorted.end(), [&](auto* a, auto* b) { return family(a) < family(b); });
    std::string out;
    std::string previous;
    for (const Entry* entry : sorted) {
        const Entry& e = *entry;
        if (const std::string f = family(entry); f != previous) {
            previous = f;
            out += "# HELP " + f + " " + e.help + "\n# TYPE " + f + " " + e.type + "\n";
        }
        if (e.read_family) {
            for (const LabelledValue& sample : e.read_family())
                out += sample_name(e.name, sample) + " " + number_text(sample.value) + "\n";
            continue;
        }
        out += e.name + " " + number_text(e.read()) + "\n";
    }
    return out;
}

}  // namespace flash::node
