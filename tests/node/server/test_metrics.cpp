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
