package dev.precursor.servicenow;

import static dev.precursor.servicenow.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.precursor.DownstreamException;
import dev.precursor.config.PrecursorConfig;
import dev.precursor.model.Prediction;
import dev.precursor.model.Situation;
import dev.precursor.model.Tier;
import dev.precursor.store.Store;
import dev.precursor.store.StoreFixtures;
import dev.precursor.ticket.Backoff;
import dev.precursor.ticket.JdbcTicketStore;
import dev.precursor.ticket.OutboxEntry;
import dev.precursor.ticket.RetryAfterException;
import dev.precursor.ticket.TicketDispatcher;
import dev.precursor.ticket.TicketFixtures;
import dev.precursor.ticket.TicketRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceNowReliabilityIT {
  @StartStop final MockWebServer server = new MockWebServer();

  private final MutableClock clock = new MutableClock(T0);
  private final FakeServiceNow fake = new FakeServiceNow(clock);
  private PrecursorConfig config;

  @BeforeEach
  void start() {
    server.setDispatcher(fake);
    config = Fixtures.config(server, Map.of());
  }

  private static MockResponse rateLimited(String... headers) {
    MockResponse.Builder b =
        new MockResponse.Builder(
            FakeServiceNow.error(
                429,
                "Rate limit exceeded",
                "Rate limit of 500 requests per hour for Table API exceeded"));
    for (int i = 0; i < headers.length; i += 2) {
      b.setHeader(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  @Test
  void a429WithRetryAfterHoldsEveryCallThatLongAndHandsTheWaitToTheOutbox() {
    fake.failNext(r -> true, rateLimited("Retry-After", "120"));
    TicketRequest req = Fixtures.request("rl1", 0.9, "checkout-api");
    try (ServiceNowTicketSink sink = Fixtures.sink(config, clock)) {
      assertThatThrownBy(() -> sink.open(req))
          .isInstanceOfSatisfying(
              RetryAfterException.class,
              e -> {
                assertThat(e.status()).isEqualTo(429);
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.retryAfter().orElseThrow())
                    .isBetween(Duration.ofSeconds(120), Duration.ofSeconds(132));
              })
          .hasMessageContaining("Rate limit exceeded")
          .hasMessageContaining("500 requests per hour");
      int before = fake.requests().size();

      clock.advance(Duration.ofSeconds(60));
      assertThatThrownBy(() -> sink.open(req))
          .isInstanceOfSatisfying(
              RetryAfterException.class,
              e ->
                  assertThat(e.retryAfter().orElseThrow())
                      .isBetween(Duration.ofSeconds(60), Duration.ofSeconds(72)));
      assertThat(fake.requests()).hasSize(before); // held back: nothing reached the instance

      clock.advance(Duration.ofSeconds(73));
      assertThat(sink.open(req).key()).startsWith("INC");
    }
    assertThat(fake.records("incident")).hasSize(1);
  }

  @Test
  void a429WithoutRetryAfterCoolsDownExponentiallyWithJitter() {
    TicketRequest req = Fixtures.request("rl2", 0.9, "checkout-api");
    try (ServiceNowTicketSink sink = Fixtures.sink(config, clock)) {
      fake.failNext(r -> true, rateLimited());
      Duration first = retryAfterOf(() -> sink.open(req));
      assertThat(first).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));

      clock.advance(first);
      fake.failNext(r -> true, rateLimited());
      Duration second = retryAfterOf(() -> sink.open(req));
      assertThat(second).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20));

      clock.advance(second);
      fake.failNext(
          r -> true,
          rateLimited("X-RateLimit-Reset", Long.toString(clock.instant().getEpochSecond() + 600)));
      Duration reset = retryAfterOf(() -> sink.open(req));
      assertThat(reset).isBetween(Duration.ofSeconds(600), Duration.ofSeconds(660));

      clock.advance(reset);
      sink.open(req);
      // a success resets the escalation
      fake.failNext(r -> true, rateLimited());
      assertThat(retryAfterOf(() -> sink.find(req)))
          .isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
    }
  }

  @Test
  void a503IsRetryableWithoutHoldingOtherCallsAndA400IsFinal() {
    TicketRequest req = Fixtures.request("rl3", 0.9, "checkout-api");
    try (ServiceNowTicketSink sink = Fixtures.sink(config, clock)) {
      fake.failNext(
          r -> r.getMethod().equals("POST"),
          new MockResponse.Builder(FakeServiceNow.error(503, "Service Unavailable", null))
              .setHeader("Retry-After", "30")
              .build());
      assertThat(retryAfterOf(() -> sink.open(req))).isEqualTo(Duration.ofSeconds(30));
      // no cool-down after a 503: the outbox's next attempt goes through, finds nothing, creates
      assertThat(sink.open(req).key()).startsWith("INC");
      assertThat(fake.records("incident")).hasSize(1);

      fake.failNext(r -> true, FakeServiceNow.error(400, "Invalid query", "bad sysparm_query"));
      assertThatThrownBy(() -> sink.find(req))
          .isInstanceOfSatisfying(
              DownstreamException.class,
              e -> {
                assertThat(e).isNotInstanceOf(RetryAfterException.class);
                assertThat(e.isRetryable()).isFalse();
                assertThat(e.status()).isEqualTo(400);
              })
          .hasMessageContaining("Invalid query (detail: bad sysparm_query)");
    }
  }

  @Test
  void aHibernatingInstanceIsNotReadAsNoRecords() {
    fake.failNext(
        r -> r.getMethod().equals("GET"),
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "text/html")
            .body("<html><body>Your instance is hibernating</body></html>")
            .build());
    TicketRequest req = Fixtures.request("h1", 0.9, "checkout-api");
    try (ServiceNowTicketSink sink = Fixtures.sink(config, clock)) {
      assertThatThrownBy(() -> sink.open(req))
          .isInstanceOfSatisfying(
              DownstreamException.class, e -> assertThat(e.isRetryable()).isTrue())
          .hasMessageContaining("text/html instead of JSON")
          .hasMessageContaining("hibernating");
    }
    assertThat(fake.requests("POST", "/api/now/v2/table/incident")).isEmpty();
  }

  @Test
  void theSharedOutboxReplaysAfterAnOutageAndARestartFilingExactlyOneIncident() {
    Store store = StoreFixtures.h2();
    JdbcTicketStore tickets = new JdbcTicketStore(store);
    TicketDispatcher.Settings settings =
        new TicketDispatcher.Settings(
            "production",
            new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10)),
            Duration.ofHours(24),
            Duration.ofSeconds(1),
            null,
            null);
    Situation open =
        TicketFixtures.situation(
            "sit-9", true, List.of("checkout"), "checkout", "deploy 1.4.2 raised error rate");
    Prediction alert = TicketFixtures.prediction("sit-9", Tier.ALERT, 0.93);

    fake.down(503);
    try (TicketDispatcher first = dispatcher(tickets, settings)) {
      first.onSituation(open, alert);
      first.deliverDue();
    }
    assertThat(fake.records("incident")).isEmpty();
    String key = tickets.keyOf("sit-9").orElseThrow();
    OutboxEntry pending = tickets.entries(key).get(0);
    assertThat(pending.status()).isEqualTo(OutboxEntry.Status.PENDING);
    assertThat(pending.attempts()).isEqualTo(1);

    // the instance is back; the engine restarted with a new sink and dispatcher on the same store
    fake.down(0);
    clock.advance(Duration.ofMinutes(1));
    try (TicketDispatcher restarted = dispatcher(tickets, settings)) {
      restarted.deliverDue();
      assertThat(fake.records("incident")).hasSize(1);
      String sysId = fake.records("incident").get(0).get("sys_id");
      assertThat(fake.records("incident").get(0).get("correlation_id"))
          .isEqualTo("precursor:production:" + key);

      // the same alert again (a replay) files nothing new
      restarted.onSituation(open, alert);
      restarted.deliverDue();
      assertThat(fake.records("incident")).hasSize(1);

      // a material change: a second service involved → one work note
      Situation wider =
          TicketFixtures.situation(
              "sit-9",
              true,
              List.of("checkout", "payments"),
              "checkout",
              "deploy 1.4.2 raised error rate");
      restarted.onSituation(wider, alert);
      restarted.deliverDue();
      assertThat(fake.workNotes(sysId)).hasSize(1);

      // recovery: resolved with close fields, postmortem attached
      clock.advance(Duration.ofMinutes(40));
      Situation recovered =
          TicketFixtures.situation(
              "sit-9",
              false,
              List.of("checkout", "payments"),
              "checkout",
              "deploy 1.4.2 raised error rate");
      restarted.onSituation(recovered, alert);
      restarted.deliverDue();
      Map<String, String> inc = fake.record("incident", sysId);
      assertThat(inc.get("state")).isEqualTo("6");
      assertThat(inc.get("close_code")).isEqualTo("Solved (Permanently)");
      assertThat(fake.attachments())
          .singleElement()
          .satisfies(a -> assertThat(a.get("file_name")).isEqualTo("postmortem-sit-9.md"));
      assertThat(tickets.entries(key))
          .allSatisfy(e -> assertThat(e.status()).isEqualTo(OutboxEntry.Status.DONE));
      assertThat(restarted.tickets("sit-9"))
          .singleElement()
          .satisfies(l -> assertThat(l.url()).endsWith("sys_id=" + sysId));
    }
    assertThat(fake.records("incident")).hasSize(1);
    store.close();
  }

  private TicketDispatcher dispatcher(JdbcTicketStore tickets, TicketDispatcher.Settings settings) {
    return new TicketDispatcher(
        tickets,
        List.of(Fixtures.sink(config, clock)),
        TicketFixtures.drafter(),
        settings,
        clock,
        null,
        new Random(7));
  }

  private static Duration retryAfterOf(Runnable call) {
    try {
      call.run();
    } catch (RetryAfterException e) {
      return e.retryAfter().orElseThrow();
    }
    throw new AssertionError("expected a RetryAfterException");
  }
}
