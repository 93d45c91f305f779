package dev.precursor.ticket;

import dev.precursor.draft.Document;
import dev.precursor.draft.DraftContext;
import dev.precursor.draft.Drafter;
import dev.precursor.model.Anomaly;
import dev.precursor.model.Deploy;
import dev.precursor.model.Direction;
import dev.precursor.model.Evidence;
import dev.precursor.model.Hypothesis;
import dev.precursor.model.Prediction;
import dev.precursor.model.RootCause;
import dev.precursor.model.SeriesKey;
import dev.precursor.model.SimilarIncident;
import dev.precursor.model.Situation;
import dev.precursor.model.Tier;
import dev.precursor.model.Velocity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Situations and predictions for ticket tests: a checkout incident that evolves (more services, a
 * new top hypothesis) and recovers; a mutable clock; a drafter that writes what the context holds.
 */
public final class TicketFixtures {
  public static final Instant T0 = Instant.parse("2026-11-23T14:00:00Z");

  private TicketFixtures() {}

  public static Situation situation(
      String id, boolean open, List<String> services, String topService, String topCause) {
    Anomaly a =
        new Anomaly(
            SeriesKey.of(services.get(0), "http.server.error_rate"),
            T0,
            T0.plusSeconds(60),
            0.97,
            Direction.UP,
            0.12,
            0.01,
            new Velocity(2.5, Double.NaN, Double.NaN));
    Deploy d =
        new Deploy(
            "d1",
            topService,
            "1.4.2",
            "production",
            T0.minusSeconds(240),
            Deploy.Kind.DEPLOY,
            "abc123",
            null,
            "ci");
    List<Hypothesis> hs = new ArrayList<>();
    hs.add(
        new Hypothesis(
            topService,
            topCause,
            0.8,
            List.of(new Evidence("deploy", null, T0.minusSeconds(240), null, "deploy 1.4.2"))));
    return new Situation(
        id,
        open ? "open" : "resolved",
        T0,
        open ? null : T0.plus(Duration.ofMinutes(40)),
        services,
        List.of(a),
        hs,
        List.of(d),
        List.of());
  }

  public static Situation checkout(String id) {
    return situation(id, true, List.of("checkout"), "checkout", "deploy 1.4.2 raised error rate");
  }

  public static Prediction prediction(String situationId, Tier tier, double confidence) {
    return new Prediction(
        "p-" + situationId + "-" + tier.wire(),
        situationId,
        "checkout",
        tier,
        confidence,
        T0.plusSeconds(60),
        T0.plusSeconds(900),
        "error-rate-climb",
        List.of(
            new SimilarIncident(
                "INC-12", "Checkout 5xx after deploy", 0.81, "symptom", "rollback")),
        new RootCause("checkout", "deploy", "deploy 1.4.2"),
        "Roll back checkout to 1.4.1",
        "open");
  }

  /** A drafter that writes the situation's facts into simple documents (no LLM). */
  public static Drafter drafter() {
    return new Drafter() {
      @Override
      public Document ticket(DraftContext c) {
        return doc("Incident predicted on " + String.join(", ", c.situation().services()), c);
      }

      @Override
      public Document postmortem(DraftContext c) {
        return doc("Postmortem: " + c.situation().id(), c);
      }

      private Document doc(String title, DraftContext c) {
        return new Document(
            title,
            List.of(
                new Document.Heading(2, "Summary"),
                Document.Paragraph.of(title + " (situation " + c.situation().id() + ")"),
                new Document.Heading(2, "Hypotheses"),
                new Document.BulletList(
                    false,
                    c.situation().hypotheses().stream()
                        .map(
                            h ->
                                List.<Document.Inline>of(
                                    Document.Text.plain(h.service() + ": " + h.cause())))
                        .toList())));
      }
    };
  }

  /** A clock tests move by hand. */
  public static final class MutableClock extends Clock {
    private Instant now;

    public MutableClock(Instant now) {
      this.now = now;
    }

    public synchronized void advance(Duration d) {
      now = now.plus(d);
    }

    public synchronized void set(Instant t) {
      now = t;
    }

    @Override
    public synchronized Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
