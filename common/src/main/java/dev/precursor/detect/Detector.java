package dev.precursor.detect;

/**
 * One streaming anomaly detector for <em>one</em> series: it keeps a small, fixed-size summary of
 * the series (no full window of history unless bounded and documented) and scores each point as it
 * arrives, in event time.
 *
 * <p>Contract (checked for every implementation by {@code DetectorContract} in the test-jar):
 *
 * <ul>
 *   <li>{@link #update} is given finite values only (the caller counts and skips NaN/Inf); it
 *       returns a score in [0,1] and never NaN, for any finite input including huge magnitudes and
 *       constant series;
 *   <li>timestamps are event times in epoch milliseconds; they may repeat or step back (late or
 *       re-ordered data, clock changes) and the detector must stay well defined;
 *   <li>the score is 0 until the detector {@link #isWarm() is warm} (its baseline is learned);
 *   <li>the hot path does not allocate: state is allocated once, when the detector is created;
 *   <li>the state size is fixed after creation and reported by {@link #stateBytes()}.
 * </ul>
 *
 * <p>Not thread-safe: one instance belongs to one series and is driven by one thread at a time (the
 * {@link SeriesScorer} serialises access per series).
 */
public interface Detector {
  /**
   * Feeds one point and returns how anomalous it is, in [0,1] (0 = as expected, 1 = certainly
   * anomalous), judged against the state before this point.
   */
  double update(long epochMillis, double value);

  /** True once the baseline is learned and scores can be non-zero. */
  boolean isWarm();

  /**
   * Signed deviation of the last point from this detector's expectation in robust z-units (positive
   * = above), 0 when unknown. Used for the direction of an anomaly.
   */
  double deviation();

  /**
   * Short stable name, used in documentation and diagnostics ({@code robust}, {@code drift}...).
   */
  String name();

  /** Approximate retained heap size of this detector's state in bytes (objects and arrays). */
  int stateBytes();

  /** The default detector stack of the given profile, combined into one score. */
  static CompositeDetector composite(DetectorProfile profile) {
    return new CompositeDetector(profile);
  }
}
