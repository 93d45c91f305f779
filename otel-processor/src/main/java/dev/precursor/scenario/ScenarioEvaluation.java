package dev.precursor.scenario;

import dev.precursor.model.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The quality table of a set of scenario replays (the figures in docs/prediction.md). */
public final class ScenarioEvaluation {
  private ScenarioEvaluation() {}

  /** A Markdown table: per scenario, detection, lead time, RCA; and false alarms on clean days. */
  public static String table(List<ScenarioRunner.Result> results) {
    Map<String, List<ScenarioRunner.Result>> by = new LinkedHashMap<>();
    for (ScenarioRunner.Result r : results) {
      by.computeIfAbsent(r.scenario().name(), k -> new ArrayList<>()).add(r);
    }
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| scenario | runs | alert raised | right root cause in alert | lead time vs static"
            + " threshold (median, min) | RCA top-1 | RCA top-3 |\n");
    sb.append("|---|---|---|---|---|---|---|\n");
    int incidents = 0;
    int detected = 0;
    int top1 = 0;
    int top3 = 0;
    List<Long> allLeads = new ArrayList<>();
    for (Map.Entry<String, List<ScenarioRunner.Result>> e : by.entrySet()) {
      List<ScenarioRunner.Result> rs = e.getValue();
      if (rs.get(0).scenario().rootCause() == null) {
        continue;
      }
      int d = 0;
      int right = 0;
      int t1 = 0;
      int t3 = 0;
      List<Long> leads = new ArrayList<>();
      for (ScenarioRunner.Result r : rs) {
        if (r.firstAlert() != null) {
          d++;
          var rc = r.firstAlert().prediction().rootCause();
          if (rc != null && rc.service().equals(r.scenario().rootCause())) {
            right++;
          }
          if (r.staticAlertAt() != null) {
            leads.add(Duration.between(r.alertAt(), r.staticAlertAt()).toMinutes());
          }
        }
        int rank = r.rootCauseRank();
        if (rank == 1) {
          t1++;
        }
        if (rank >= 1 && rank <= 3) {
          t3++;
        }
      }
      incidents += rs.size();
      detected += d;
      top1 += t1;
      top3 += t3;
      allLeads.addAll(leads);
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d/%d | %d/%d | %s | %d/%d | %d/%d |%n",
              e.getKey(),
              rs.size(),
              d,
              rs.size(),
              right,
              d,
              leadText(leads),
              t1,
              rs.size(),
              t3,
              rs.size()));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "| **all incidents** | %d | %d/%d (%.0f%%) | | %s | %d/%d (%.0f%%) | %d/%d (%.0f%%) |%n",
            incidents,
            detected,
            incidents,
            pct(detected, incidents),
            leadText(allLeads),
            top1,
            incidents,
            pct(top1, incidents),
            top3,
            incidents,
            pct(top3, incidents)));
    List<ScenarioRunner.Result> clean = by.getOrDefault("clean-day", List.of());
    int alerts = 0;
    int watches = 0;
    for (ScenarioRunner.Result r : clean) {
      Set<String> alerted = new HashSet<>();
      Set<String> watched = new HashSet<>();
      for (ScenarioRunner.Published p : r.published()) {
        if (p.prediction() != null && p.prediction().tier() == Tier.ALERT) {
          alerted.add(p.situation().id());
        }
        if (p.prediction() != null && p.prediction().tier() == Tier.WATCH) {
          watched.add(p.situation().id());
        }
      }
      alerts += alerted.size();
      watches += watched.size();
    }
    if (!clean.isEmpty()) {
      sb.append('\n')
          .append(
              String.format(
                  Locale.ROOT,
                  "Clean days (3.5 h each, benign deploys, 50%% traffic ramp, noise): %d runs, %d"
                      + " alert-tier predictions (%.2f false alarms per clean day), %d watch-tier"
                      + " situations (%.2f per clean day).%n",
                  clean.size(),
                  alerts,
                  alerts / (double) clean.size(),
                  watches,
                  watches / (double) clean.size()));
    }
    return sb.toString();
  }

  private static String leadText(List<Long> minutes) {
    if (minutes.isEmpty()) {
      return "–";
    }
    List<Long> s = new ArrayList<>(minutes);
    s.sort(Long::compare);
    long median = s.get(s.size() / 2);
    return median + " min, " + s.get(0) + " min";
  }

  private static double pct(int a, int b) {
    return b == 0 ? 0 : 100.0 * a / b;
  }
}
