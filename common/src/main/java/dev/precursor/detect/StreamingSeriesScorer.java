package dev.precursor.detect;

import dev.precursor.model.Anomaly;
import dev.precursor.model.Direction;
import dev.precursor.model.SeriesKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default {@link SeriesScorer}: one {@link CompositeDetector} per series plus the anomaly state
 * machine, drift velocity and a bounded ring of recent scores.
 *
 * <p><b>Time.</b> Everything runs on the points' timestamps. A point whose time repeats the
 * previous one is scored at the same time; a point up to {@value #LATE_TOLERANCE_MS} ms older is
 * scored as if it arrived at the latest time (late data); a larger backward step is treated as a
 * clock change: the series' internal clock keeps moving forward from where it was.
 *
 * <p><b>Episodes.</b> When the combined score reaches the profile's alarm score a series enters an
 * anomaly: the listener gets an {@link Anomaly} with onset (where the deviation started: the first
 * point of the run of elevated scores, or the start of the CUSUM run for a drift), direction,
 * baseline and velocity, then updates (same onset) at most once per minute of event time or when
 * the score rises by 0.1, and {@link AnomalyListener#onRecovered} once the score stayed below half
 * the alarm score for {@value #CALM_POINTS} points. Within an episode, points that do not raise the
 * episode's peak are reported at half their score, so an anomaly shows as one clear peak at its
 * start rather than as a long plateau while the detectors re-learn the new normal.
 *
 * <p><b>Memory.</b> Detector state is fixed per series (see {@link #stateBytesPerSeries()}, about
 * 3.9 KiB, at most 4 KiB); the score history adds {@code 16 * historyPoints} bytes. Thread-safe:
 * calls for one series are serialised, different series run in parallel.
 */
public final class StreamingSeriesScorer implements SeriesScorer {
  static final long LATE_TOLERANCE_MS = 5 * 60_000L;
  static final int CALM_POINTS = 5;
  private static final double QUIET = 0.1;
  private static final long UPDATE_EVERY_MS = 60_000L;

  private final AnomalyListener listener;
  private final DetectorProfile profile;
  private final int historyPoints;
  private final ConcurrentHashMap<SeriesKey, State> states = new ConcurrentHashMap<>();
  private final AtomicLong watermark = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong skipped = new AtomicLong();

  /**
   * A scorer reporting to {@code listener}, with the given profile and score-history length per
   * series.
   */
  public StreamingSeriesScorer(
      AnomalyListener listener, DetectorProfile profile, int historyPoints) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.profile = Objects.requireNonNull(profile, "profile");
    if (historyPoints < 1) {
      throw new IllegalArgumentException("historyPoints must be positive: " + historyPoints);
    }
    this.historyPoints = historyPoints;
  }

  @Override
  public double accept(SeriesKey key, long epochMillis, double value) {
    if (!Double.isFinite(value)) {
      skipped.incrementAndGet();
      return 0;
    }
    State s = states.get(key);
    if (s == null) {
      s = states.computeIfAbsent(key, k -> new State(k, profile, historyPoints));
    }
    double score;
    synchronized (s) {
      score = s.accept(epochMillis, value, listener);
    }
    long w = watermark.get();
    while (epochMillis > w && !watermark.compareAndSet(w, epochMillis)) {
      w = watermark.get();
    }
    return score;
  }

  @Override
  public List<ScorePoint> scores(SeriesKey key, Instant from, Instant to) {
    State s = states.get(key);
    if (s == null) {
      return List.of();
    }
    synchronized (s) {
      return s.history(from.toEpochMilli(), to.toEpochMilli());
    }
  }

  @Override
  public List<SeriesKey> series() {
    return List.copyOf(states.keySet());
  }

  @Override
  public long watermark() {
    return watermark.get();
  }

  @Override
  public long skippedPoints() {
    return skipped.get();
  }

  @Override
  public void setLimit(SeriesKey key, double limit) {
    State s = states.computeIfAbsent(key, k -> new State(k, profile, historyPoints));
    synchronized (s) {
      s.detector.trend().setLimit(limit);
    }
  }

  @Override
  public Optional<Forecast> forecast(SeriesKey key) {
    State s = states.get(key);
    if (s == null) {
      return Optional.empty();
    }
    synchronized (s) {
      return s.forecast();
    }
  }

  @Override
  public DetectorProfile profile() {
    return profile;
  }

  /** Detector state per series in bytes, without the score history (fixed; documented). */
  public static int stateBytesPerSeries() {
    return new State(SeriesKey.of("s", "m"), DetectorProfile.BALANCED, 1).stateBytes();
  }

  /** Per-series state: detector stack, clock handling, episode, velocity, history. */
  private static final class State {
    final SeriesKey key;
    final CompositeDetector detector;
    final VelocityTracker velocity = new VelocityTracker();
    final double alarm;
    // clock
    long lastRaw = Long.MIN_VALUE;
    long lastEff = Long.MIN_VALUE;
    long offset;
    // episode
    boolean inEpisode;
    double peak;
    double lastEmitted;
    long lastEmitAt;
    long onset;
    long runStart = Long.MIN_VALUE;
    int calm;
    // history ring
    final long[] hT;
    final float[] hV;
    final float[] hS;
    int hHead;
    int hSize;

    State(SeriesKey key, DetectorProfile profile, int historyPoints) {
      this.key = key;
      this.detector = new CompositeDetector(profile);
      this.alarm = profile.alarmScore();
      this.hT = new long[historyPoints];
      this.hV = new float[historyPoints];
      this.hS = new float[historyPoints];
      double limit = Limits.inferred(key);
      if (!Double.isNaN(limit)) {
        detector.trend().setLimit(limit);
      }
    }

    double accept(long t, double x, AnomalyListener listener) {
      long eff;
      if (lastRaw == Long.MIN_VALUE) {
        eff = t;
      } else if (t >= lastRaw) {
        eff = t + offset;
      } else if (lastRaw - t <= LATE_TOLERANCE_MS) {
        eff = lastEff;
      } else {
        // clock stepped back: keep the internal clock moving forward
        offset += lastRaw - t;
        eff = lastEff;
      }
      if (eff < lastEff) {
        eff = lastEff;
      }
      if (t >= lastRaw || lastRaw - t > LATE_TOLERANCE_MS) {
        lastRaw = t;
      }
      lastEff = eff;

      double raw = detector.update(eff, x);
      velocity.add(eff, x);
      if (raw >= QUIET) {
        if (runStart == Long.MIN_VALUE) {
          runStart = t;
        }
      } else if (!inEpisode) {
        runStart = Long.MIN_VALUE;
      }

      double reported = raw;
      if (!inEpisode) {
        if (raw >= alarm) {
          inEpisode = true;
          peak = raw;
          calm = 0;
          long driftStart = detector.driftOnset();
          onset = runStart == Long.MIN_VALUE ? t : runStart;
          if (driftStart != Long.MIN_VALUE && driftStart - offset < onset) {
            onset = driftStart - offset;
          }
          emit(listener, t, x, raw);
        }
      } else {
        if (raw >= peak) {
          peak = raw;
        } else {
          reported = raw * 0.3;
        }
        if (raw < 0.5 * alarm) {
          calm++;
          if (calm >= CALM_POINTS) {
            inEpisode = false;
            peak = 0;
            runStart = Long.MIN_VALUE;
            listener.onRecovered(key, t);
          }
        } else {
          calm = 0;
          if (raw >= lastEmitted + 0.1 || t - lastEmitAt >= UPDATE_EVERY_MS) {
            emit(listener, t, x, raw);
          }
        }
      }
      record(t, x, reported);
      return reported;
    }

    private void emit(AnomalyListener listener, long t, double x, double score) {
      double dev = detector.deviation();
      Direction dir = dev < 0 ? Direction.DOWN : Direction.UP;
      double base = detector.baseline();
      listener.onAnomaly(
          new Anomaly(
              key,
              Instant.ofEpochMilli(Math.min(onset, t)),
              Instant.ofEpochMilli(t),
              Scores.clamp(score, 0, 1),
              dir,
              x,
              Double.isFinite(base) ? base : x,
              velocity.velocity(detector.scale())));
      lastEmitted = score;
      lastEmitAt = t;
    }

    private void record(long t, double x, double score) {
      hT[hHead] = t;
      hV[hHead] = (float) x;
      hS[hHead] = (float) score;
      hHead = hHead + 1 == hT.length ? 0 : hHead + 1;
      if (hSize < hT.length) {
        hSize++;
      }
    }

    List<ScorePoint> history(long from, long to) {
      List<ScorePoint> out = new ArrayList<>();
      int start = hHead - hSize;
      if (start < 0) {
        start += hT.length;
      }
      for (int i = 0; i < hSize; i++) {
        int j = (start + i) % hT.length;
        if (hT[j] >= from && hT[j] < to) {
          out.add(new ScorePoint(hT[j], hV[j], hS[j]));
        }
      }
      return out;
    }

    Optional<Forecast> forecast() {
      TrendForecaster tr = detector.trend();
      if (!tr.hasTrend() || Double.isNaN(tr.limit())) {
        return Optional.empty();
      }
      double b = tr.slopePerHour();
      double se = tr.slopeStdError();
      double eta = tr.hoursToLimit(b);
      if (Double.isInfinite(eta) || !(Math.abs(b) > 2 * se)) {
        return Optional.empty();
      }
      double fastSlope = b + Math.signum(b) * 2 * se;
      double slowSlope = b - Math.signum(b) * 2 * se;
      double early = tr.hoursToLimit(fastSlope);
      double late = tr.hoursToLimit(slowSlope);
      long now = tr.lastTime() - offset;
      return Optional.of(
          new Forecast(
              key,
              Instant.ofEpochMilli(now),
              tr.level(),
              b,
              tr.limit(),
              at(now, eta),
              at(now, early),
              Double.isInfinite(late) ? null : at(now, late)));
    }

    private static Instant at(long now, double hours) {
      return Instant.ofEpochMilli(now + (long) Math.min(hours * 3_600_000.0, 1e15));
    }

    /** Fixed detector state (stack, clock, episode, velocity), without the score history. */
    int stateBytes() {
      return 16 + 8 * 16 + detector.stateBytes() + velocity.stateBytes();
    }
  }
}
