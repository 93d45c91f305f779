package dev.precursor.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precursor.model.Anomaly;
import dev.precursor.model.Direction;
import dev.precursor.model.SeriesKey;
import dev.precursor.model.ServiceGraph;
import dev.precursor.model.Velocity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CorrelatorTest {
  private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
  private final AtomicInteger n = new AtomicInteger();

  private Correlator correlator(List<MaintenanceWindow> mw) {
    return new Correlator(Duration.ofMinutes(15), 1, mw, () -> "s" + n.incrementAndGet());
  }

  private static ServiceGraph chain() {
    return new ServiceGraph(
        List.of(),
        List.of(
            new ServiceGraph.Edge("frontend", "checkout", 1, 0),
            new ServiceGraph.Edge("checkout", "cache", 1, 0),
            new ServiceGraph.Edge("billing", "ledger", 1, 0)));
  }

  private static Anomaly a(String service, String metric, int onsetMin) {
    return new Anomaly(
        SeriesKey.of(service, metric),
        T0.plusSeconds(onsetMin * 60L),
        T0.plusSeconds(onsetMin * 60L + 30),
        0.9,
        Direction.UP,
        2,
        1,
        Velocity.UNKNOWN);
  }

  @Test
  void groupsRelatedAnomaliesIntoOneSituation() {
    Correlator c = correlator(List.of());
    assertThat(c.onAnomaly(a("cache", "memory", 0), chain()))
        .extracting(Correlator.Event::change)
        .containsExactly(Correlator.Change.OPENED);
    assertThat(c.onAnomaly(a("checkout", "latency", 4), chain()))
        .extracting(Correlator.Event::change)
        .containsExactly(Correlator.Change.GREW);
    assertThat(c.onAnomaly(a("cache", "memory", 0), chain()))
        .extracting(Correlator.Event::change)
        .containsExactly(Correlator.Change.UPDATED);
    assertThat(c.openGroups()).hasSize(1);
    assertThat(c.openGroups().get(0).services()).containsExactly("cache", "checkout");
  }

  @Test
  void separatesUnrelatedServicesAndDistantTimes() {
    Correlator c = correlator(List.of());
    c.onAnomaly(a("cache", "memory", 0), chain());
    c.onAnomaly(a("ledger", "errors", 1), chain());
    c.onAnomaly(a("checkout", "latency", 40), chain());
    assertThat(c.openGroups()).hasSize(3);
  }

  @Test
  void suppressesMaintenanceWindowsAndResolvesOnRecovery() {
    Correlator c =
        correlator(List.of(new MaintenanceWindow("ledger", T0, T0.plus(Duration.ofMinutes(30)))));
    assertThat(c.onAnomaly(a("ledger", "errors", 5), chain())).isEmpty();
    assertThat(c.suppressed()).isEqualTo(1);
    c.onAnomaly(a("cache", "memory", 0), chain());
    c.onAnomaly(a("checkout", "latency", 2), chain());
    assertThat(c.onRecovered(SeriesKey.of("cache", "memory"), T0.toEpochMilli() + 600_000))
        .isEmpty();
    List<Correlator.Event> events =
        c.onRecovered(SeriesKey.of("checkout", "latency"), T0.toEpochMilli() + 660_000);
    assertThat(events)
        .extracting(Correlator.Event::change)
        .containsExactly(Correlator.Change.RESOLVED);
    assertThat(events.get(0).group().resolvedAt()).isEqualTo(T0.plusSeconds(660));
    assertThat(c.openGroups()).isEmpty();
  }

  @Test
  void silentSituationsExpire() {
    Correlator c = correlator(List.of());
    c.onAnomaly(a("cache", "memory", 0), chain());
    List<Correlator.Event> events = c.advance(T0.toEpochMilli() + Duration.ofHours(2).toMillis());
    assertThat(events)
        .extracting(Correlator.Event::change)
        .containsExactly(Correlator.Change.RESOLVED);
  }

  @Test
  void parsesMaintenanceWindows() {
    List<MaintenanceWindow> w =
        MaintenanceWindow.parseAll(
            List.of("checkout=2026-05-01T02:00:00Z/2026-05-01T04:00:00Z", "1700000000/1700003600"));
    assertThat(w.get(0).service()).isEqualTo("checkout");
    assertThat(w.get(1).service()).isNull();
    assertThat(w.get(1).covers("any", Instant.ofEpochSecond(1_700_000_100))).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> MaintenanceWindow.parseAll(List.of("tomorrow")))
        .isInstanceOf(dev.precursor.ConfigException.class)
        .hasMessageContaining("correlate.maintenance-windows");
  }
}
