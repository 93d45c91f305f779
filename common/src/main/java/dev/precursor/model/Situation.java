package dev.precursor.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One emerging or past incident: the anomalies grouped across services by time and dependency
 * graph, the ranked root-cause hypotheses (best first), the deploys around it and the tickets
 * filed. {@code state} is {@code open} or {@code resolved}.
 */
public record Situation(
    String id,
    String state,
    Instant openedAt,
    @Nullable Instant resolvedAt,
    List<String> services,
    List<Anomaly> anomalies,
    List<Hypothesis> hypotheses,
    List<Deploy> deploys,
    List<TicketLink> tickets) {
  public Situation {
    Objects.requireNonNull(id, "id");
    services = List.copyOf(services);
    anomalies = List.copyOf(anomalies);
    hypotheses = List.copyOf(hypotheses);
    deploys = List.copyOf(deploys);
    tickets = List.copyOf(tickets);
  }

  public boolean isOpen() {
    return state.equals("open");
  }
}
