package dev.precursor.rca;

import dev.precursor.InvalidTelemetryException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Offline root-cause ranking over a {@link MetricTable}: which service most probably caused the
 * incident that starts at the anomaly start (given, or found as the onset of the incident in
 * progress at the end of the table).
 *
 * <p>How a service scores: every metric is scaled robustly against its own pre-incident baseline
 * (median, IQR with MAD/standard-deviation fallbacks), the incident window is smoothed with a
 * 3-point running median so single spikes do not count, and the metric's magnitude is its largest
 * sustained rise (falls count half: a drop is more often a symptom, like less traffic). A service's
 * magnitude is its strongest metric. Ordering mostly follows magnitude on a log scale, and among
 * services of similar magnitude the one whose metrics changed first wins (the cause precedes its
 * symptoms). Deterministic; no training.
 */
public final class OfflineRca {
  /** Robust z at which a metric counts as changed. */
  static final double CHANGED = 3.0;

  private static final double WEIGHT_MAGNITUDE = 0.85;
  private static final double WEIGHT_EARLINESS = 0.15;
  private static final double Z_CAP = 1e6;

  private OfflineRca() {}

  /** One service in the ranking: score in [0,1], its strongest metric and when it changed. */
  public record RankedService(
      String service,
      double score,
      double magnitude,
      @Nullable String topMetric,
      @Nullable Instant changedAt,
      int changedMetrics) {}

  /** The ranking, best first, and the anomaly start it was computed for. */
  public record Result(Instant anomalyStart, boolean startDetected, List<RankedService> ranking) {
    public Result {
      ranking = List.copyOf(ranking);
    }
  }

  /**
   * Ranks every service of the table.
   *
   * @param anomalyStart start of the incident, or null to detect the onset of the incident in
   *     progress at the end of the table
   * @throws InvalidTelemetryException when the table is too short or the start lies outside it
   */
  public static Result rank(MetricTable table, @Nullable Instant anomalyStart) {
    if (table.width() == 0) {
      throw new InvalidTelemetryException("no metric columns besides 'time'");
    }
    boolean detected = anomalyStart == null;
    long start = detected ? detectOnset(table) : anomalyStart.toEpochMilli();
    int s = table.firstRowAtOrAfter(start);
    if (s >= table.rows()) {
      throw new InvalidTelemetryException(
          "anomaly start "
              + Instant.ofEpochMilli(start)
              + " is after the last row ("
              + Instant.ofEpochMilli(table.time(table.rows() - 1))
              + ")");
    }
    if (s < 3) {
      throw new InvalidTelemetryException(
          "anomaly start "
              + Instant.ofEpochMilli(start)
              + " leaves "
              + s
              + " rows before it; at least 3 rows of normal data are needed for a baseline (first"
              + " row: "
              + Instant.ofEpochMilli(table.time(0))
              + ")");
    }
    int n = table.rows();
    long windowMs = Math.max(1, table.time(n - 1) - table.time(s));

    Map<String, ServiceAcc> services = new LinkedHashMap<>();
    for (int c = 0; c < table.width(); c++) {
      String name = table.name(c);
      ServiceAcc acc = services.computeIfAbsent(MetricTable.serviceOf(name), k -> new ServiceAcc());
      MetricChange m = change(table, c, s);
      if (m != null) {
        acc.metrics.add(m);
      }
    }
    long minOnset = Long.MAX_VALUE;
    for (ServiceAcc acc : services.values()) {
      acc.finish();
      if (acc.magnitude >= CHANGED && acc.onset != Long.MAX_VALUE) {
        minOnset = Math.min(minOnset, acc.onset);
      }
    }
    double maxMag = 0;
    for (ServiceAcc acc : services.values()) {
      maxMag = Math.max(maxMag, acc.magnitude);
    }
    double logMax = Math.log1p(maxMag);
    List<RankedService> ranking = new ArrayList<>();
    for (Map.Entry<String, ServiceAcc> e : services.entrySet()) {
      ServiceAcc acc = e.getValue();
      double mag = logMax > 0 ? Math.log1p(acc.magnitude) / logMax : 0;
      double early = 0;
      if (acc.magnitude >= CHANGED && acc.onset != Long.MAX_VALUE) {
        early = 1 - Math.min(1, Math.max(0, (acc.onset - minOnset) / (double) windowMs));
      }
      double score = WEIGHT_MAGNITUDE * mag + WEIGHT_EARLINESS * early;
      ranking.add(
          new RankedService(
              e.getKey(),
              score,
              acc.magnitude,
              acc.topMetric,
              acc.onset == Long.MAX_VALUE ? null : Instant.ofEpochMilli(acc.onset),
              acc.changed));
    }
    ranking.sort(
        Comparator.comparingDouble(RankedService::score)
            .reversed()
            .thenComparing(Comparator.comparingDouble(RankedService::magnitude).reversed())
            .thenComparing(RankedService::service));
    return new Result(Instant.ofEpochMilli(start), detected, ranking);
  }

  /** How one metric changed from its baseline (rows before s) over the incident (rows from s). */
  private static @Nullable MetricChange change(MetricTable t, int c, int s) {
    double[] col = t.column(c);
    int n = col.length;
    double[] before = finite(col, 0, s);
    if (before.length < 3) {
      return null;
    }
    double[] after = finite(col, s, n);
    if (after.length == 0) {
      return null;
    }
    Arrays.sort(before);
    double med = quantile(before, 0.5);
    double scale = baselineScale(before, med, col);
    // z of the incident window, in time order, missing cells skipped
    double[] z = new double[after.length];
    long[] at = new long[after.length];
    int k = 0;
    for (int i = s; i < n; i++) {
      if (Double.isFinite(col[i])) {
        z[k] = (col[i] - med) / scale;
        at[k] = t.time(i);
        k++;
      }
    }
    double[] sm = runningMedian3(z);
    double up = 0;
    double down = 0;
    for (double v : sm) {
      up = Math.max(up, v);
      down = Math.max(down, -v);
    }
    up = Math.min(up, Z_CAP);
    down = Math.min(down, Z_CAP);
    boolean rising = up >= 0.5 * down;
    double magnitude = rising ? up : 0.5 * down;
    double threshold = Math.max(CHANGED, 0.2 * (rising ? up : down));
    long onset = Long.MAX_VALUE;
    for (int i = 0; i < sm.length; i++) {
      double v = rising ? sm[i] : -sm[i];
      if (v >= threshold) {
        onset = at[i];
        break;
      }
    }
    return new MetricChange(t.name(c), magnitude, onset);
  }

  /**
   * Scale of the baseline: IQR/1.349, else MAD·1.4826, else the standard deviation, else (a flat
   * baseline, like an error count stuck at 0) a tenth of the whole column's spread, so the first
   * change does not become an infinite score; never below 0.01% of the level.
   */
  static double baselineScale(double[] sortedBefore, double med, double[] wholeColumn) {
    double iqr = quantile(sortedBefore, 0.75) - quantile(sortedBefore, 0.25);
    double scale = iqr / 1.349;
    if (!(scale > 0)) {
      double[] dev = new double[sortedBefore.length];
      for (int i = 0; i < dev.length; i++) {
        dev[i] = Math.abs(sortedBefore[i] - med);
      }
      Arrays.sort(dev);
      scale = quantile(dev, 0.5) * 1.4826;
    }
    if (!(scale > 0)) {
      scale = std(sortedBefore);
    }
    if (!(scale > 0)) {
      // a flat baseline: measure change against the column's own spread instead
      scale = 0.1 * std(finite(wholeColumn, 0, wholeColumn.length));
    }
    return Math.max(Math.max(scale, 1e-4 * Math.abs(med)), 1e-12);
  }

  /**
   * Finds the onset of the incident in progress at the end of the table: every metric is scaled
   * against the first half of the table, each row is scored by the mean of its three most deviant
   * metrics, and the onset is the start of the last sustained run of abnormal rows (short gaps
   * bridged). Falls back to the strongest single change point when no run stands out.
   *
   * @throws InvalidTelemetryException when the table has too few rows
   */
  public static long detectOnset(MetricTable t) {
    int n = t.rows();
    if (n < 8) {
      throw new InvalidTelemetryException(
          "only " + n + " rows: too few to find the anomaly start; pass --anomaly-start");
    }
    int ref = Math.max(4, n / 2);
    int k = Math.min(3, t.width());
    double[][] top = new double[n][k];
    for (int c = 0; c < t.width(); c++) {
      double[] col = t.column(c);
      double[] base = finite(col, 0, ref);
      if (base.length < 3) {
        continue;
      }
      Arrays.sort(base);
      if (base[0] == base[base.length - 1] && allEqual(col, base[0])) {
        continue;
      }
      double med = quantile(base, 0.5);
      double scale = baselineScale(base, med, col);
      double last = med;
      for (int i = 0; i < n; i++) {
        double v = col[i];
        if (Double.isFinite(v)) {
          last = v;
        }
        double z = Math.min(50, Math.abs(last - med) / scale);
        insertTop(top[i], z);
      }
    }
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (double v : top[i]) {
        sum += v;
      }
      a[i] = sum / k;
    }
    double[] as = runningMedian3(a);
    double[] baseA = Arrays.copyOf(as, ref);
    Arrays.sort(baseA);
    double medA = quantile(baseA, 0.5);
    double[] dev = new double[baseA.length];
    for (int i = 0; i < dev.length; i++) {
      dev[i] = Math.abs(baseA[i] - medA);
    }
    Arrays.sort(dev);
    double madA = quantile(dev, 0.5) * 1.4826;
    double thr = medA + Math.max(Math.max(4 * madA, 0.5 * medA), 1.5);
    int gap = Math.max(2, n / 100);
    int minRun = Math.max(2, n / 200);
    int runEnd = -1;
    int runStart = -1;
    int i = n - 1;
    while (i >= 0) {
      if (as[i] > thr) {
        int end = i;
        int startIdx = i;
        int j = i - 1;
        int quiet = 0;
        while (j >= 0 && quiet <= gap) {
          if (as[j] > thr) {
            startIdx = j;
            quiet = 0;
          } else {
            quiet++;
          }
          j--;
        }
        if (end - startIdx + 1 >= minRun) {
          runEnd = end;
          runStart = startIdx;
          break;
        }
        i = startIdx - 1;
      } else {
        i--;
      }
    }
    if (runEnd < 0 || runStart < 3) {
      return t.time(changePoint(as, n));
    }
    // the onset is where the rise began: walk back while rows stay clearly above the baseline
    double soft = medA + 0.35 * (thr - medA);
    while (runStart > 3 && as[runStart - 1] > soft) {
      runStart--;
    }
    return t.time(runStart);
  }

  /** The split that best separates a lower head from a higher tail (mean difference). */
  private static int changePoint(double[] a, int n) {
    double[] prefix = new double[n + 1];
    for (int i = 0; i < n; i++) {
      prefix[i + 1] = prefix[i] + a[i];
    }
    int lo = Math.max(3, n / 10);
    int hi = Math.max(lo + 1, n - Math.max(1, n / 20));
    int best = Math.min(lo, n - 1);
    double bestGain = Double.NEGATIVE_INFINITY;
    for (int k = lo; k < hi && k < n; k++) {
      double head = prefix[k] / k;
      double tail = (prefix[n] - prefix[k]) / (n - k);
      double gain = (tail - head) * Math.sqrt((double) k * (n - k) / n);
      if (gain > bestGain) {
        bestGain = gain;
        best = k;
      }
    }
    return best;
  }

  private static void insertTop(double[] top, double z) {
    int m = top.length;
    if (m == 0 || z <= top[m - 1]) {
      return;
    }
    int i = m - 1;
    while (i > 0 && top[i - 1] < z) {
      top[i] = top[i - 1];
      i--;
    }
    top[i] = z;
  }

  private static boolean allEqual(double[] col, double v) {
    for (double x : col) {
      if (Double.isFinite(x) && x != v) {
        return false;
      }
    }
    return true;
  }

  static double[] runningMedian3(double[] z) {
    int m = z.length;
    if (m < 3) {
      return z.clone();
    }
    double[] out = new double[m];
    out[0] = Math.min(z[0], z[1]);
    out[m - 1] = Math.min(z[m - 1], z[m - 2]);
    for (int i = 1; i < m - 1; i++) {
      double a = z[i - 1];
      double b = z[i];
      double c = z[i + 1];
      out[i] = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
    return out;
  }

  private static double[] finite(double[] col, int from, int to) {
    double[] out = new double[Math.max(0, to - from)];
    int k = 0;
    for (int i = from; i < to; i++) {
      if (Double.isFinite(col[i])) {
        out[k++] = col[i];
      }
    }
    return k == out.length ? out : Arrays.copyOf(out, k);
  }

  /** Linear-interpolated quantile of sorted values. */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }

  private static double std(double[] v) {
    if (v.length < 2) {
      return 0;
    }
    double mean = 0;
    for (double x : v) {
      mean += x;
    }
    mean /= v.length;
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return Math.sqrt(ss / (v.length - 1));
  }

  private record MetricChange(String column, double magnitude, long onset) {}

  private static final class ServiceAcc {
    final List<MetricChange> metrics = new ArrayList<>();
    double magnitude;
    @Nullable String topMetric;
    long onset = Long.MAX_VALUE;
    int changed;

    void finish() {
      for (MetricChange m : metrics) {
        if (m.magnitude() > magnitude) {
          magnitude = m.magnitude();
          topMetric = m.column();
        }
      }
      double bar = Math.max(CHANGED, 0.3 * magnitude);
      for (MetricChange m : metrics) {
        if (m.magnitude() >= CHANGED) {
          changed++;
        }
        if (m.magnitude() >= bar) {
          onset = Math.min(onset, m.onset());
        }
      }
    }
  }
}
