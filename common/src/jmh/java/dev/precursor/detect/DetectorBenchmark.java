package dev.precursor.detect;

import dev.precursor.model.SeriesKey;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the detector stack, one point per operation, single thread (= per core):
 *
 * <ul>
 *   <li>{@code compositeStack}: the five detectors and their combination ({@link
 *       CompositeDetector#update}), the scoring alone;
 *   <li>{@code scorerOneSeries}: the full per-point path of {@link StreamingSeriesScorer#accept}
 *       (series lookup, clock handling, stack, episode logic, velocity, score history);
 *   <li>{@code scorerManySeries}: the same over 10,000 series round-robin (cache misses of a real
 *       engine).
 * </ul>
 *
 * Run with {@code -prof gc} to see the allocation per point ({@code gc.alloc.rate.norm}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DetectorBenchmark {
  private static final int N = 1 << 16;
  private static final long STEP = 60_000L;

  /** A day-periodic noisy series with occasional spikes, replayed in a loop. */
  @State(Scope.Thread)
  public static class Data {
    final double[] values = new double[N];
    long t = 1_767_225_600_000L;
    int i;
    CompositeDetector stack;
    StreamingSeriesScorer scorer;
    SeriesKey key;
    SeriesKey[] keys;

    @Setup(Level.Trial)
    public void setUp() {
      Random rnd = new Random(1);
      for (int k = 0; k < N; k++) {
        values[k] =
            100
                + 30 * Math.sin(2 * Math.PI * (k % 1440) / 1440.0)
                + 3 * rnd.nextGaussian()
                + (rnd.nextInt(5000) == 0 ? 40 : 0);
      }
      stack = new CompositeDetector(DetectorProfile.BALANCED);
      scorer = new StreamingSeriesScorer(a -> {}, DetectorProfile.BALANCED, 360);
      key = SeriesKey.of("checkout", "http.server.duration");
      keys = new SeriesKey[10_000];
      for (int k = 0; k < keys.length; k++) {
        keys[k] = SeriesKey.of("svc-" + (k % 100), "metric." + k);
      }
    }
  }

  @Benchmark
  public double compositeStack(Data d) {
    int k = d.i++ & (N - 1);
    d.t += STEP;
    return d.stack.update(d.t, d.values[k]);
  }

  @Benchmark
  public double scorerOneSeries(Data d) {
    int k = d.i++ & (N - 1);
    d.t += STEP;
    return d.scorer.accept(d.key, d.t, d.values[k]);
  }

  @Benchmark
  public double scorerManySeries(Data d) {
    int k = d.i++;
    int s = k % d.keys.length;
    if (s == 0) {
      d.t += STEP;
    }
    return d.scorer.accept(d.keys[s], d.t, d.values[k & (N - 1)]);
  }
}
