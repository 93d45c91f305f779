package dev.precursor.predict;

import dev.precursor.memory.ChangeRef;
import dev.precursor.memory.Incident;
import dev.precursor.memory.IncidentMemory;
import dev.precursor.memory.PrecursorSignal;
import dev.precursor.memory.PrecursorSignature;
import dev.precursor.model.Anomaly;
import dev.precursor.model.SimilarIncident;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@link PastIncidents} backed by {@link IncidentMemory}: the live anomalies' {@link
 * PrecursorSignature} (metric kinds, directions, velocity bands, age of the latest deploy) is
 * compared with every learned incident's signature; each match brings its failure family (the
 * pattern), root-cause service, date, the longest lead time of its precursor signals, its
 * deploy-to-impact time, its resolution and the versions involved. No embedding model is used on
 * this path.
 */
public final class MemoryPastIncidents implements PastIncidents {
  private final IncidentMemory memory;

  public MemoryPastIncidents(IncidentMemory memory) {
    this.memory = Objects.requireNonNull(memory, "memory");
  }

  @Override
  public List<PastMatch> match(List<Anomaly> anomalies, @Nullable Duration latestDeployAge, int k) {
    if (anomalies.isEmpty()) {
      return List.of();
    }
    PrecursorSignature live = PrecursorSignature.fromAnomalies(anomalies, latestDeployAge);
    List<PastMatch> out = new ArrayList<>();
    for (SimilarIncident s : memory.similar(live, k)) {
      Optional<Incident> inc = memory.get(s.id());
      if (inc.isEmpty()) {
        continue;
      }
      Incident i = inc.get();
      Duration lead = null;
      for (PrecursorSignal p : i.precursors()) {
        if (p.leadTime() != null && (lead == null || p.leadTime().compareTo(lead) > 0)) {
          lead = p.leadTime();
        }
      }
      List<String> versions = new ArrayList<>();
      for (ChangeRef c : i.changes()) {
        if (c.version() != null) {
          versions.add((c.service() == null ? "" : c.service() + " ") + c.version());
        }
      }
      out.add(
          new PastMatch(
              i.id(),
              i.title(),
              i.family().label(),
              Math.max(0, Math.min(1, s.similarity())),
              i.rootCauseService(),
              i.services(),
              i.occurredAt(),
              lead,
              i.deployToImpact(),
              i.resolutionSummary(),
              versions));
    }
    return out;
  }
}
