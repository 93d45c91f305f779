package dev.precursor.detect;

/**
 * Trend-to-limit forecaster: an exponentially time-weighted linear regression of the series over
 * roughly the last {@code tau} (1 h by default), with isolated residuals beyond 4 standard errors
 * clipped so spikes do not tilt the line (Huber-style robustness; a second point beyond the band on
 * the same side is taken as real). Given a limit (explicit, or inferred from the metric kind, see
 * {@link Limits}) it predicts when the series crosses it, with an uncertainty band from the slope's
 * standard error (slope &plusmn; 2 SE). As a detector it scores how close and how certain a
 * crossing is: 0 without a limit or without a significant trend towards it, rising to 1 as the
 * expected crossing comes within a quarter of {@code horizon} (6 h by default).
 *
 * <p>State: about fifteen scalars (about 150 bytes).
 */
public final class TrendForecaster implements Detector {
  private static final double HOUR = 3_600_000.0;
  private static final int MIN_POINTS = 30;

  private final double tauHours;
  private final double horizonHours;
  private double limit = Double.NaN;
  private long t0 = Long.MIN_VALUE;
  private long lastT = Long.MIN_VALUE;
  private double sw;
  private double st;
  private double sx;
  private double stt;
  private double stx;
  private double sxx;
  private long n;
  private double deviation;
  private int lastOutside;

  /** A forecaster over the last ~1 h that scores crossings expected within 6 h. */
  public TrendForecaster() {
    this(1.0, 6.0);
  }

  /** A forecaster with the given regression time constant and scoring horizon, in hours. */
  public TrendForecaster(double tauHours, double horizonHours) {
    this.tauHours = tauHours;
    this.horizonHours = horizonHours;
  }

  /** Sets the limit the series must not cross (NaN = none). */
  public void setLimit(double limit) {
    this.limit = limit;
  }

  /** The limit, or NaN when none is known. */
  public double limit() {
    return limit;
  }

  @Override
  public double update(long t, double value) {
    double x = Scores.bounded(value);
    n++;
    if (t0 == Long.MIN_VALUE) {
      t0 = t;
      lastT = t;
    }
    if (t > lastT) {
      double decay = Math.exp(-((t - lastT) / HOUR) / tauHours);
      sw *= decay;
      st *= decay;
      sx *= decay;
      stt *= decay;
      stx *= decay;
      sxx *= decay;
      lastT = t;
      if (t - t0 > 48 * HOUR) {
        rebase(t);
      }
    }
    double tt = (Math.max(t, lastT - (long) (tauHours * HOUR)) - t0) / HOUR;
    double xx = x;
    if (n > MIN_POINTS && sw > 2) {
      double fit = fitAt(tt);
      double se = residualSd();
      if (se > 0) {
        double r = x - fit;
        deviation = r / se;
        int side = r > 4 * se ? 1 : (r < -4 * se ? -1 : 0);
        if (side != 0 && side != lastOutside) {
          xx = fit + Scores.clamp(r, -4 * se, 4 * se); // an isolated outlier: clip it
        }
        lastOutside = side;
      }
    }
    sw += 1;
    st += tt;
    sx += xx;
    stt += tt * tt;
    stx += tt * xx;
    sxx += xx * xx;
    return score(t);
  }

  private void rebase(long t) {
    // shift the time origin to keep the sums well conditioned: t' = t - dt
    double dt = (t - t0) / HOUR;
    stt = stt - 2 * dt * st + dt * dt * sw;
    stx = stx - dt * sx;
    st = st - dt * sw;
    t0 = t;
  }

  private double slope() {
    double den = sw * stt - st * st;
    return den > 1e-12 * sw * sw ? (sw * stx - st * sx) / den : 0;
  }

  private double fitAt(double tt) {
    double b = slope();
    double a = (sx - b * st) / sw;
    return a + b * tt;
  }

  private double residualSd() {
    if (sw <= 2) {
      return 0;
    }
    double b = slope();
    double mx = sx / sw;
    double mt = st / sw;
    double sxxc = sxx - sw * mx * mx;
    double stxc = stx - sw * mt * mx;
    double rss = Math.max(0, sxxc - b * stxc);
    return Math.sqrt(rss / (sw - 2));
  }

  private double slopeSe() {
    double sttc = stt - st * st / sw;
    return sttc > 0 ? residualSd() / Math.sqrt(sttc) : Double.POSITIVE_INFINITY;
  }

  /** Fitted level at the latest time seen. */
  public double level() {
    return sw > 0 ? fitAt((lastT - t0) / HOUR) : Double.NaN;
  }

  /** Fitted slope in units per hour. */
  public double slopePerHour() {
    return slope();
  }

  /** Standard error of the slope, units per hour. */
  public double slopeStdError() {
    return slopeSe();
  }

  /** The latest time seen (epoch ms). */
  public long lastTime() {
    return lastT;
  }

  /**
   * Hours until the limit is crossed at slope {@code s} from the current level, or +Inf when the
   * series is not heading there.
   */
  public double hoursToLimit(double s) {
    if (Double.isNaN(limit) || sw <= 2) {
      return Double.POSITIVE_INFINITY;
    }
    double gap = limit - level();
    if (gap == 0) {
      return 0;
    }
    if (s == 0 || Math.signum(s) != Math.signum(gap)) {
      return Double.POSITIVE_INFINITY;
    }
    return gap / s;
  }

  private double score(long t) {
    if (!isWarm() || Double.isNaN(limit)) {
      return 0;
    }
    double b = slope();
    double se = slopeSe();
    if (!(Math.abs(b) > 3 * se)) {
      return 0; // no significant trend
    }
    double eta = hoursToLimit(b);
    if (Double.isInfinite(eta)) {
      return 0;
    }
    return Scores.ramp(horizonHours - eta, 0, 0.75 * horizonHours);
  }

  /** True when at least a short stretch of history was seen. */
  public boolean hasTrend() {
    return isWarm() && sw > 2;
  }

  @Override
  public boolean isWarm() {
    return n > MIN_POINTS;
  }

  @Override
  public double deviation() {
    return deviation;
  }

  @Override
  public String name() {
    return "trend";
  }

  @Override
  public int stateBytes() {
    return 16 + 8 * 16;
  }
}
