package dev.precursor.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.precursor.InvalidTelemetryException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OfflineRcaTest {
  private static final long T0 = 1_700_000_000_000L;

  /**
   * A small call chain front -> checkout -> payment -> db plus bystanders; the fault raises the
   * root's cpu and its latency, which propagates to every caller.
   */
  static MetricTable incident(String root, int normal, int anomal, long seed, boolean earlier) {
    String[] svcs = {"front", "checkout", "payment", "db", "ads", "mail"};
    String[] callee = {"checkout", "payment", "db", null, null, null};
    Random r = new Random(seed);
    int n = normal + anomal;
    long[] times = new long[n];
    List<String> names = new ArrayList<>();
    double[][] cols = new double[svcs.length * 3][n];
    double[][] extra = new double[svcs.length][n];
    for (int i = 0; i < n; i++) {
      times[i] = T0 + i * 5000L;
    }
    int rootIdx = List.of(svcs).indexOf(root);
    for (int s = 0; s < svcs.length; s++) {
      names.add(svcs[s] + "_cpu");
      names.add(svcs[s] + "_mem");
      names.add(svcs[s] + "_latency-p90");
      double cpu = 0.05 + r.nextDouble() * 0.2;
      double mem = 1e8 + r.nextDouble() * 4e8;
      for (int i = 0; i < n; i++) {
        boolean anomalous = i >= normal;
        boolean blip = earlier && s == 4 && i > normal / 4 && i < normal / 4 + 12;
        cols[s * 3][i] =
            cpu + r.nextGaussian() * 0.01 + (anomalous && s == rootIdx ? 0.8 : 0) + (blip ? 1 : 0);
        cols[s * 3 + 1][i] = mem + r.nextGaussian() * 1e6;
        extra[s][i] = anomalous && s == rootIdx ? 0.08 : 0;
      }
    }
    for (int s = svcs.length - 1; s >= 0; s--) {
      int c = callee[s] == null ? -1 : List.of(svcs).indexOf(callee[s]);
      for (int i = 0; i < n; i++) {
        double own = 0.01 * Math.exp(r.nextGaussian() * 0.2) + extra[s][i];
        cols[s * 3 + 2][i] = own + (c < 0 ? 0 : cols[c * 3 + 2][i]);
      }
    }
    return new MetricTable(times, names, cols);
  }

  @Test
  void ranksTheServiceWhoseCpuJumpedFirst() {
    for (String root : List.of("payment", "db", "checkout")) {
      MetricTable t = incident(root, 120, 60, root.hashCode(), false);
      OfflineRca.Result r = OfflineRca.rank(t, Instant.ofEpochMilli(T0 + 120 * 5000L));
      assertThat(r.ranking().get(0).service()).as("root %s: %s", root, r.ranking()).isEqualTo(root);
      assertThat(r.ranking()).hasSize(6);
      assertThat(r.ranking().get(0).score()).isBetween(0.0, 1.0);
      assertThat(r.ranking().get(5).score()).isLessThan(r.ranking().get(0).score());
    }
  }

  @Test
  void findsTheOnsetOfTheIncidentAtTheEndDespiteAnEarlierOne() {
    MetricTable t = incident("db", 200, 60, 7, true);
    OfflineRca.Result r = OfflineRca.rank(t, null);
    assertThat(r.startDetected()).isTrue();
    long errorMs = Math.abs(r.anomalyStart().toEpochMilli() - (T0 + 200 * 5000L));
    assertThat(errorMs).isLessThanOrEqualTo(3 * 5000L);
    assertThat(r.ranking().get(0).service()).isEqualTo("db");
  }

  @Test
  void rejectsAStartOutsideTheData() {
    MetricTable t = incident("db", 20, 10, 1, false);
    assertThatThrownBy(() -> OfflineRca.rank(t, Instant.ofEpochMilli(T0)))
        .isInstanceOf(InvalidTelemetryException.class)
        .hasMessageContaining("at least 3 rows");
    assertThatThrownBy(() -> OfflineRca.rank(t, Instant.ofEpochMilli(T0 + 10_000_000)))
        .isInstanceOf(InvalidTelemetryException.class)
        .hasMessageContaining("after the last row");
  }

  @Test
  void flatBaselineGetsAFiniteScale() {
    double[] before = {0, 0, 0, 0};
    double[] whole = {0, 0, 0, 0, 1, 1};
    assertThat(OfflineRca.baselineScale(before, 0, whole)).isGreaterThan(0.01).isFinite();
  }
}
