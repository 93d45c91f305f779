package dev.precursor.predict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-pattern recalibration of confidence from feedback: Platt scaling {@code σ(a·logit(p) + b)}
 * fitted by Newton's method on the labelled predictions of each pattern, with a Gaussian prior that
 * pulls (a, b) toward the identity (1, 0) — so a pattern with two labels moves a little and one
 * with fifty labels follows its record. Labels that confirm the risk (true positive, near miss,
 * delayed hit) are positives; false positives are negatives.
 *
 * <p>Thread-safe: {@link #refit} replaces a pattern's parameters atomically.
 */
public final class Calibrator {
  /** Strength of the prior toward no change; about this many labels to move halfway. */
  static final double PRIOR = 4.0;

  private final Map<String, double[]> params = new HashMap<>();
  private final Map<String, TrackRecord> records = new HashMap<>();

  /** The calibrated confidence of a raw confidence for a pattern. */
  public synchronized double calibrate(String pattern, double p) {
    double[] ab = params.get(pattern);
    if (ab == null) {
      return p;
    }
    return sigmoid(ab[0] * logit(p) + ab[1]);
  }

  /** Refits one pattern from all its labels. */
  public synchronized TrackRecord refit(String pattern, List<Feedback> labels) {
    double[] ab = fit(labels);
    params.put(pattern, ab);
    TrackRecord r = record(pattern, labels, ab);
    records.put(pattern, r);
    return r;
  }

  /** The track record of every pattern that has labels, by pattern. */
  public synchronized Map<String, TrackRecord> records() {
    return Map.copyOf(records);
  }

  /** Fits (a, b) with the prior; the identity when there are no labels. */
  static double[] fit(List<Feedback> labels) {
    double a = 1;
    double b = 0;
    if (labels.isEmpty()) {
      return new double[] {a, b};
    }
    List<double[]> xy = new ArrayList<>();
    for (Feedback f : labels) {
      xy.add(new double[] {logit(f.confidence()), f.label().confirms() ? 1 : 0});
    }
    for (int iter = 0; iter < 50; iter++) {
      // gradient and Hessian of the negative log posterior
      double ga = PRIOR * (a - 1);
      double gb = PRIOR * b;
      double haa = PRIOR;
      double hab = 0;
      double hbb = PRIOR;
      for (double[] p : xy) {
        double s = sigmoid(a * p[0] + b);
        double r = s - p[1];
        double w = s * (1 - s);
        ga += r * p[0];
        gb += r;
        haa += w * p[0] * p[0];
        hab += w * p[0];
        hbb += w;
      }
      double det = haa * hbb - hab * hab;
      if (det <= 1e-12) {
        break;
      }
      double da = (hbb * ga - hab * gb) / det;
      double db = (haa * gb - hab * ga) / det;
      a -= da;
      b -= db;
      if (Math.abs(da) + Math.abs(db) < 1e-9) {
        break;
      }
    }
    return new double[] {a, b};
  }

  private static TrackRecord record(String pattern, List<Feedback> labels, double[] ab) {
    int tp = 0;
    int fp = 0;
    int near = 0;
    int delayed = 0;
    double conf = 0;
    double brier = 0;
    for (Feedback f : labels) {
      switch (f.label()) {
        case TRUE_POSITIVE -> tp++;
        case FALSE_POSITIVE -> fp++;
        case NEAR_MISS -> near++;
        case DELAYED_HIT -> delayed++;
      }
      conf += f.confidence();
      double y = f.label().confirms() ? 1 : 0;
      brier += (f.confidence() - y) * (f.confidence() - y);
    }
    int n = labels.size();
    return new TrackRecord(
        pattern,
        n,
        tp,
        fp,
        near,
        delayed,
        n == 0 ? null : round((tp + near + delayed) / (double) n),
        n == 0 ? null : round(conf / n),
        n == 0 ? null : round(brier / n),
        round(ab[0]),
        round(ab[1]));
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  static double logit(double p) {
    double q = Math.min(1 - 1e-4, Math.max(1e-4, p));
    return Math.log(q / (1 - q));
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
