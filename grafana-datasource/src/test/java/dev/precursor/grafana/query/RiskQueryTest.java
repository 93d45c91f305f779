package dev.precursor.grafana.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precursor.grafana.engine.EngineModel.Prediction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RiskQueryTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private static Prediction p(String id, String situation, double confidence, int minute) {
    return new Prediction(
        id,
        situation,
        "checkout",
        confidence >= 0.85 ? "alert" : "watch",
        confidence,
        T0.plusSeconds(60L * minute),
        null,
        "memory leak",
        List.of(),
        null,
        "",
        "open");
  }

  private static List<Instant> minutes(int... ms) {
    return java.util.Arrays.stream(ms).mapToObj(m -> T0.plusSeconds(60L * m)).toList();
  }

  @Test
  void riskIsZeroBeforeAnyPredictionAndFollowsTheLatestPredictionOfASituation() {
    List<Prediction> preds =
        List.of(p("1", "s1", 0.7, 5), p("2", "s1", 0.9, 10), p("3", "s1", 0.6, 15));
    List<Double> risk = RiskQuery.sample(preds, Map.of(), minutes(0, 5, 9, 10, 14, 15, 30));
    // the confidence can go down: it is the latest prediction that counts, not the highest ever
    assertThat(risk).containsExactly(0.0, 0.7, 0.7, 0.9, 0.9, 0.6, 0.6);
  }

  @Test
  void takesTheHighestActiveSituationAndDropsResolvedOnes() {
    List<Prediction> preds = List.of(p("1", "s1", 0.8, 0), p("2", "s2", 0.95, 10));
    Map<String, Instant> resolved = Map.of("s2", T0.plusSeconds(60L * 20));
    List<Double> risk = RiskQuery.sample(preds, resolved, minutes(0, 10, 19, 20, 40));
    assertThat(risk).containsExactly(0.8, 0.95, 0.95, 0.8, 0.8);
  }

  @Test
  void predictionsWithoutSituationCountEachOnTheirOwn() {
    List<Prediction> preds = List.of(p("1", "", 0.5, 0), p("2", "", 0.4, 1));
    assertThat(RiskQuery.sample(preds, Map.of(), minutes(2))).containsExactly(0.5);
  }
}
