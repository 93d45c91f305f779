package dev.precursor.detect;

import dev.precursor.model.SeriesKey;
import java.util.Locale;

/**
 * Measures the retained heap per series of {@link StreamingSeriesScorer}: creates 20,000 series,
 * each fed 400 points (past warm-up), and divides the heap growth (after GC) by the series count.
 * Run: {@code java -cp common/target/benchmarks.jar dev.precursor.detect.SeriesFootprint}. The
 * figure includes the map entry but not the keys (created before measuring); the detector state
 * alone is {@link StreamingSeriesScorer#stateBytesPerSeries()}.
 */
public final class SeriesFootprint {
  private SeriesFootprint() {}

  private static long usedAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      best = Math.min(best, rt.totalMemory() - rt.freeMemory());
    }
    return best;
  }

  public static void main(String[] args) throws InterruptedException {
    int series = 20_000;
    for (int history : new int[] {1, SeriesScorer.DEFAULT_HISTORY_POINTS}) {
      SeriesKey[] keys = new SeriesKey[series];
      for (int k = 0; k < series; k++) {
        keys[k] = SeriesKey.of("svc-" + (k % 100), "metric." + k);
      }
      long before = usedAfterGc();
      StreamingSeriesScorer scorer =
          new StreamingSeriesScorer(a -> {}, DetectorProfile.BALANCED, history);
      long t = 1_767_225_600_000L;
      for (int p = 0; p < 400; p++) {
        for (int k = 0; k < series; k++) {
          scorer.accept(keys[k], t, 100 + (p * 7919 + k) % 13);
        }
        t += 60_000L;
      }
      long after = usedAfterGc();
      System.out.printf(
          Locale.ROOT,
          "history %d points: %.0f bytes per series measured (detector state estimate %d bytes),"
              + " %d series%n",
          history,
          (after - before) / (double) series,
          StreamingSeriesScorer.stateBytesPerSeries(),
          scorer.series().size());
    }
  }
}
