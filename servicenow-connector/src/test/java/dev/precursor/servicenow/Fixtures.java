package dev.precursor.servicenow;

import dev.precursor.config.PrecursorConfig;
import dev.precursor.draft.Document;
import dev.precursor.model.Prediction;
import dev.precursor.model.RootCause;
import dev.precursor.model.SimilarIncident;
import dev.precursor.model.Situation;
import dev.precursor.model.Tier;
import dev.precursor.servicenow.internal.ServiceNowClient;
import dev.precursor.ticket.TicketRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import mockwebserver3.MockWebServer;
import org.jspecify.annotations.Nullable;

/** Builds configurations, requests and clients against a {@link FakeServiceNow}. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-05-04T14:00:00Z");

  private Fixtures() {}

  static PrecursorConfig config(MockWebServer server, Map<String, String> extra) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("servicenow.url", server.url("/").toString());
    m.put("servicenow.user", FakeServiceNow.USER);
    m.put("servicenow.password", FakeServiceNow.PASSWORD);
    m.put("servicenow.assignment-group", "287ebd7da9fe198100f92cc8d1d2154e");
    m.put("servicenow.caller", "svc.precursor");
    m.put("servicenow.cmdb-ci", "checkout-api=b4fd7c8437201000deeabfc8bcbe5dc1,*=Online Shop");
    m.putAll(extra);
    return PrecursorConfig.defaults().with(m);
  }

  static ServiceNowTicketSink sink(PrecursorConfig config, MutableClock clock) {
    ServiceNowConfig c = ServiceNowConfig.from(config);
    return new ServiceNowTicketSink(c, new ServiceNowClient(c, clock, new Random(42)), clock);
  }

  static ServiceNowClient client(PrecursorConfig config, MutableClock clock) {
    return new ServiceNowClient(ServiceNowConfig.from(config), clock, new Random(42));
  }

  static Situation situation(
      String id, String state, @Nullable Instant resolvedAt, String... services) {
    return new Situation(
        id, state, T0, resolvedAt, List.of(services), List.of(), List.of(), List.of(), List.of());
  }

  static Prediction prediction(
      String situationId, double confidence, List<SimilarIncident> similar) {
    return new Prediction(
        "pred-" + situationId,
        situationId,
        "checkout-api",
        Tier.ALERT,
        confidence,
        T0,
        T0.plusSeconds(900),
        "connection-pool-exhaustion",
        similar,
        new RootCause("payments-db", "resource", "connection pool saturated"),
        "raise the pool size or roll back v1.4.2",
        "open");
  }

  static Document ticketBody(String title) {
    return new Document(
        title,
        List.of(
            new Document.Heading(2, "Summary"),
            Document.Paragraph.of(
                "checkout-api 5xx rate is rising; impact expected in 15 minutes."),
            new Document.BulletList(
                false,
                List.of(
                    List.of(Document.Text.plain("root cause: payments-db connection pool")),
                    List.of(Document.Text.plain("deploy v1.4.2 at 13:58 UTC"))))));
  }

  static TicketRequest request(String situationId, double confidence, String... services) {
    return new TicketRequest(
        "sit:" + situationId,
        "production",
        situation(situationId, "open", null, services),
        prediction(situationId, confidence, List.of()),
        ticketBody("[Precursor] checkout-api 5xx expected in 15m (payments-db pool)"));
  }

  static Document note(String text) {
    return new Document("Update", List.of(Document.Paragraph.of(text)));
  }

  static Document postmortem() {
    return new Document(
        "Postmortem: checkout-api 5xx",
        List.of(
            new Document.Heading(2, "Timeline"),
            Document.Paragraph.of("14:02 error rate rose; 14:41 recovered after rollback.")));
  }
}
