package dev.precursor.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precursor.model.Anomaly;
import dev.precursor.model.Direction;
import dev.precursor.model.SeriesKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamingSeriesScorerTest {
  private static final long T0 = 1_767_225_600_000L;
  private static final long STEP = 60_000L;
  private static final SeriesKey LATENCY = SeriesKey.of("checkout", "http.server.duration");

  private static final class RecordingListener implements AnomalyListener {
    final List<Anomaly> anomalies = new ArrayList<>();
    final List<Long> recovered = new ArrayList<>();

    @Override
    public void onAnomaly(Anomaly anomaly) {
      anomalies.add(anomaly);
    }

    @Override
    public void onRecovered(SeriesKey series, long epochMillis) {
      recovered.add(epochMillis);
    }
  }

  @Test
  void reportsLevelShiftWithOnsetDirectionVelocityAndRecovery() {
    RecordingListener l = new RecordingListener();
    SeriesScorer scorer = SeriesScorer.create(l);
    Random rnd = new Random(1);
    int shiftAt = 900;
    for (int i = 0; i < 1200; i++) {
      double x = 100 + 3 * rnd.nextGaussian() + (i >= shiftAt && i < shiftAt + 60 ? 60 : 0);
      scorer.accept(LATENCY, T0 + i * STEP, x);
    }
    assertThat(l.anomalies).isNotEmpty();
    Anomaly first = l.anomalies.get(0);
    assertThat(first.direction()).isEqualTo(Direction.UP);
    assertThat(first.onset()).isEqualTo(Instant.ofEpochMilli(T0 + shiftAt * STEP));
    assertThat(first.at()).isBetween(first.onset(), first.onset().plusSeconds(180));
    assertThat(first.velocity().per5m()).isPositive();
    assertThat(first.baseline()).isBetween(90.0, 110.0);
    assertThat(l.recovered).isNotEmpty();
    long recoveredAt = l.recovered.get(0);
    assertThat(recoveredAt).isGreaterThan(T0 + shiftAt * STEP);
    assertThat(l.anomalies.stream().filter(a -> a.at().toEpochMilli() < recoveredAt))
        .allSatisfy(a -> assertThat(a.onset()).isEqualTo(first.onset()));
    assertThat(l.anomalies.stream().filter(a -> a.at().isBefore(first.onset()))).isEmpty();
  }

  @Test
  void staysQuietOnNoiseAndWarmUp() {
    RecordingListener l = new RecordingListener();
    SeriesScorer scorer = SeriesScorer.create(l);
    Random rnd = new Random(2);
    for (int i = 0; i < 5000; i++) {
      double s = scorer.accept(LATENCY, T0 + i * STEP, 50 + 2 * rnd.nextGaussian());
      if (i < DetectorProfile.BALANCED.warmupPoints()) {
        assertThat(s).isZero();
      }
    }
    assertThat(l.anomalies).hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void skipsNonFiniteKeepsWatermarkAndHistory() {
    SeriesScorer scorer = SeriesScorer.create(a -> {});
    assertThat(scorer.watermark()).isEqualTo(Long.MIN_VALUE);
    for (int i = 0; i < 500; i++) {
      scorer.accept(LATENCY, T0 + i * STEP, i % 10 == 3 ? Double.NaN : 10 + (i % 3));
    }
    scorer.accept(LATENCY, T0 - 3_600_000L, 10); // late: watermark stays
    assertThat(scorer.skippedPoints()).isEqualTo(50);
    assertThat(scorer.watermark()).isEqualTo(T0 + 499 * STEP);
    assertThat(scorer.series()).containsExactly(LATENCY);
    List<SeriesScorer.ScorePoint> last =
        scorer.scores(
            LATENCY, Instant.ofEpochMilli(T0 + 400 * STEP), Instant.ofEpochMilli(T0 + 500 * STEP));
    assertThat(last).hasSize(90);
    assertThat(last.get(0).epochMillis()).isEqualTo(T0 + 400 * STEP);
    assertThat(last).isSortedAccordingTo(java.util.Comparator.comparingLong(p -> p.epochMillis()));
    assertThat(scorer.scores(SeriesKey.of("x", "y"), Instant.EPOCH, Instant.now())).isEmpty();
  }

  @Test
  void forecastsUtilizationCrossingItsInferredLimit() {
    SeriesScorer scorer = SeriesScorer.create(a -> {});
    SeriesKey mem = SeriesKey.of("cart", "system.memory.utilization");
    Random rnd = new Random(3);
    for (int i = 0; i < 180; i++) {
      scorer.accept(mem, T0 + i * STEP, 0.40 + 0.001 * i + 0.002 * rnd.nextGaussian());
    }
    // 0.06 per hour from ~0.58: about 7 hours to 1.0
    Forecast f = scorer.forecast(mem).orElseThrow();
    assertThat(f.limit()).isEqualTo(1.0);
    assertThat(f.slopePerHour()).isBetween(0.05, 0.07);
    Instant now = Instant.ofEpochMilli(T0 + 179 * STEP);
    assertThat(f.expected()).isBetween(now.plusSeconds(6 * 3600), now.plusSeconds(8 * 3600));
    assertThat(f.earliest()).isBefore(f.expected());
    assertThat(scorer.forecast(LATENCY)).isEmpty();
  }

  @Test
  void perSeriesStateIsWithinBudget() {
    assertThat(StreamingSeriesScorer.stateBytesPerSeries()).isLessThanOrEqualTo(4096);
  }
}
