package dev.precursor.predict;

import dev.precursor.model.Anomaly;
import dev.precursor.model.Direction;
import dev.precursor.rca.MetricRole;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@link PastIncidents} over a fixed list of incidents described by their precursor signals (metric
 * role and direction). Similarity is the Dice overlap of the live and past (role, direction) sets,
 * scaled by how well the live deploy age agrees with the past deploy-to-impact time (a past
 * incident that followed a deploy matches a live situation without one at 0.8 of its overlap). Used
 * where no incident memory is configured: tests, the demo's and the evaluation's scenarios.
 */
public final class CataloguePastIncidents implements PastIncidents {
  private final List<Known> incidents;

  /** One past incident and the signals that preceded it. */
  public record Known(PastMatch incident, List<Signal> signals) {
    public Known {
      Objects.requireNonNull(incident, "incident");
      signals = List.copyOf(signals);
    }
  }

  /** A precursor signal: which kind of metric moved which way. */
  public record Signal(MetricRole role, Direction direction) {}

  public CataloguePastIncidents(List<Known> incidents) {
    this.incidents = List.copyOf(incidents);
  }

  @Override
  public List<PastMatch> match(List<Anomaly> anomalies, @Nullable Duration latestDeployAge, int k) {
    Set<Signal> live = new HashSet<>();
    for (Anomaly a : anomalies) {
      MetricRole role = MetricRole.of(a.series().metric());
      if (role != MetricRole.OTHER) {
        live.add(new Signal(role, a.direction()));
      }
    }
    if (live.isEmpty()) {
      return List.of();
    }
    List<PastMatch> out = new ArrayList<>();
    for (Known kn : incidents) {
      Set<Signal> past = new HashSet<>(kn.signals());
      int common = 0;
      for (Signal s : live) {
        if (past.contains(s)) {
          common++;
        }
      }
      if (common == 0) {
        continue;
      }
      double dice = 2.0 * common / (live.size() + past.size());
      double deploy = deployAgreement(kn.incident().deployToImpact(), latestDeployAge);
      double sim = Math.round(dice * deploy * 1000) / 1000.0;
      PastMatch m = kn.incident();
      out.add(
          new PastMatch(
              m.id(),
              m.title(),
              m.pattern(),
              sim,
              m.rootCauseService(),
              m.services(),
              m.occurredAt(),
              m.leadTime(),
              m.deployToImpact(),
              m.resolution(),
              m.versions()));
    }
    out.sort(
        Comparator.comparingDouble(PastMatch::similarity).reversed().thenComparing(PastMatch::id));
    return out.subList(0, Math.min(k, out.size()));
  }

  /** 1 when both or neither involve a recent change; lower when only one does. */
  static double deployAgreement(@Nullable Duration past, @Nullable Duration live) {
    if (past == null && live == null) {
      return 1;
    }
    if (past == null || live == null) {
      return 0.8;
    }
    double ratio =
        Math.max(1, Math.min(past.toMinutes(), live.toMinutes()))
            / (double) Math.max(1, Math.max(past.toMinutes(), live.toMinutes()));
    // a live deploy younger than the past deploy-to-impact time is still "on the way"
    if (live.compareTo(past) <= 0) {
      return 1;
    }
    return 0.85 + 0.15 * ratio;
  }

  /** A convenience for building catalogue entries. */
  public static Known known(
      String id,
      String title,
      String pattern,
      String rootCauseService,
      @Nullable Instant occurredAt,
      @Nullable Duration leadTime,
      @Nullable Duration deployToImpact,
      String resolution,
      List<Signal> signals) {
    return new Known(
        new PastMatch(
            id,
            title,
            pattern,
            1.0,
            rootCauseService,
            List.of(rootCauseService),
            occurredAt,
            leadTime,
            deployToImpact,
            resolution,
            List.of()),
        signals);
  }
}
