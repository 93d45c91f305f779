package dev.precursor.grafana.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryModelTest {
  private static QueryModel parse(String json, String queryType) {
    return QueryModel.parse(json.getBytes(StandardCharsets.UTF_8), queryType);
  }

  @Test
  void parsesTheDocumentedModel() {
    QueryModel q =
        parse(
            "{\"refId\":\"A\",\"datasource\":{\"uid\":\"x\"},\"queryType\":\"predictions\","
                + "\"service\":\"checkout\",\"metric\":\"latency\",\"minConfidence\":0.7}",
            "");
    assertThat(q.type()).isEqualTo(QueryType.PREDICTIONS);
    assertThat(q.services()).containsExactly("checkout");
    assertThat(q.engineServiceFilter()).isEqualTo("checkout");
    assertThat(q.metric()).isEqualTo("latency");
    assertThat(q.minConfidence()).isEqualTo(0.7);
    assertThat(q.passes(0.69)).isFalse();
    assertThat(q.passes(0.7)).isTrue();
  }

  @Test
  void missingServiceMeansAllAndMissingTypeMeansRisk() {
    QueryModel q = parse("{\"refId\":\"A\"}", "");
    assertThat(q.type()).isEqualTo(QueryType.RISK);
    assertThat(q.services()).isEmpty();
    assertThat(q.includes("anything")).isTrue();
    assertThat(parse("{\"service\":\"$__all\"}", "").services()).isEmpty();
    assertThat(parse("{\"service\":\"All\"}", "graph").type()).isEqualTo(QueryType.GRAPH);
  }

  @Test
  void multiValueServicesAreSplit() {
    QueryModel q = parse("{\"service\":\"{checkout,payments}\"}", "risk");
    assertThat(q.services()).containsExactlyInAnyOrder("checkout", "payments");
    assertThat(q.engineServiceFilter()).isNull();
    assertThat(q.includes("cart")).isFalse();
    assertThat(parse("{\"service\":[\"a\",\"b\"]}", "").services()).hasSize(2);
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> parse("{\"queryType\":\"bogus\"}", ""))
        .isInstanceOf(BadQueryException.class)
        .hasMessageContaining("unknown queryType 'bogus'")
        .hasMessageContaining("risk, anomalies, predictions, situations, graph, annotations");
    assertThatThrownBy(() -> parse("{\"minConfidence\":1.5}", ""))
        .hasMessageContaining("'minConfidence' must be between 0 and 1");
    assertThatThrownBy(() -> parse("{\"minConfidence\":\"high\"}", ""))
        .hasMessageContaining("'minConfidence' must be a number between 0 and 1, got 'high'");
    assertThatThrownBy(() -> parse("[1]", "")).hasMessageContaining("must be an object");
    assertThat(parse("{\"minConfidence\":\"0.85\"}", "").minConfidence()).isEqualTo(0.85);
  }

  @Test
  void windowSamplesFitMaxDataPointsAndEndAtTheRangeEnd() {
    Instant from = Instant.parse("2026-03-01T10:00:00Z");
    Instant to = from.plus(Duration.ofHours(1)).plusMillis(1234);
    QueryWindow w = new QueryWindow(from, to, 15_000, 100);
    assertThat(w.step()).isEqualTo(Duration.ofMillis(36_013));
    List<Instant> s = w.samples();
    assertThat(s.size()).isBetween(100, 102);
    assertThat(s.get(s.size() - 1)).isEqualTo(to);
    assertThat(s).isSorted();
    assertThat(new QueryWindow(from, from.plusSeconds(60), 1000, 1000).step())
        .isEqualTo(Duration.ofSeconds(1));
    assertThatThrownBy(() -> new QueryWindow(to, from, 1, 1)).hasMessageContaining("after it ends");
  }

  @Test
  void metricPatternsMatchExactlyOrByPrefix() {
    assertThat(AnomalyScoresQuery.metricMatches(null, "http.server.duration")).isTrue();
    assertThat(AnomalyScoresQuery.metricMatches("http.server.duration", "http.server.duration"))
        .isTrue();
    assertThat(AnomalyScoresQuery.metricMatches("http.server", "http.server.duration")).isFalse();
    assertThat(AnomalyScoresQuery.metricMatches("http.*", "http.server.duration")).isTrue();
  }
}
