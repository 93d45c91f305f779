package dev.precursor.detect.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.detect.AnomalyListener;
import dev.precursor.detect.DetectorProfile;
import dev.precursor.detect.StreamingSeriesScorer;
import dev.precursor.model.SeriesKey;
import dev.precursor.model.Times;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the detector stack over a labeled corpus and prints the evaluation tables of {@code
 * docs/detection.md}: per anomaly kind precision, recall, F1 and detection delay at the profile's
 * alarm score, and the NAB-style normalised score (threshold optimised over the corpus) for the
 * three NAB cost profiles.
 *
 * <p>Usage (after {@code ./mvnw -pl common -am test-compile}): {@code java -cp
 * common/target/classes:common/target/test-classes dev.precursor.detect.eval.DetectionEvaluation
 * [--per-kind N] [--seed S] [--profile balanced|low-fp|low-fn] [--nab DIR]}. With {@code --nab DIR}
 * it reads a NAB-layout corpus instead ({@code DIR/data/<group>/<file>.csv} and {@code
 * DIR/labels/combined_windows.json}); without, it generates {@link SyntheticCorpus}.
 */
public final class DetectionEvaluation {
  private DetectionEvaluation() {}

  /** Per-kind counts at a fixed threshold. */
  record KindStats(
      String kind, int series, int anomalies, int tp, int fn, int fp, List<Integer> delays) {
    double precision() {
      return tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
    }

    double recall() {
      return anomalies == 0 ? Double.NaN : (double) tp / anomalies;
    }

    double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 || Double.isNaN(p) || Double.isNaN(r) ? Double.NaN : 2 * p * r / (p + r);
    }

    double meanDelay() {
      return delays.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
    }

    double medianDelay() {
      if (delays.isEmpty()) {
        return Double.NaN;
      }
      int[] d = delays.stream().mapToInt(Integer::intValue).sorted().toArray();
      return d[d.length / 2];
    }
  }

  /** Scores every series of the corpus, each with a fresh scorer. */
  static List<double[]> scoreAll(List<LabeledSeries> corpus, DetectorProfile profile) {
    List<double[]> out = new ArrayList<>();
    AnomalyListener none = a -> {};
    for (LabeledSeries s : corpus) {
      StreamingSeriesScorer scorer = new StreamingSeriesScorer(none, profile, 1);
      SeriesKey key = SeriesKey.of("eval", s.name());
      double[] sc = new double[s.size()];
      for (int i = 0; i < s.size(); i++) {
        sc[i] = scorer.accept(key, s.times()[i], s.values()[i]);
      }
      out.add(sc);
    }
    return out;
  }

  /** Per-kind statistics with detections = upward crossings of {@code threshold}. */
  static Map<String, KindStats> perKind(
      List<LabeledSeries> corpus, List<double[]> scores, double threshold) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    Map<String, List<Integer>> delays = new LinkedHashMap<>();
    for (int s = 0; s < corpus.size(); s++) {
      LabeledSeries ls = corpus.get(s);
      double[] sc = scores.get(s);
      int[] c = counts.computeIfAbsent(ls.kind(), k -> new int[5]);
      List<Integer> d = delays.computeIfAbsent(ls.kind(), k -> new ArrayList<>());
      c[0]++;
      c[1] += ls.labels().size();
      int probation = (int) Math.min(Math.floor(0.15 * ls.size()), 750);
      boolean[] hit = new boolean[ls.labels().size()];
      for (int i = probation; i < ls.size(); i++) {
        boolean crossing = sc[i] >= threshold && (i == 0 || sc[i - 1] < threshold);
        if (!crossing) {
          continue;
        }
        boolean inWindow = false;
        for (int w = 0; w < ls.labels().size(); w++) {
          LabeledSeries.Label l = ls.labels().get(w);
          if (i >= l.windowStart() && i <= l.windowEnd()) {
            inWindow = true;
            if (!hit[w]) {
              hit[w] = true;
              c[2]++;
              d.add(i - l.onset());
            }
          }
        }
        if (!inWindow) {
          c[4]++;
        }
      }
      for (boolean h : hit) {
        if (!h) {
          c[3]++;
        }
      }
    }
    Map<String, KindStats> out = new LinkedHashMap<>();
    int[] all = new int[5];
    List<Integer> allDelays = new ArrayList<>();
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      int[] c = e.getValue();
      out.put(
          e.getKey(),
          new KindStats(e.getKey(), c[0], c[1], c[2], c[3], c[4], delays.get(e.getKey())));
      for (int k = 0; k < 5; k++) {
        all[k] += c[k];
      }
      allDelays.addAll(delays.get(e.getKey()));
    }
    out.put("all", new KindStats("all", all[0], all[1], all[2], all[3], all[4], allDelays));
    return out;
  }

  /** Reads a NAB-layout corpus: {@code data/<group>/<file>.csv} and the combined windows. */
  static List<LabeledSeries> readNab(Path dir) throws IOException {
    JsonNode windows =
        dev.precursor.model.Json.mapper()
            .readTree(dir.resolve("labels").resolve("combined_windows.json").toFile());
    List<LabeledSeries> out = new ArrayList<>();
    Path data = dir.resolve("data");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(data)) {
      files = walk.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
    for (Path f : files) {
      String rel = data.relativize(f).toString().replace('\\', '/');
      List<String> lines = Files.readAllLines(f);
      int n = lines.size() - 1;
      long[] t = new long[n];
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        String[] parts = lines.get(i + 1).split(",");
        t[i] = Times.parse(parts[0]).toEpochMilli();
        v[i] = parts.length > 1 && !parts[1].isBlank() ? Double.parseDouble(parts[1]) : Double.NaN;
      }
      List<LabeledSeries.Label> labels = new ArrayList<>();
      JsonNode ws = windows.path(rel);
      for (JsonNode w : ws) {
        long a = Times.parse(w.get(0).asText()).toEpochMilli();
        long b = Times.parse(w.get(1).asText()).toEpochMilli();
        int ia = indexAtOrAfter(t, a);
        int ib = Math.min(n - 1, indexAtOrAfter(t, b + 1) - 1);
        if (ia < n && ib >= ia) {
          labels.add(new LabeledSeries.Label((ia + ib) / 2, ia, ib));
        }
      }
      String group = rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : "data";
      out.add(new LabeledSeries(rel, group, t, v, labels));
    }
    return out;
  }

  private static int indexAtOrAfter(long[] t, long at) {
    for (int i = 0; i < t.length; i++) {
      if (t[i] >= at) {
        return i;
      }
    }
    return t.length;
  }

  /** Markdown report of one run. */
  static String report(List<LabeledSeries> corpus, DetectorProfile profile) {
    long start = System.nanoTime();
    List<double[]> scores = scoreAll(corpus, profile);
    double secs = (System.nanoTime() - start) / 1e9;
    long points = corpus.stream().mapToLong(LabeledSeries::size).sum();
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "Profile `%s`, %d series, %,d points (scored in %.1f s). Detections are upward"
                + " crossings of the alarm score %.2f after the probationary 15 %%; delay in"
                + " points after the onset (negative = inside the window before the onset).%n%n",
            profile.wire(),
            corpus.size(),
            points,
            secs,
            profile.alarmScore()));
    sb.append(
        "| kind | series | anomalies | TP | FN | FP | precision | recall | F1 | mean delay | median delay |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (KindStats k : perKind(corpus, scores, profile.alarmScore()).values()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %d | %d | %d | %s | %s | %s | %s | %s |%n",
              k.kind(),
              k.series(),
              k.anomalies(),
              k.tp(),
              k.fn(),
              k.fp(),
              fmt(k.precision()),
              fmt(k.recall()),
              fmt(k.f1()),
              fmt1(k.meanDelay()),
              fmt1(k.medianDelay())));
    }
    sb.append("\nNAB-style window score (threshold optimised over the corpus):\n\n");
    sb.append("| cost profile | normalised score | threshold | windows detected | FP points |\n");
    sb.append("|---|---:|---:|---:|---:|\n");
    for (NabScorer.Costs c :
        List.of(NabScorer.Costs.STANDARD, NabScorer.Costs.LOW_FP, NabScorer.Costs.LOW_FN)) {
      NabScorer.Result r = NabScorer.score(corpus, scores, c);
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.3f | %d / %d | %d |%n",
              c.name(),
              r.normalized(),
              r.threshold(),
              r.detected(),
              r.windows(),
              r.fp()));
    }
    return sb.toString();
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String fmt1(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", v);
  }

  public static void main(String[] args) throws IOException {
    int perKind = 20;
    long seed = 42;
    DetectorProfile profile = DetectorProfile.BALANCED;
    Path nab = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--per-kind" -> perKind = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--profile" -> profile = DetectorProfile.parse(args[++i]);
        case "--nab" -> nab = Path.of(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + " (--per-kind N, --seed S, --profile P, --nab DIR)");
      }
    }
    List<LabeledSeries> corpus =
        nab != null ? readNab(nab) : SyntheticCorpus.generate(perKind, seed);
    System.out.print(report(corpus, profile));
    if (Arrays.asList(args).contains("--nab")) {
      System.out.println("\n(corpus: " + nab + ")");
    }
  }
}
