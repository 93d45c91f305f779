package dev.precursor.detect.eval;

import dev.precursor.detect.CompositeDetector;
import dev.precursor.detect.DetectorProfile;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Debug: where do false positives come from (base type x component). */
final class Diagnose {
  public static void main(String[] args) {
    List<LabeledSeries> corpus = SyntheticCorpus.generate(20, 42);
    double thr = Double.parseDouble(args.length > 0 ? args[0] : "0.5");
    Map<String, int[]> fp = new TreeMap<>();
    for (LabeledSeries s : corpus) {
      CompositeDetector d = new CompositeDetector(DetectorProfile.BALANCED);
      String base = s.name().substring(s.name().lastIndexOf('-') + 1);
      int[] c = fp.computeIfAbsent(base, k -> new int[7]);
      c[6]++;
      double prev = 0;
      for (int i = 0; i < s.size(); i++) {
        if (!Double.isFinite(s.values()[i])) continue;
        double sc = d.update(s.times()[i], s.values()[i]);
        boolean inW = false;
        for (LabeledSeries.Label l : s.labels()) {
          if (i >= l.windowStart() && i <= l.windowEnd()) inW = true;
        }
        if (i > 604 && sc >= thr && prev < thr && !inW) {
          c[5]++;
          int best = 0;
          for (int k = 1; k < 5; k++) if (d.componentScore(k) > d.componentScore(best)) best = k;
          c[best]++;
          if (args.length > 1 && args[1].equals("fp")) System.out.printf("%s i=%d sc=%.2f %s%n", s.name(), i, sc, CompositeDetector.COMPONENTS.get(best));
        }
        prev = sc;
      }
    }
    if (args.length > 2) {
      for (LabeledSeries s : corpus) {
        if (!s.kind().equals(args[2])) continue;
        CompositeDetector d = new CompositeDetector(DetectorProfile.BALANCED);
        double[][] comp = new double[s.size()][5];
        double[] sc = new double[s.size()];
        for (int i = 0; i < s.size(); i++) {
          if (!Double.isFinite(s.values()[i])) continue;
          sc[i] = d.update(s.times()[i], s.values()[i]);
          for (int k = 0; k < 5; k++) comp[i][k] = d.componentScore(k);
        }
        for (LabeledSeries.Label l : s.labels()) {
          StringBuilder sb = new StringBuilder();
          double mx = 0; int at = -1;
          double[] cm = new double[5];
          for (int i = l.windowStart(); i <= l.windowEnd(); i++) {
            if (sc[i] > mx) { mx = sc[i]; at = i; }
            for (int k = 0; k < 5; k++) cm[k] = Math.max(cm[k], comp[i][k]);
          }
          System.out.printf("%s onset=%d max=%.2f at %+d comps r=%.2f d=%.2f v=%.2f s=%.2f%n", s.name(), l.onset(), mx, at - l.onset(), cm[0], cm[1], cm[2], cm[3]);
        }
      }
    }
    System.out.println("base: robust drift variance seasonal trend | total FP crossings (series)");
    fp.forEach((k, c) -> System.out.printf("%s: %d %d %d %d %d | %d (%d)%n", k, c[0], c[1], c[2], c[3], c[4], c[5], c[6]));
  }
}
