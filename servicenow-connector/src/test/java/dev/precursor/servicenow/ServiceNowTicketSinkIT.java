package dev.precursor.servicenow;

import static dev.precursor.servicenow.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.DownstreamException;
import dev.precursor.config.PrecursorConfig;
import dev.precursor.draft.PlainTextRenderer;
import dev.precursor.model.SimilarIncident;
import dev.precursor.model.TicketLink;
import dev.precursor.ticket.TicketRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceNowTicketSinkIT {
  @StartStop final MockWebServer server = new MockWebServer();

  private final MutableClock clock = new MutableClock(T0);
  private final FakeServiceNow fake = new FakeServiceNow(clock);
  private final List<LogRecord> logs = new CopyOnWriteArrayList<>();
  private final Logger root = Logger.getLogger("");
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          logs.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private Level rootLevel = Level.INFO;
  private PrecursorConfig config;

  @BeforeEach
  void start() {
    server.setDispatcher(fake);
    config = Fixtures.config(server, Map.of());
    rootLevel = root.getLevel();
    root.setLevel(Level.ALL);
    capture.setLevel(Level.ALL);
    root.addHandler(capture);
  }

  @AfterEach
  void credentialsNeverLogged() {
    root.removeHandler(capture);
    root.setLevel(rootLevel);
    for (LogRecord r : logs) {
      String text = new java.util.logging.SimpleFormatter().format(r);
      assertThat(text).doesNotContain(FakeServiceNow.PASSWORD).doesNotContain("Basic ");
    }
  }

  private ServiceNowTicketSink sink() {
    return Fixtures.sink(config, clock);
  }

  @Test
  void createsOneIncidentWithMappedFieldsAfterALookupByCorrelationId() {
    TicketRequest req = Fixtures.request("s1", 0.96, "checkout-api", "payments-db");
    try (ServiceNowTicketSink sink = sink()) {
      TicketLink link = sink.open(req);

      List<Map<String, String>> incidents = fake.records("incident");
      assertThat(incidents).hasSize(1);
      Map<String, String> inc = incidents.get(0);
      assertThat(link.system()).isEqualTo("servicenow");
      assertThat(link.key()).isEqualTo(inc.get("number")).startsWith("INC");
      assertThat(link.url()).endsWith("/incident.do?sys_id=" + inc.get("sys_id"));

      RecordedRequest lookup = fake.requests("GET", "/api/now/v2/table/incident").get(0);
      assertThat(FakeServiceNow.query(lookup))
          .isEqualTo(
              "correlation_id=precursor:production:sit:s1^active=true^ORDERBYDESCsys_created_on");
      RecordedRequest post = fake.requests("POST", "/api/now/v2/table/incident").get(0);
      JsonNode body = FakeServiceNow.json(post);
      assertThat(body.get("short_description").asText())
          .isEqualTo("[Precursor] checkout-api 5xx expected in 15m (payments-db pool)");
      assertThat(body.get("description").asText())
          .startsWith(PlainTextRenderer.render(req.body()))
          .contains("correlation_id precursor:production:sit:s1");
      assertThat(body.get("urgency").asText()).isEqualTo("1"); // confidence 0.96
      assertThat(body.get("impact").asText()).isEqualTo("2"); // two services
      assertThat(body.has("priority")).isFalse(); // left to the priority lookup
      assertThat(body.get("assignment_group").asText())
          .isEqualTo("287ebd7da9fe198100f92cc8d1d2154e");
      assertThat(body.get("caller_id").asText()).isEqualTo("svc.precursor");
      assertThat(body.get("cmdb_ci").asText()).isEqualTo("b4fd7c8437201000deeabfc8bcbe5dc1");
      assertThat(body.get("category").asText()).isEqualTo("software");
      assertThat(body.get("correlation_id").asText()).isEqualTo("precursor:production:sit:s1");
      assertThat(body.get("correlation_display").asText()).isEqualTo("Precursor");
      // a user name as caller needs display-value input
      assertThat(post.getUrl().queryParameter("sysparm_input_display_value")).isEqualTo("true");
      assertThat(post.getHeaders().get("Accept")).isEqualTo("application/json");
    }
  }

  @Test
  void dedupsAcrossARestart() {
    TicketRequest req = Fixtures.request("s2", 0.9, "checkout-api");
    TicketLink first;
    try (ServiceNowTicketSink sink = sink()) {
      first = sink.open(req);
      assertThat(sink.open(req)).isEqualTo(first);
    }
    try (ServiceNowTicketSink restarted = sink()) {
      assertThat(restarted.find(req)).contains(first);
      assertThat(restarted.open(req)).isEqualTo(first);
    }
    assertThat(fake.records("incident")).hasSize(1);
    assertThat(fake.requests("POST", "/api/now/v2/table/incident")).hasSize(1);
  }

  @Test
  void concurrentOpensFileOneIncident() {
    TicketRequest req = Fixtures.request("s-conc", 0.9, "checkout-api");
    try (ServiceNowTicketSink sink = sink()) {
      List<CompletableFuture<TicketLink>> calls =
          java.util.stream.IntStream.range(0, 4)
              .mapToObj(i -> CompletableFuture.supplyAsync(() -> sink.open(req)))
              .toList();
      List<TicketLink> links = calls.stream().map(CompletableFuture::join).distinct().toList();
      assertThat(links).hasSize(1);
    }
    assertThat(fake.records("incident")).hasSize(1);
  }

  @Test
  void environmentsDoNotShareIncidents() {
    TicketRequest prod = Fixtures.request("s3", 0.9, "checkout-api");
    TicketRequest staging =
        new TicketRequest(
            prod.dedupKey(), "staging", prod.situation(), prod.prediction(), prod.body());
    try (ServiceNowTicketSink sink = sink()) {
      assertThat(sink.open(prod)).isNotEqualTo(sink.open(staging));
    }
    assertThat(fake.records("incident"))
        .extracting(r -> r.get("correlation_id"))
        .containsExactlyInAnyOrder("precursor:production:sit:s3", "precursor:staging:sit:s3");
  }

  @Test
  void writesWorkNotesOnlyOnMaterialChange() {
    TicketRequest req = Fixtures.request("s4", 0.9, "checkout-api");
    try (ServiceNowTicketSink sink = sink()) {
      TicketLink link = sink.open(req);
      String sysId = fake.records("incident").get(0).get("sys_id");

      sink.comment(link, req, Fixtures.note("error rate 14.1% at 14:20 UTC"));
      sink.comment(link, req, Fixtures.note("error rate 14.1% at 14:20 UTC"));
      assertThat(fake.workNotes(sysId)).hasSize(1);
      assertThat(fake.requests("PATCH", "/api/now/v2/table/incident")).hasSize(1);

      sink.comment(link, req, Fixtures.note("new top hypothesis: payments-db pool"));
      assertThat(fake.workNotes(sysId))
          .containsExactly(
              "Update\n======\n\nerror rate 14.1% at 14:20 UTC",
              "Update\n======\n\nnew top hypothesis: payments-db pool");

      // confidence rose: urgency changes without a new note
      TicketRequest hotter = Fixtures.request("s4", 0.97, "checkout-api");
      sink.comment(link, hotter, Fixtures.note("new top hypothesis: payments-db pool"));
      List<RecordedRequest> patches = fake.requests("PATCH", "/api/now/v2/table/incident");
      assertThat(patches).hasSize(3);
      JsonNode last = FakeServiceNow.json(patches.get(2));
      assertThat(last.has("work_notes")).isFalse();
      assertThat(last.get("urgency").asText()).isEqualTo("1");
      assertThat(fake.record("incident", sysId).get("urgency")).isEqualTo("1");
    }
  }

  @Test
  void resolvesWithCloseFieldsAndAttachesThePostmortemOnce() {
    TicketRequest req = Fixtures.request("s5", 0.9, "checkout-api");
    try (ServiceNowTicketSink sink = sink()) {
      TicketLink link = sink.open(req);
      String sysId = fake.records("incident").get(0).get("sys_id");
      TicketRequest recovered =
          new TicketRequest(
              req.dedupKey(),
              req.environment(),
              Fixtures.situation("s5", "resolved", T0.plusSeconds(2460), "checkout-api"),
              req.prediction(),
              req.body());

      sink.resolve(link, recovered, Fixtures.postmortem());
      sink.resolve(link, recovered, Fixtures.postmortem()); // outbox replay after a lost answer

      Map<String, String> inc = fake.record("incident", sysId);
      assertThat(inc.get("state")).isEqualTo("6");
      assertThat(inc.get("close_code")).isEqualTo("Solved (Permanently)");
      assertThat(inc.get("close_notes"))
          .isEqualTo(
              "Recovered: the signals Precursor tracked are back at baseline. Recovered at"
                  + " 2026-05-04 14:41:00 UTC.");
      List<Map<String, String>> att = fake.attachments();
      assertThat(att).hasSize(1);
      assertThat(att.get(0))
          .containsEntry("file_name", "postmortem-s5.md")
          .containsEntry("table_name", "incident")
          .containsEntry("table_sys_id", sysId);
      assertThat(att.get(0).get("content_type")).startsWith("text/markdown");
      assertThat(new String(fake.attachmentBody(att.get(0).get("sys_id")), StandardCharsets.UTF_8))
          .startsWith("# Postmortem: checkout-api 5xx")
          .contains("14:41 recovered after rollback");
      RecordedRequest upload = fake.requests("POST", "/api/now/attachment/file").get(0);
      assertThat(upload.getUrl().queryParameter("table_sys_id")).isEqualTo(sysId);
      // resolved, still active: a lookup finds it as reopenable, not as open
      assertThat(sink.find(req)).contains(link);
    }
  }

  @Test
  void aTicketAHumanResolvedGetsThePostmortemWithoutAStateChange() {
    TicketRequest req = Fixtures.request("s5h", 0.9, "checkout-api");
    try (ServiceNowTicketSink sink = sink()) {
      TicketLink link = sink.open(req);
      String sysId = fake.records("incident").get(0).get("sys_id");
      sink.attachPostmortem(link, req, Fixtures.postmortem());
      sink.attachPostmortem(link, req, Fixtures.postmortem());
      assertThat(fake.record("incident", sysId).get("state")).isEqualTo("1");
      assertThat(fake.attachments()).hasSize(1);
      assertThat(fake.workNotes(sysId))
          .containsExactly("Precursor: postmortem draft attached as postmortem-s5h.md.");
    }
  }

  @Test
  void reopensARecurrenceWithinTheWindowAndFilesAnewAfterIt() {
    TicketRequest req = Fixtures.request("s6", 0.9, "checkout-api");
    try (ServiceNowTicketSink sink = sink()) {
      TicketLink first = sink.open(req);
      String sysId = fake.records("incident").get(0).get("sys_id");
      sink.resolve(first, req, Fixtures.postmortem());

      clock.advance(Duration.ofHours(3));
      TicketLink again = sink.open(req);
      assertThat(again).isEqualTo(first);
      assertThat(fake.record("incident", sysId).get("state")).isEqualTo("2");
      assertThat(fake.workNotes(sysId).get(fake.workNotes(sysId).size() - 1))
          .isEqualTo("Precursor: the situation recurred within 24h of resolution; reopened.");
      assertThat(fake.records("incident")).hasSize(1);

      sink.resolve(again, req, Fixtures.postmortem());
      clock.advance(Duration.ofHours(25));
      TicketLink fresh = sink.open(req);
      assertThat(fresh).isNotEqualTo(first);
      assertThat(fake.records("incident")).hasSize(2);
      assertThat(fake.record("incident", sysId).get("state")).isEqualTo("6");
    }
  }

  @Test
  void neverReopensAClosedIncident() {
    TicketRequest req = Fixtures.request("s7", 0.9, "checkout-api");
    fake.seed(
        "incident",
        Map.of(
            "correlation_id", "precursor:production:sit:s7",
            "state", "7",
            "active", "false",
            "resolved_at", "2026-05-04 13:50:00"));
    try (ServiceNowTicketSink sink = sink()) {
      assertThat(sink.find(req)).isEmpty();
      sink.open(req);
    }
    assertThat(fake.records("incident")).hasSize(2);
  }

  @Test
  void aLookupWhoseCorrelationFilterWasDroppedNeverMatchesOrClosesUnrelatedIncidents() {
    Map<String, String> unrelated =
        fake.seed("incident", Map.of("short_description", "printer on fire", "state", "2"));
    fake.ignoreQueryField("correlation_id");
    TicketRequest req = Fixtures.request("s8", 0.9, "checkout-api");
    try (ServiceNowTicketSink sink = sink()) {
      assertThatThrownBy(() -> sink.open(req))
          .isInstanceOfSatisfying(
              DownstreamException.class, e -> assertThat(e.isRetryable()).isFalse())
          .hasMessageContaining("ignored part of the query")
          .hasMessageContaining(unrelated.get("number"));
      assertThatThrownBy(() -> sink.find(req)).isInstanceOf(DownstreamException.class);
    }
    assertThat(fake.requests("POST", "/api/now/v2/table/incident")).isEmpty();
    assertThat(fake.requests("PATCH", "/api/now/v2/table/incident")).isEmpty();
    assertThat(fake.record("incident", unrelated.get("sys_id")).get("state")).isEqualTo("2");
  }

  @Test
  void anIncidentWithAnEmptyCorrelationIdIsNeverMatched() {
    fake.seed("incident", Map.of("correlation_id", "", "state", "2"));
    TicketRequest req = Fixtures.request("s9", 0.9, "checkout-api");
    try (ServiceNowTicketSink sink = sink()) {
      assertThat(sink.find(req)).isEmpty();
      sink.open(req);
    }
    assertThat(fake.records("incident")).hasSize(2);
    assertThat(fake.requests("GET", "/api/now/v2/table/incident"))
        .allSatisfy(r -> assertThat(FakeServiceNow.query(r)).doesNotContain("correlation_id=^"));
  }

  @Test
  void aRecurringPatternGetsOneProblemRecordLinkedToItsIncidents() {
    config = Fixtures.config(server, Map.of("servicenow.problem-records", "true"));
    List<SimilarIncident> similar =
        List.of(
            new SimilarIncident(
                "INC0009001", "checkout 5xx, pool exhausted", 0.91, "signature", "rollback"));
    try (ServiceNowTicketSink sink = sink()) {
      for (String id : List.of("r1", "r2")) {
        TicketRequest base = Fixtures.request(id, 0.9, "checkout-api");
        TicketRequest req =
            new TicketRequest(
                base.dedupKey(),
                base.environment(),
                base.situation(),
                Fixtures.prediction(id, 0.9, similar),
                base.body());
        TicketLink link = sink.open(req);
        sink.resolve(link, req, Fixtures.postmortem());
        assertThat(link.key()).startsWith("INC");
      }
      TicketRequest lone = Fixtures.request("r3", 0.9, "checkout-api"); // nothing similar
      sink.resolve(sink.open(lone), lone, Fixtures.postmortem());
    }
    List<Map<String, String>> problems = fake.records("problem");
    assertThat(problems).hasSize(1);
    Map<String, String> problem = problems.get(0);
    assertThat(problem.get("correlation_id"))
        .isEqualTo("precursor:production:problem:connection-pool-exhaustion:payments-db");
    assertThat(problem.get("description")).contains("checkout 5xx, pool exhausted");
    List<Map<String, String>> incidents = fake.records("incident");
    assertThat(problem.get("first_reported_by_task")).isEqualTo(incidents.get(0).get("sys_id"));
    assertThat(incidents.get(0).get("problem_id")).isEqualTo(problem.get("sys_id"));
    assertThat(incidents.get(1).get("problem_id")).isEqualTo(problem.get("sys_id"));
    assertThat(incidents.get(2).get("problem_id")).isNull();
  }

  @Test
  void aRefusedWriteIsNotRetriedAndNamesServiceNowsReason() {
    TicketRequest req = Fixtures.request("s10", 0.9, "checkout-api");
    try (ServiceNowTicketSink sink = sink()) {
      TicketLink link = sink.open(req);
      fake.failNext(
          r -> r.getMethod().equals("PATCH"),
          FakeServiceNow.error(403, "Operation Failed", "ACL restricts the update of work_notes"));
      assertThatThrownBy(() -> sink.comment(link, req, Fixtures.note("still firing")))
          .isInstanceOfSatisfying(
              DownstreamException.class,
              e -> {
                assertThat(e.status()).isEqualTo(403);
                assertThat(e.isRetryable()).isFalse();
              })
          .hasMessageContaining("Operation Failed")
          .hasMessageContaining("ACL restricts the update of work_notes");
    }
    assertThat(fake.requests("PATCH", "/api/now/v2/table/incident")).hasSize(1);
    assertThat(logs)
        .anySatisfy(
            r -> {
              assertThat(r.getLevel()).isEqualTo(Level.WARNING);
              assertThat(new java.util.logging.SimpleFormatter().formatMessage(r))
                  .contains("ACL restricts the update of work_notes");
            });
  }

  @Test
  void aLongDraftIsTruncatedInTheDescriptionAndAttachedInFull() {
    TicketRequest base = Fixtures.request("s11", 0.9, "checkout-api");
    String longText = "x".repeat(5000);
    TicketRequest req =
        new TicketRequest(
            base.dedupKey(),
            base.environment(),
            base.situation(),
            base.prediction(),
            new dev.precursor.draft.Document(
                "long", List.of(dev.precursor.draft.Document.Paragraph.of(longText))));
    try (ServiceNowTicketSink sink = sink()) {
      sink.open(req);
    }
    String description = fake.records("incident").get(0).get("description");
    assertThat(description)
        .hasSize(ServiceNowTicketSink.TEXT_LIMIT)
        .endsWith("attached as ticket-s11.txt]");
    assertThat(fake.attachments())
        .singleElement()
        .satisfies(a -> assertThat(a.get("file_name")).isEqualTo("ticket-s11.txt"));
    assertThat(
            new String(
                fake.attachmentBody(fake.attachments().get(0).get("sys_id")),
                StandardCharsets.UTF_8))
        .contains(longText);
  }
}
