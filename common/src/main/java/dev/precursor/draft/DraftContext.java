package dev.precursor.draft;

import dev.precursor.model.Deploy;
import dev.precursor.model.Prediction;
import dev.precursor.model.ServiceGraph;
import dev.precursor.model.Situation;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The evidence a drafter may use, and nothing else: the situation, its predictions (newest last),
 * deploys around it, and links. LLM drafters send only this, redacted.
 *
 * <p>Optional parts: the service {@code graph} (request rates, for the affected-request estimate),
 * {@code events} from outside the engine's own data (ticket created, acknowledged, resolved by a
 * human, ...) for the timeline, and {@code impactAt}, when a static threshold alert fired or
 * user-facing impact began, for the postmortem's detection section.
 */
public record DraftContext(
    Situation situation,
    List<Prediction> predictions,
    List<Deploy> deploys,
    @Nullable String engineUrl,
    @Nullable String grafanaUrl,
    ServiceGraph graph,
    List<Event> events,
    @Nullable Instant impactAt) {
  public DraftContext {
    Objects.requireNonNull(situation, "situation");
    Objects.requireNonNull(graph, "graph");
    predictions = predictions.stream().sorted(Comparator.comparing(Prediction::raisedAt)).toList();
    deploys = List.copyOf(deploys);
    events = events.stream().sorted(Comparator.comparing(Event::at)).toList();
  }

  /** The evidence without graph, outside events or impact time. */
  public DraftContext(
      Situation situation,
      List<Prediction> predictions,
      List<Deploy> deploys,
      @Nullable String engineUrl,
      @Nullable String grafanaUrl) {
    this(
        situation,
        predictions,
        deploys,
        engineUrl,
        grafanaUrl,
        ServiceGraph.EMPTY,
        List.of(),
        null);
  }

  /** The newest prediction, if any. */
  public @Nullable Prediction latestPrediction() {
    return predictions.isEmpty() ? null : predictions.get(predictions.size() - 1);
  }

  /** A copy with outside events added (ticket lifecycle, human actions). */
  public DraftContext withEvents(List<Event> more) {
    List<Event> all = new java.util.ArrayList<>(events);
    all.addAll(more);
    return new DraftContext(
        situation, predictions, deploys, engineUrl, grafanaUrl, graph, all, impactAt);
  }

  /** A copy with the service graph set. */
  public DraftContext withGraph(ServiceGraph g) {
    return new DraftContext(
        situation, predictions, deploys, engineUrl, grafanaUrl, g, events, impactAt);
  }

  /** A copy with the time a static threshold alert fired (or impact began). */
  public DraftContext withImpactAt(@Nullable Instant at) {
    return new DraftContext(
        situation, predictions, deploys, engineUrl, grafanaUrl, graph, events, at);
  }

  /**
   * Something that happened outside the engine's telemetry: {@code source} names the system ({@code
   * jira}, {@code servicenow}, {@code pagerduty}, {@code human}), {@code text} says what.
   */
  public record Event(Instant at, String source, String text) {
    public Event {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(text, "text");
    }
  }
}
