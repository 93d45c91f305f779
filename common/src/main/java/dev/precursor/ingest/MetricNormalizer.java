package dev.precursor.ingest;

import dev.precursor.model.SeriesKey;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns metric points into scored series, in event time.
 *
 * <ul>
 *   <li>Gauge (and non-monotonic cumulative Sum): the value, as {@code <metric>}.
 *   <li>Sum: per-second rate as {@code <metric>.rate}; cumulative sums are differenced per
 *       instance, with a counter reset recognised by a later start time or a smaller value.
 *   <li>Histogram, ExponentialHistogram: request-count rate {@code <metric>.rate} and {@code
 *       .p50/.p95/.p99} of the observations of the interval.
 *   <li>Summary: count rate {@code <metric>.rate} and each quantile as {@code <metric>.pNN}.
 * </ul>
 *
 * Cumulative state is kept per instance ({@link Resource#instance()}), and the service's series is
 * the sum of its instances' current rates (gauges: their mean). A point at a time already seen for
 * its instance is a duplicate (at-least-once redelivery) and is not counted again; a point older
 * than its series' newest point by more than the tolerance is rejected. Confined to the ingest
 * worker.
 */
final class MetricNormalizer {
  /** An instance that has not reported for this long no longer counts towards its service. */
  static final long STALE_NANOS = 5L * 60 * 1_000_000_000L;

  enum Outcome {
    ACCEPTED,
    DUPLICATE,
    TOO_OLD,
    SERIES_LIMIT,
  }

  private enum Kind {
    GAUGE,
    SUM,
    HISTOGRAM,
    EXP_HISTOGRAM,
    SUMMARY
  }

  private record StreamId(
      Kind kind, String service, String metric, Map<String, String> attributes) {}

  private final SeriesRegistry series;
  private final long toleranceNanos;
  private final Map<StreamId, Stream> streams = new HashMap<>();

  MetricNormalizer(SeriesRegistry series, long toleranceNanos) {
    this.series = series;
    this.toleranceNanos = toleranceNanos;
  }

  Outcome accept(MetricPoint p) {
    Kind kind = kindOf(p);
    StreamId id = new StreamId(kind, p.resource().service(), p.metric(), p.attributes());
    Stream s = streams.get(id);
    if (s == null) {
      s = newStream(kind, p);
      if (!series.admit(Arrays.asList(s.keys))) {
        return Outcome.SERIES_LIMIT;
      }
      streams.put(id, s);
    }
    long t = p.timeNanos();
    Instance inst = s.instance(p.resource().instance());
    if (inst.seen(t)) {
      return Outcome.DUPLICATE;
    }
    if (s.latestNanos != 0 && t < s.latestNanos - toleranceNanos) {
      return Outcome.TOO_OLD;
    }
    inst.remember(t);
    s.update(p, inst);
    if (t > s.latestNanos) {
      s.latestNanos = t;
    }
    return Outcome.ACCEPTED;
  }

  int streamCount() {
    return streams.size();
  }

  private static Kind kindOf(MetricPoint p) {
    if (p instanceof MetricPoint.Gauge) {
      return Kind.GAUGE;
    }
    if (p instanceof MetricPoint.Sum s) {
      return s.cumulative() && !s.monotonic() ? Kind.GAUGE : Kind.SUM;
    }
    if (p instanceof MetricPoint.Histogram) {
      return Kind.HISTOGRAM;
    }
    if (p instanceof MetricPoint.ExponentialHistogram) {
      return Kind.EXP_HISTOGRAM;
    }
    return Kind.SUMMARY;
  }

  private Stream newStream(Kind kind, MetricPoint p) {
    String svc = p.resource().service();
    Map<String, String> attrs = p.attributes();
    String m = p.metric();
    switch (kind) {
      case GAUGE:
        return new GaugeStream(new SeriesKey(svc, m, attrs));
      case SUM:
        return new SumStream(new SeriesKey(svc, m + ".rate", attrs));
      case HISTOGRAM:
      case EXP_HISTOGRAM:
        return new HistogramStream(
            new SeriesKey(svc, m + ".rate", attrs),
            new SeriesKey(svc, m + ".p50", attrs),
            new SeriesKey(svc, m + ".p95", attrs),
            new SeriesKey(svc, m + ".p99", attrs));
      case SUMMARY:
        MetricPoint.Summary sp = (MetricPoint.Summary) p;
        List<SeriesKey> keys = new ArrayList<>();
        keys.add(new SeriesKey(svc, m + ".rate", attrs));
        double[] qs = sp.quantiles();
        for (double q : qs) {
          keys.add(new SeriesKey(svc, m + "." + quantileName(q), attrs));
        }
        return new SummaryStream(keys.toArray(new SeriesKey[0]), qs.clone());
    }
    throw new AssertionError(kind);
  }

  /** {@code 0.5 → p50}, {@code 0.999 → p99.9}, {@code 0 → min}, {@code 1 → max}. */
  static String quantileName(double q) {
    if (q <= 0) {
      return "min";
    }
    if (q >= 1) {
      return "max";
    }
    return "p" + BigDecimal.valueOf(q * 100).stripTrailingZeros().toPlainString();
  }

  /** Per-instance state; {@code recent} remembers the last few timestamps for duplicate checks. */
  private static final class Instance {
    final String id;
    final long[] recent = new long[8];
    int next;
    long lastNanos;
    long lastStart;
    double lastValue;
    long lastCount;
    double @Nullable [] bounds;
    long @Nullable [] cumulativeCounts;
    @Nullable ExpBuckets cumulativeExp;

    /** The instance's current contribution: a value (gauge) or a per-second rate. */
    double current;

    boolean hasCurrent;
    long[] deltaCounts = new long[0];
    @Nullable ExpBuckets deltaExp;

    Instance(String id) {
      this.id = id;
    }

    boolean seen(long t) {
      for (long r : recent) {
        if (r == t) {
          return true;
        }
      }
      return false;
    }

    void remember(long t) {
      recent[next] = t;
      next = (next + 1) & 7;
    }

    boolean fresh(long t) {
      return hasCurrent && lastNanos >= t - STALE_NANOS;
    }
  }

  private abstract class Stream {
    final SeriesKey[] keys;
    long latestNanos;
    private Instance[] instances = new Instance[0];

    Stream(SeriesKey... keys) {
      this.keys = keys;
    }

    Instance instance(String id) {
      for (Instance i : instances) {
        if (i.id.equals(id)) {
          return i;
        }
      }
      Instance i = new Instance(id);
      instances = Arrays.copyOf(instances, instances.length + 1);
      instances[instances.length - 1] = i;
      return i;
    }

    Instance[] instances() {
      return instances;
    }

    abstract void update(MetricPoint p, Instance inst);

    /** Sum of the fresh instances' current rates. */
    double totalRate(long t) {
      double sum = 0;
      for (Instance i : instances) {
        if (i.fresh(t)) {
          sum += i.current;
        }
      }
      return sum;
    }

    /**
     * The start of the interval a new reading covers: its start time for delta points and resets,
     * else the previous reading; 0 when unknown.
     */
    long intervalStart(Instance inst, long start, long t, boolean cumulative, boolean reset) {
      if (!cumulative || reset) {
        if (start > 0 && start < t) {
          // a reset counter counts from its new start, or from the last reading if that is later
          return reset ? Math.max(start, inst.lastNanos) : start;
        }
        return inst.lastNanos > 0 && inst.lastNanos < t ? inst.lastNanos : 0;
      }
      return inst.lastNanos < t ? inst.lastNanos : 0;
    }
  }

  private final class GaugeStream extends Stream {
    GaugeStream(SeriesKey key) {
      super(key);
    }

    @Override
    void update(MetricPoint p, Instance inst) {
      double v = p instanceof MetricPoint.Gauge g ? g.value() : ((MetricPoint.Sum) p).value();
      long t = p.timeNanos();
      if (t < inst.lastNanos) {
        // a late reading: scored as it is, it does not replace the instance's newer value
        series.emit(keys[0], t / 1_000_000, v);
        return;
      }
      inst.lastNanos = t;
      inst.current = v;
      inst.hasCurrent = true;
      double sum = 0;
      int n = 0;
      for (Instance i : instances()) {
        if (i.fresh(t)) {
          sum += i.current;
          n++;
        }
      }
      series.emit(keys[0], t / 1_000_000, sum / n);
    }
  }

  private final class SumStream extends Stream {
    SumStream(SeriesKey key) {
      super(key);
    }

    @Override
    void update(MetricPoint p, Instance inst) {
      MetricPoint.Sum s = (MetricPoint.Sum) p;
      long t = s.timeNanos();
      if (t < inst.lastNanos) {
        return; // late: the interval it closes is already accounted for
      }
      boolean first = inst.lastNanos == 0;
      double delta;
      long from;
      if (s.cumulative()) {
        boolean reset =
            !first
                && (s.value() < inst.lastValue
                    || (s.startNanos() > 0
                        && inst.lastStart > 0
                        && s.startNanos() > inst.lastStart));
        from = first ? 0 : intervalStart(inst, s.startNanos(), t, true, reset);
        delta = reset ? s.value() : s.value() - inst.lastValue;
      } else {
        from = intervalStart(inst, s.startNanos(), t, false, false);
        delta = s.value();
      }
      inst.lastNanos = t;
      inst.lastStart = s.startNanos();
      inst.lastValue = s.value();
      if (from <= 0 || from >= t) {
        return;
      }
      inst.current = delta / ((t - from) / 1e9);
      inst.hasCurrent = true;
      series.emit(keys[0], t / 1_000_000, totalRate(t));
    }
  }

  private final class HistogramStream extends Stream {
    HistogramStream(SeriesKey... keys) {
      super(keys);
    }

    @Override
    void update(MetricPoint p, Instance inst) {
      long t = p.timeNanos();
      if (t < inst.lastNanos) {
        return;
      }
      if (p instanceof MetricPoint.Histogram h) {
        updateExplicit(h, inst);
      } else {
        updateExponential((MetricPoint.ExponentialHistogram) p, inst);
      }
    }

    private void updateExplicit(MetricPoint.Histogram h, Instance inst) {
      long t = h.timeNanos();
      boolean first = inst.lastNanos == 0;
      boolean sameBounds = inst.bounds != null && Arrays.equals(inst.bounds, h.bounds());
      long from;
      long[] delta;
      if (h.cumulative()) {
        long[] prev = inst.cumulativeCounts;
        boolean reset =
            !first
                && (h.count() < inst.lastCount
                    || (h.startNanos() > 0
                        && inst.lastStart > 0
                        && h.startNanos() > inst.lastStart));
        if (first || (!reset && (!sameBounds || prev == null))) {
          from = 0; // nothing to difference against yet
          delta = new long[0];
        } else {
          from = intervalStart(inst, h.startNanos(), t, true, reset);
          delta = reset ? h.counts().clone() : subtract(h.counts(), prev);
        }
        inst.cumulativeCounts = h.counts();
      } else {
        from = intervalStart(inst, h.startNanos(), t, false, false);
        delta = h.counts();
      }
      inst.lastNanos = t;
      inst.lastStart = h.startNanos();
      inst.lastCount = h.count();
      inst.bounds = h.bounds();
      if (from <= 0 || from >= t) {
        return;
      }
      long n = 0;
      for (long c : delta) {
        n += c;
      }
      inst.deltaCounts = delta;
      inst.current = n / ((t - from) / 1e9);
      inst.hasCurrent = true;
      long[] merged = delta.clone();
      for (Instance other : instances()) {
        if (other != inst
            && other.fresh(t)
            && other.bounds != null
            && Arrays.equals(other.bounds, h.bounds())
            && other.deltaCounts.length == merged.length) {
          for (int i = 0; i < merged.length; i++) {
            merged[i] += other.deltaCounts[i];
          }
        }
      }
      emitAll(t, h.bounds(), merged, null);
    }

    private void updateExponential(MetricPoint.ExponentialHistogram h, Instance inst) {
      long t = h.timeNanos();
      boolean first = inst.lastNanos == 0;
      ExpBuckets cur = ExpBuckets.of(h);
      long from;
      @Nullable ExpBuckets delta;
      if (h.cumulative()) {
        ExpBuckets prev = inst.cumulativeExp;
        boolean reset =
            !first
                && (h.count() < inst.lastCount
                    || (h.startNanos() > 0
                        && inst.lastStart > 0
                        && h.startNanos() > inst.lastStart));
        if (first || prev == null) {
          from = 0;
          delta = null;
        } else {
          ExpBuckets d = reset ? cur : cur.combine(prev, -1);
          if (d.hasNegative()) {
            d = cur;
            reset = true;
          }
          from = intervalStart(inst, h.startNanos(), t, true, reset);
          delta = d;
        }
        inst.cumulativeExp = cur;
      } else {
        from = intervalStart(inst, h.startNanos(), t, false, false);
        delta = cur;
      }
      inst.lastNanos = t;
      inst.lastStart = h.startNanos();
      inst.lastCount = h.count();
      if (delta == null || from <= 0 || from >= t) {
        return;
      }
      inst.deltaExp = delta;
      inst.current = delta.total() / ((t - from) / 1e9);
      inst.hasCurrent = true;
      ExpBuckets merged = delta;
      for (Instance other : instances()) {
        if (other != inst && other.fresh(t) && other.deltaExp != null) {
          merged = merged.combine(other.deltaExp, 1);
        }
      }
      emitAll(t, null, null, merged);
    }

    private void emitAll(
        long t, double @Nullable [] bounds, long @Nullable [] counts, @Nullable ExpBuckets exp) {
      long ms = t / 1_000_000;
      series.emit(keys[0], ms, totalRate(t));
      double[] qs = {0.5, 0.95, 0.99};
      for (int i = 0; i < qs.length; i++) {
        double v =
            exp != null
                ? Quantiles.exponential(exp, qs[i])
                : Quantiles.explicit(bounds == null ? new double[0] : bounds, counts, qs[i]);
        series.emit(keys[i + 1], ms, v);
      }
    }
  }

  private static long[] subtract(long[] a, long[] b) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i];
      if (out[i] < 0) {
        return a.clone(); // a bucket went down: the histogram restarted
      }
    }
    return out;
  }

  private final class SummaryStream extends Stream {
    private final double[] quantiles;

    SummaryStream(SeriesKey[] keys, double[] quantiles) {
      super(keys);
      this.quantiles = quantiles;
    }

    @Override
    void update(MetricPoint p, Instance inst) {
      MetricPoint.Summary s = (MetricPoint.Summary) p;
      long t = s.timeNanos();
      long ms = t / 1_000_000;
      for (int i = 0; i < s.quantiles().length; i++) {
        int k = indexOf(s.quantiles()[i]);
        if (k >= 0) {
          series.emit(keys[k + 1], ms, s.values()[i]);
        }
      }
      if (t < inst.lastNanos) {
        return;
      }
      boolean first = inst.lastNanos == 0;
      boolean reset =
          !first
              && (s.count() < inst.lastCount
                  || (s.startNanos() > 0 && inst.lastStart > 0 && s.startNanos() > inst.lastStart));
      long from = first ? 0 : intervalStart(inst, s.startNanos(), t, true, reset);
      long delta = reset ? s.count() : s.count() - inst.lastCount;
      inst.lastNanos = t;
      inst.lastStart = s.startNanos();
      inst.lastCount = s.count();
      if (from <= 0 || from >= t) {
        return;
      }
      inst.current = delta / ((t - from) / 1e9);
      inst.hasCurrent = true;
      series.emit(keys[0], ms, totalRate(t));
    }

    private int indexOf(double q) {
      for (int i = 0; i < quantiles.length; i++) {
        if (quantiles[i] == q) {
          return i;
        }
      }
      return -1;
    }
  }
}
