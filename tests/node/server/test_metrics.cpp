#include <catch2/catch.hpp>

#include "node/server/metrics.hpp"

using namespace flash::node;

TEST_CASE("metrics: Prometheus text with each family together", "[metrics]") {
    Metrics metrics;
    Counter& ok = metrics.counter("flash_http_responses_total{class=\"2xx\"}", "HTTP responses by status class");
    Gauge& open = metrics.gauge("flash_http_connections", "Open TCP connections");
    Counter& bad = metrics.counter("flash_http_responses_total{class=\"4xx\"}", "HTTP responses by status class");
    metrics.gauge_function("flash_relay_events_stored", "Events in the store", [] { return 42.0; });
    ok.add(3);
    bad.add();
    open.add(2);
    open.add(-1);
    const std::string text = metrics.render();
    CHECK(text ==
          "# HELP flash_http_connections Open TCP connections\n"
          "# TYPE flash_http_connections gauge\n"
          "flash_http_connections 1\n"
          "# HELP flash_http_responses_total HTTP responses by status class\n"
          "# TYPE flash_http_responses_total counter\n"
          "flash_http_responses_total{class=\"2xx\"} 3\n"
          "flash_http_responses_total{class=\"4xx\"} 1\n"
          "# HELP flash_relay_events_stored Events in the store\n"
          "# TYPE flash_relay_events_stored gauge\n"
          "flash_relay_events_stored 42\n");
}

TEST_CASE("metrics: a gauge family whose labelled samples are computed when scraped", "[metrics]") {
    Metrics metrics;
    std::vector<LabelledValue> samples = {{{{"channel", "1"}}, 0.5}, {{{"channel", "a\"b\\c\nd"}, {"peer", "x"}}, 2}};
    metrics.gauge_family("flash_channel_ratio", "Per channel", [&] { return samples; });
    metrics.gauge_function("flash_a", "First", [] { return 1.0; });
    CHECK(metrics.render() ==
          "# HELP flash_a First\n"
          "# TYPE flash_a gauge\n"
          "flash_a 1\n"
          "# HELP flash_channel_ratio Per channel\n"
          "# TYPE flash_channel_ratio gauge\n"
          "flash_channel_ratio{channel=\"1\"} 0.5\n"
          "flash_channel_ratio{channel=\"a\\\"b\\\\c\\nd\",peer=\"x\"} 2\n");
    // Samples come and go between scrapes.
    samples = {{{}, 7}};
    CHECK(metrics.render() ==
          "# HELP flash_a First\n"
          "# TYPE flash_a gauge\n"
          "flash_a 1\n"
          "# HELP flash_channel_ratio Per channel\n"
          "# TYPE flash_channel_ratio gauge\n"
          "flash_channel_ratio 7\n");
}
