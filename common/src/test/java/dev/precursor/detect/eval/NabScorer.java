package dev.precursor.detect.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A window scorer in the style of the Numenta Anomaly Benchmark, written from its published rules:
 *
 * <ul>
 *   <li>the first 15 % of each series (at most 750 points) is probationary and not scored;
 *   <li>a point at or above the threshold inside a window is a detection worth {@code tp * S(p)},
 *       where p is the relative position in the window (-1 at its left edge, 0 at its right edge)
 *       and {@code S(p) = (2 sigmoid(-5p) - 1) / (2 sigmoid(5) - 1)}; only the best (earliest)
 *       detection of a window counts; a window without one costs {@code -fn};
 *   <li>every point at or above the threshold outside the windows costs {@code fp * S'}, where S'
 *       is -1 before the first window and grows from 0 to -1 with the distance after the preceding
 *       window (relative to that window's width), so alarms just after a window cost little;
 *   <li>one threshold for the whole corpus, chosen to maximise the total; the score is normalised
 *       to 100 for a perfect detector and 0 for one that never fires.
 * </ul>
 */
final class NabScorer {
  /** Costs of an application profile. */
  record Costs(String name, double tp, double fp, double fn) {
    static final Costs STANDARD = new Costs("standard", 1.0, 0.11, 1.0);
    static final Costs LOW_FP = new Costs("reward_low_FP_rate", 1.0, 0.22, 1.0);
    static final Costs LOW_FN = new Costs("reward_low_FN_rate", 1.0, 0.11, 2.0);
  }

  /** The corpus-wide result at the best threshold. */
  record Result(
      Costs costs, double threshold, double normalized, int windows, int detected, int fp) {}

  private NabScorer() {}

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static double scaled(double pos) {
    return pos >= 3.0 ? -1.0 : 2 * sigmoid(-5 * pos) - 1.0;
  }

  /** One scorable point: its anomaly score, its weight, and its window id (-1 = none). */
  private record Point(double score, double weight, int window) {}

  /** Scores {@code series} with {@code scores[i]} (one array per series, point by point). */
  static Result score(List<LabeledSeries> series, List<double[]> scores, Costs costs) {
    List<Point> points = new ArrayList<>();
    int windows = 0;
    double maxTp = scaled(-1.0);
    for (int s = 0; s < series.size(); s++) {
      LabeledSeries ls = series.get(s);
      double[] sc = scores.get(s);
      int n = ls.size();
      int probation = (int) Math.min(Math.floor(0.15 * n), 0.15 * 5000);
      int[] windowOf = new int[n];
      Arrays.fill(windowOf, -1);
      List<LabeledSeries.Label> labels = ls.labels();
      int[] ids = new int[labels.size()];
      for (int w = 0; w < labels.size(); w++) {
        ids[w] = windows++;
        for (int i = labels.get(w).windowStart(); i <= labels.get(w).windowEnd(); i++) {
          windowOf[i] = w;
        }
      }
      int prevRight = -1;
      double prevWidth = 0;
      for (int i = 0; i < n; i++) {
        int w = windowOf[i];
        double weight;
        if (w >= 0) {
          LabeledSeries.Label l = labels.get(w);
          double width = l.windowEnd() - l.windowStart() + 1;
          double pos = -(l.windowEnd() - i + 1) / width;
          weight = scaled(pos) * costs.tp() / maxTp;
          if (i == l.windowEnd()) {
            prevRight = i;
            prevWidth = width;
          }
        } else {
          double pos = prevRight < 0 ? 3.0 : Math.abs(prevRight - i) / (prevWidth - 1);
          weight = scaled(pos) * costs.fp();
        }
        if (i >= probation) {
          points.add(new Point(sc[i], weight, w < 0 ? -1 : ids[w]));
        }
      }
    }
    points.sort((a, b) -> Double.compare(b.score(), a.score()));
    double[] best = new double[windows];
    Arrays.fill(best, -costs.fn());
    double fpSum = 0;
    double windowSum = -costs.fn() * windows;
    double bestTotal = windowSum;
    double bestThreshold = 1.1;
    int detected = 0;
    int fps = 0;
    int bestDetected = 0;
    int bestFp = 0;
    for (int k = 0; k < points.size(); k++) {
      Point p = points.get(k);
      if (p.window() >= 0) {
        if (p.weight() > best[p.window()]) {
          if (best[p.window()] == -costs.fn()) {
            detected++;
          }
          windowSum += p.weight() - best[p.window()];
          best[p.window()] = p.weight();
        }
      } else {
        fpSum += p.weight();
        fps++;
      }
      boolean lastOfThreshold = k + 1 == points.size() || points.get(k + 1).score() != p.score();
      if (lastOfThreshold && p.score() > 0 && windowSum + fpSum > bestTotal) {
        bestTotal = windowSum + fpSum;
        bestThreshold = p.score();
        bestDetected = detected;
        bestFp = fps;
      }
    }
    double nullScore = -costs.fn() * windows;
    double perfect = costs.tp() * windows;
    double normalized = windows == 0 ? 0 : 100 * (bestTotal - nullScore) / (perfect - nullScore);
    return new Result(costs, bestThreshold, normalized, windows, bestDetected, bestFp);
  }
}
