package dev.precursor.detect;

/**
 * Spikes and dips against a robust baseline: the median and median absolute deviation (MAD) of the
 * last {@value #WINDOW} points. The scale is floored by a clipped running standard deviation so
 * that quantised or mostly-constant series (MAD = 0) do not turn every small step into an alarm.
 * Each point is scored against the window <em>before</em> it is added, so a single outlier never
 * explains itself.
 *
 * <p>State: two arrays of {@value #WINDOW} doubles plus a few scalars (about 1.1 KiB).
 */
public final class RobustBaselineDetector implements Detector {
  static final int WINDOW = 64;
  private static final int MIN_POINTS = 20;
  private static final double STD_ALPHA = 0.01;

  private final SortedWindow window = new SortedWindow(WINDOW);
  private final TailCalibrator tail = new TailCalibrator(2, 200, 2000);
  private final TailCalibrator jumpTail = new TailCalibrator(2, 200, 2000);
  private double prev = Double.NaN;
  private double absDiff;
  private final double z0;
  private double var;
  private long n;
  private double deviation;
  private double baseline = Double.NaN;
  private double scale = Double.NaN;

  /** A detector with the given profile's thresholds. */
  public RobustBaselineDetector(DetectorProfile profile) {
    this.z0 = 4.0 + profile.zShift();
  }

  @Override
  public double update(long epochMillis, double value) {
    double x = Scores.bounded(value);
    n++;
    double score = 0;
    if (window.size() >= MIN_POINTS) {
      double med = window.median();
      double mad = window.mad(med);
      double std = Math.sqrt(var);
      double s = Math.max(1.4826 * mad, 0.5 * std);
      s = Math.max(s, 1e-9 * Math.max(1.0, Math.abs(med)));
      baseline = med;
      scale = s;
      double z = (x - med) / s;
      deviation = z;
      score = Scores.fromZ(Math.abs(z), z0, 4.0);
      if (score > 0) {
        score *= tail.rarity(Math.abs(z));
      }
      tail.add(Math.abs(z));
      // jump channel: the step from the previous point against the usual step size
      double d = x - prev;
      double dScale = Math.max(1.2533 * absDiff, 1e-9 * Math.max(1.0, Math.abs(med)));
      double zj = d / dScale;
      double jump = Scores.fromZ(Math.abs(zj), z0 + 2, 4.0);
      if (jump > 0) {
        jump *= jumpTail.rarity(Math.abs(zj));
      }
      jumpTail.add(Math.abs(zj));
      if (jump > score) {
        score = jump;
        deviation = zj;
      }
      absDiff += STD_ALPHA * (Math.min(Math.abs(d), 6 * dScale) - absDiff);
      double r = x - med;
      double cap = 36 * s * s;
      double r2 = Math.min(r * r, cap);
      var += STD_ALPHA * (r2 - var);
    } else {
      // running mean of squared successive differences as the initial variance estimate
      double med = window.size() == 0 ? x : window.median();
      double r = x - med;
      var += (r * r - var) / n;
      baseline = med;
      deviation = 0;
      if (n > 1) {
        absDiff += (Math.abs(x - prev) - absDiff) / (n - 1);
      }
    }
    prev = x;
    window.add(x);
    return isWarm() ? score : 0;
  }

  @Override
  public boolean isWarm() {
    return window.size() >= MIN_POINTS;
  }

  @Override
  public double deviation() {
    return deviation;
  }

  /** The current median (the expected value), NaN before the first point. */
  public double baseline() {
    return baseline;
  }

  /** The current robust scale (1.4826 MAD, floored), NaN until warm. */
  public double scale() {
    return scale;
  }

  @Override
  public String name() {
    return "robust";
  }

  @Override
  public int stateBytes() {
    return 16 + 8 * 9 + window.stateBytes() + tail.stateBytes() * 2;
  }
}
