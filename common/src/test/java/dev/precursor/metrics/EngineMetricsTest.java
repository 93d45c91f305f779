package dev.precursor.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EngineMetricsTest {
  @Test
  void rendersPrometheusText() {
    EngineMetrics m = new EngineMetrics();
    m.counter("precursor_points_received_total", "Points received.", "signal", "metrics").add(3);
    m.counter("precursor_points_received_total", "Points received.", "signal", "logs").inc();
    m.gauge("precursor_queue_depth", "Queued requests.", () -> 7);
    assertThat(m.scrape())
        .contains("# TYPE precursor_points_received_total counter\n")
        .contains("precursor_points_received_total{signal=\"metrics\"} 3\n")
        .contains("precursor_points_received_total{signal=\"logs\"} 1\n")
        .contains("# TYPE precursor_queue_depth gauge\nprecursor_queue_depth 7\n");
  }

  @Test
  void refusesTypeClash() {
    EngineMetrics m = new EngineMetrics();
    m.counter("x", "x");
    assertThatThrownBy(() -> m.gauge("x", "x")).hasMessageContaining("counter");
  }
}
