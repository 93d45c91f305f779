package dev.precursor.server;

import dev.precursor.metrics.EngineMetrics;
import dev.precursor.ticket.TicketDispatcher;
import dev.precursor.ticket.TicketEvents;
import java.util.Set;
import java.util.logging.Logger;

/**
 * What ticketing systems tell the engine through webhooks: a human resolution attaches the
 * postmortem draft (through the dispatcher's outbox), a "not an incident" closing stops further
 * updates without a postmortem, a reopening reopens the ticket's key, and every judgement becomes
 * prediction feedback (stored and recalibrated through {@link
 * dev.precursor.predict.SituationPipeline#feedback}), counted in {@code
 * precursor_ticket_feedback_total} and logged.
 */
final class EngineTicketEvents implements TicketEvents {
  private static final Logger LOG = Logger.getLogger(EngineTicketEvents.class.getName());
  private static final Set<String> LABELS =
      Set.of("true_positive", "false_positive", "near_miss", "delayed_hit");
  private final TicketDispatcher dispatcher;
  private final EngineMetrics metrics;
  private final Engine engine;

  EngineTicketEvents(TicketDispatcher dispatcher, Engine engine) {
    this.dispatcher = dispatcher;
    this.metrics = engine.metrics();
    this.engine = engine;
  }

  @Override
  public void resolvedByHuman(String system, String ticketKey, String dedupKey) {
    dispatcher.onResolvedByHuman(system, ticketKey, dedupKey);
  }

  @Override
  public void reopenedByHuman(String system, String ticketKey, String dedupKey) {
    dispatcher.onReopenedByHuman(system, ticketKey, dedupKey);
  }

  @Override
  public void feedback(String system, String ticketKey, String dedupKey, String label) {
    if (!LABELS.contains(label)) {
      throw new IllegalArgumentException(
          "unknown feedback label '" + label + "', expected one of " + LABELS);
    }
    metrics
        .counter(
            "precursor_ticket_feedback_total",
            "Prediction feedback from ticketing systems, by system and label.",
            "system",
            system,
            "label",
            label)
        .inc();
    LOG.info("feedback from " + system + " ticket " + ticketKey + " (" + dedupKey + "): " + label);
    dispatcher
        .prediction(dedupKey)
        .ifPresentOrElse(
            p ->
                engine
                    .situationPipeline()
                    .feedback(
                        p.id(),
                        dev.precursor.predict.FeedbackLabel.parse(label),
                        "from " + system + " ticket " + ticketKey,
                        engine.clock().instant())
                    .ifPresentOrElse(
                        r -> {},
                        () ->
                            LOG.info(
                                "prediction "
                                    + p.id()
                                    + " of "
                                    + ticketKey
                                    + " is not in the prediction store; feedback counted only")),
            () -> LOG.info("no prediction known for " + dedupKey + "; feedback counted only"));
    if (label.equals("false_positive")) {
      // closed as "not an incident": leave the ticket closed, attach nothing
      dispatcher.onResolvedByHuman(system, ticketKey, dedupKey, false);
    }
  }
}
