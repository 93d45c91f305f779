package dev.precursor.detect.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A generated, labeled corpus in the style of the Numenta Anomaly Benchmark: series of ~14 days at
 * 5-minute resolution (4,032 points) with one or two injected anomalies of one kind each, plus
 * clean series. Base behaviours vary (white noise, autocorrelated AR(1), daily + weekly
 * seasonality, heavy-tailed noise, low-rate counts) and some series are messy (jittered sampling,
 * gaps, duplicate timestamps, missing values). Anomaly windows are 10 % of the series length
 * divided by the number of anomalies, centred on the onset, as NAB labels them.
 */
final class SyntheticCorpus {
  static final String[] KINDS = {
    "spike", "dip", "level-shift", "drift", "variance", "seasonal-break", "clean"
  };
  private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z, a Thursday
  private static final long STEP = 300_000L;
  private static final int N = 4032;
  private static final int PER_DAY = 288;

  private SyntheticCorpus() {}

  /** {@code perKind} series of every kind, reproducible from {@code seed}. */
  static List<LabeledSeries> generate(int perKind, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<LabeledSeries> out = new ArrayList<>();
    for (String kind : KINDS) {
      for (int i = 0; i < perKind; i++) {
        out.add(series(kind, i, rnd.split()));
      }
    }
    return out;
  }

  private enum Base {
    WHITE,
    AR,
    SEASONAL,
    HEAVY,
    COUNTS
  }

  private static LabeledSeries series(String kind, int index, SplittableRandom rnd) {
    Base base;
    if (kind.equals("seasonal-break")) {
      base = Base.SEASONAL;
    } else {
      Base[] choices =
          kind.equals("dip")
              ? new Base[] {Base.WHITE, Base.AR, Base.SEASONAL, Base.HEAVY}
              : Base.values();
      base = choices[rnd.nextInt(choices.length)];
    }
    double level = Math.pow(10, rnd.nextDouble(0, 4));
    double sd = level * rnd.nextDouble(0.01, 0.15);
    double lambda = rnd.nextDouble(2, 30);
    if (base == Base.COUNTS) {
      level = lambda;
      sd = Math.sqrt(lambda);
    }
    double phi = rnd.nextDouble(0.8, 0.97);
    double amp = sd * rnd.nextDouble(3, 10);
    boolean businessHours = rnd.nextBoolean();
    double weekend = rnd.nextDouble(0.4, 0.9);

    // the clean signal: expected value per point (without noise) and the noise multiplier
    double[] expected = new double[N];
    double[] noiseScale = new double[N];
    double[] seasonal = new double[N];
    for (int i = 0; i < N; i++) {
      noiseScale[i] = 1;
      if (base == Base.SEASONAL) {
        double hour = (i % PER_DAY) * 24.0 / PER_DAY;
        double shape =
            businessHours
                ? Math.exp(-Math.pow((hour - 14) / 3.5, 2))
                : 0.5 + 0.5 * Math.sin(2 * Math.PI * (hour - 9) / 24);
        int dow = (int) ((i / PER_DAY + 3) % 7); // 0 = Monday; day 0 is a Thursday
        double wk = dow >= 5 ? weekend : 1.0;
        seasonal[i] = amp * shape * wk;
      }
      expected[i] = level;
    }

    // anomalies
    List<LabeledSeries.Label> labels = new ArrayList<>();
    int count = kind.equals("clean") ? 0 : 1 + rnd.nextInt(2);
    int window = count == 0 ? 0 : (int) (0.10 * N / count);
    double[] add = new double[N];
    boolean[] seasonalOff = new boolean[N];
    int earliest = (int) (0.2 * N);
    for (int a = 0; a < count; a++) {
      int lo = a == 0 ? earliest : labels.get(a - 1).onset() + window + 200;
      int hi = (int) (N * (a == 0 && count > 1 ? 0.55 : 0.9));
      if (lo >= hi) {
        break;
      }
      int onset = lo + rnd.nextInt(hi - lo);
      if (kind.equals("seasonal-break")) {
        // start at the beginning of the day's busy period so the break is visible at once
        int dayStart = (onset / PER_DAY) * PER_DAY;
        onset = dayStart + (businessHours ? PER_DAY * 11 / 24 : PER_DAY * 10 / 24);
        if (onset < lo) {
          onset += PER_DAY;
        }
        if (onset + PER_DAY / 2 >= N) {
          break;
        }
      }
      double sign = rnd.nextBoolean() ? 1 : -1;
      switch (kind) {
        case "spike", "dip" -> {
          double mag = (kind.equals("spike") ? 1 : -1) * sd * rnd.nextDouble(6, 12);
          int len = 1 + rnd.nextInt(3);
          for (int i = onset; i < Math.min(N, onset + len); i++) {
            add[i] += mag;
          }
        }
        case "level-shift" -> {
          double mag = sign * sd * rnd.nextDouble(3, 6);
          for (int i = onset; i < N; i++) {
            add[i] += mag;
          }
        }
        case "drift" -> {
          double mag = sign * sd * rnd.nextDouble(5, 10);
          int len = 100 + rnd.nextInt(200);
          for (int i = onset; i < N; i++) {
            add[i] += mag * Math.min(1.0, (i - onset + 1) / (double) len);
          }
        }
        case "variance" -> {
          double f = rnd.nextDouble(3, 5);
          int len = 100 + rnd.nextInt(300);
          for (int i = onset; i < Math.min(N, onset + len); i++) {
            noiseScale[i] = f;
          }
        }
        case "seasonal-break" -> {
          for (int i = onset; i < Math.min(N, onset + PER_DAY / 2); i++) {
            seasonalOff[i] = true;
          }
        }
        default -> throw new IllegalStateException(kind);
      }
      int ws = Math.max(0, onset - window / 2);
      int we = Math.min(N - 1, onset + window / 2);
      labels.add(new LabeledSeries.Label(onset, ws, we));
    }

    // realise with noise
    double[] values = new double[N];
    double ar = 0;
    double arInnov = sd * Math.sqrt(1 - phi * phi);
    for (int i = 0; i < N; i++) {
      double noise;
      switch (base) {
        case AR -> {
          ar = phi * ar + arInnov * rnd.nextGaussian();
          noise = ar;
        }
        case HEAVY -> noise = sd * studentT3(rnd) / Math.sqrt(3);
        case COUNTS -> noise = 0;
        default -> noise = sd * rnd.nextGaussian();
      }
      double v = expected[i] + (seasonalOff[i] ? 0 : seasonal[i]) + noise * noiseScale[i] + add[i];
      if (base == Base.COUNTS) {
        double mean =
            Math.max(0.1, lambda + add[i] + (noiseScale[i] - 1) * sd * rnd.nextGaussian());
        v = poisson(mean, rnd);
      } else {
        v = Math.round(v * 1000) / 1000.0;
      }
      values[i] = v;
    }

    // messy sampling for a third of the series
    long[] times = new long[N];
    boolean messy = rnd.nextInt(3) == 0;
    for (int i = 0; i < N; i++) {
      long jitter = messy ? (long) rnd.nextDouble(-20_000, 20_000) : 0;
      times[i] = T0 + i * STEP + jitter;
    }
    if (messy) {
      int gapAt = N / 2 + rnd.nextInt(N / 4);
      for (int i = gapAt; i < N; i++) {
        times[i] += 2 * 3_600_000L; // a two-hour gap in collection
      }
      for (int k = 0; k < 5; k++) {
        int i = 1 + rnd.nextInt(N - 1);
        times[i] = times[i - 1]; // duplicate timestamp
        int j = rnd.nextInt(N);
        values[j] = Double.NaN; // missing value
      }
    }
    return new LabeledSeries(
        kind + "-" + index + "-" + base.name().toLowerCase(java.util.Locale.ROOT),
        kind,
        times,
        values,
        labels);
  }

  private static double studentT3(SplittableRandom rnd) {
    double z = rnd.nextGaussian();
    double chi = 0;
    for (int k = 0; k < 3; k++) {
      double g = rnd.nextGaussian();
      chi += g * g;
    }
    return z / Math.sqrt(chi / 3);
  }

  private static double poisson(double mean, SplittableRandom rnd) {
    if (mean > 50) {
      return Math.max(0, Math.round(mean + Math.sqrt(mean) * rnd.nextGaussian()));
    }
    double l = Math.exp(-mean);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= rnd.nextDouble();
    } while (p > l);
    return k - 1;
  }
}
