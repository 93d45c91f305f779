package dev.precursor.server;

import dev.precursor.memory.ChangeRef;
import dev.precursor.memory.Incident;
import dev.precursor.memory.IncidentMemory;
import dev.precursor.memory.PrecursorSignal;
import dev.precursor.memory.PrecursorSignature;
import dev.precursor.model.Anomaly;
import dev.precursor.predict.PastIncidents;
import dev.precursor.predict.PastMatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Prediction's view of incident memory: the live anomalies become a {@link PrecursorSignature}
 * ({@link PrecursorSignature#fromAnomalies}) compared with every learned incident's signature.
 * In-memory, no embedding model.
 */
final class MemoryPastIncidents implements PastIncidents {
  private final IncidentMemory memory;

  MemoryPastIncidents(IncidentMemory memory) {
    this.memory = memory;
  }

  @Override
  public List<PastMatch> match(List<Anomaly> anomalies, @Nullable Duration latestDeployAge, int k) {
    PrecursorSignature live = PrecursorSignature.fromAnomalies(anomalies, latestDeployAge);
    if (live.isEmpty() || k <= 0) {
      return List.of();
    }
    List<PastMatch> out = new ArrayList<>();
    for (IncidentMemory.IncidentMatch m : memory.match(live, k)) {
      out.add(toPastMatch(m.incident(), m.similarity()));
    }
    return out;
  }

  static PastMatch toPastMatch(Incident i, double similarity) {
    Duration lead = null;
    for (PrecursorSignal s : i.precursors()) {
      if (s.leadTime() != null && (lead == null || s.leadTime().compareTo(lead) > 0)) {
        lead = s.leadTime();
      }
    }
    List<String> versions = new ArrayList<>();
    for (ChangeRef c : i.changes()) {
      if (c.version() != null) {
        versions.add(c.version());
      }
    }
    return new PastMatch(
        i.id(),
        i.title(),
        i.family().wire(),
        Math.max(0, Math.min(1, similarity)),
        i.rootCauseService(),
        i.services(),
        i.occurredAt(),
        lead,
        i.deployToImpact(),
        i.resolutionSummary(),
        versions);
  }
}
