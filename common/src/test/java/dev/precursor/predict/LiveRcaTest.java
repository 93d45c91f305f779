package dev.precursor.predict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precursor.model.Deploy;
import dev.precursor.model.Evidence;
import dev.precursor.model.Hypothesis;
import dev.precursor.rca.LiveRca;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveRcaTest {
  @Test
  void ranksTheDeepestEarliestChangedServiceFirstWithEvidence() {
    Deploy cacheDeploy =
        new Deploy(
            "d1",
            "cache",
            "v2.3.1",
            null,
            Fixtures.T0.minus(Duration.ofMinutes(8)),
            Deploy.Kind.DEPLOY,
            null,
            null,
            "ci");
    Deploy searchDeploy =
        new Deploy(
            "d2",
            "search",
            "v9",
            null,
            Fixtures.T0.minus(Duration.ofMinutes(20)),
            Deploy.Kind.DEPLOY,
            null,
            null,
            "ci");
    List<Hypothesis> h =
        LiveRca.rank(
            List.of(
                Fixtures.anomaly("frontend", "http.server.request.duration", 6, 7, 0.8),
                Fixtures.anomaly("checkout", "http.server.request.duration", 4, 7, 0.9),
                Fixtures.anomaly("cache", "process.memory.usage", 0, 7, 0.7)),
            Fixtures.graph(),
            List.of(cacheDeploy, searchDeploy),
            List.of());
    assertThat(h).extracting(Hypothesis::service).startsWith("cache");
    Hypothesis top = h.get(0);
    assertThat(top.cause()).contains("memory").contains("after deploy v2.3.1");
    assertThat(top.confidence()).isGreaterThan(h.get(1).confidence());
    assertThat(top.evidence())
        .extracting(Evidence::summary)
        .anyMatch(s -> s.contains("started 8 min after deploy v2.3.1 of cache"))
        .anyMatch(s -> s.contains("v9 of search") && s.contains("shows no anomaly"))
        .anyMatch(s -> s.startsWith("frontend: its anomaly began 6 min after cache"));
    double total = h.stream().mapToDouble(Hypothesis::confidence).sum();
    assertThat(total).isLessThan(1.0);
  }

  @Test
  void similarPastCausesLiftACandidate() {
    var anomalies =
        List.of(
            Fixtures.anomaly("checkout", "http.server.request.duration", 0, 3, 0.9),
            Fixtures.anomaly("search", "http.server.request.duration", 0, 3, 0.9));
    List<Hypothesis> plain = LiveRca.rank(anomalies, Fixtures.graph(), List.of(), List.of());
    List<Hypothesis> lifted =
        LiveRca.rank(
            anomalies,
            Fixtures.graph(),
            List.of(),
            List.of(new LiveRca.PastCause("inc-1", "Search index corruption", "search", 0.9)));
    assertThat(plain.get(0).service()).isEqualTo("checkout");
    assertThat(lifted.get(0).service()).isEqualTo("search");
    assertThat(lifted.get(0).evidence()).extracting(Evidence::kind).contains("similar-incident");
  }
}
