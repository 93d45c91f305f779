package dev.precursor.servicenow;

import static dev.precursor.servicenow.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.precursor.DownstreamException;
import dev.precursor.config.PrecursorConfig;
import dev.precursor.memory.PastTicket;
import dev.precursor.servicenow.internal.ServiceNowClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceNowIncidentSourceIT {
  @StartStop final MockWebServer server = new MockWebServer();

  private final MutableClock clock = new MutableClock(T0);
  private final RecordingSleeper sleeper = new RecordingSleeper(clock);
  private final FakeServiceNow fake = new FakeServiceNow(clock);
  private final List<String> closedIds = new ArrayList<>();

  @BeforeEach
  void seed() {
    server.setDispatcher(fake);
    for (int i = 0; i < 250; i++) {
      Map<String, String> f = new LinkedHashMap<>();
      f.put("short_description", "Checkout 5xx #" + i);
      f.put("description", "Error rate rose after deploy " + i);
      f.put("state", i % 2 == 0 ? "6" : "7");
      f.put("active", i % 2 == 0 ? "true" : "false");
      f.put("priority", i % 10 == 0 ? "1" : "3");
      f.put("close_code", "Solved (Permanently)");
      f.put("close_notes", "Rolled back release " + i);
      f.put("category", "software");
      f.put("cmdb_ci.name", "checkout-api");
      f.put("opened_at", "2026-01-01 10:00:00");
      f.put("resolved_at", "2026-01-01 11:30:00");
      closedIds.add(fake.seed("incident", f).get("sys_id"));
    }
    for (int i = 0; i < 3; i++) {
      fake.seed("incident", Map.of("short_description", "still open " + i, "state", "2"));
    }
    for (int i = 0; i < 250; i += 25) {
      fake.seed(
          "sys_journal_field",
          Map.of(
              "element_id",
              closedIds.get(i),
              "element",
              "work_notes",
              "value",
              "pool at 100% (" + i + ")"));
      fake.seed(
          "sys_journal_field",
          Map.of(
              "element_id",
              closedIds.get(i),
              "element",
              "work_notes",
              "value",
              "rolled back (" + i + ")"));
    }
  }

  private ServiceNowIncidentSource source(Map<String, String> extra) {
    Map<String, String> m = new LinkedHashMap<>(Map.of("servicenow.page-size", "100"));
    m.putAll(extra);
    PrecursorConfig config = Fixtures.config(server, m);
    ServiceNowConfig c = ServiceNowConfig.from(config);
    return new ServiceNowIncidentSource(
        c, new ServiceNowClient(c, clock, new Random(5)), sleeper, new Random(5));
  }

  @Test
  void pagesThroughClosedIncidentsWithWorkNotesAndCloseNotes() {
    List<PastTicket> got = new ArrayList<>();
    long n;
    try (ServiceNowIncidentSource source = source(Map.of())) {
      n = source.fetch("incident", got::add);
    }
    assertThat(n).isEqualTo(250);
    assertThat(got).hasSize(250).extracting(PastTicket::key).doesNotHaveDuplicates();
    assertThat(got).noneMatch(t -> t.title().startsWith("still open"));

    List<RecordedRequest> pages = fake.requests("GET", "/api/now/v2/table/incident");
    assertThat(pages).hasSize(3);
    assertThat(pages)
        .extracting(r -> r.getUrl().queryParameter("sysparm_offset"))
        .containsExactly("0", "100", "200");
    assertThat(pages.get(0).getUrl().queryParameter("sysparm_limit")).isEqualTo("100");
    assertThat(FakeServiceNow.query(pages.get(0))).isEqualTo("stateIN6,7^ORDERBYsys_created_on");
    assertThat(pages.get(0).getUrl().queryParameter("sysparm_fields"))
        .contains("short_description", "description", "close_notes");
    // one journal query per 50 incidents
    assertThat(fake.requests("GET", "/api/now/v2/table/sys_journal_field")).hasSize(5);

    PastTicket first = got.get(0);
    assertThat(first.source()).isEqualTo("servicenow");
    assertThat(first.key()).startsWith("INC");
    assertThat(first.title()).isEqualTo("Checkout 5xx #0");
    assertThat(first.body())
        .isEqualTo(
            "Error rate rose after deploy 0\n\nWork notes:\n"
                + "["
                + fake.records("sys_journal_field").get(0).get("sys_created_on")
                + "] pool at 100% (0)\n"
                + "["
                + fake.records("sys_journal_field").get(1).get("sys_created_on")
                + "] rolled back (0)\n\n"
                + "Resolution (Solved (Permanently)):\nRolled back release 0");
    assertThat(first.openedAt()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
    assertThat(first.resolvedAt()).isEqualTo(Instant.parse("2026-01-01T11:30:00Z"));
    assertThat(first.labels()).containsExactly("software", "checkout-api");
    assertThat(first.url()).endsWith("/incident.do?sys_id=" + closedIds.get(0));
    assertThat(got.get(1).body()).doesNotContain("Work notes");
  }

  @Test
  void anEncodedQueryNarrowsTheClosedIncidents() {
    List<PastTicket> got = new ArrayList<>();
    try (ServiceNowIncidentSource source = source(Map.of())) {
      assertThat(source.fetch("incident?priority=1", got::add)).isEqualTo(25);
    }
    assertThat(FakeServiceNow.query(fake.requests("GET", "/api/now/v2/table/incident").get(0)))
        .isEqualTo("stateIN6,7^priority=1^ORDERBYsys_created_on");
  }

  @Test
  void aPageAnswered503IsRetriedInPlaceWithBackoff() {
    fake.failNext(
        r -> "100".equals(r.getUrl().queryParameter("sysparm_offset")),
        FakeServiceNow.error(503, "Service Unavailable", null));
    fake.failNext(
        r -> "100".equals(r.getUrl().queryParameter("sysparm_offset")),
        new MockResponse.Builder(FakeServiceNow.error(429, "Rate limit exceeded", null))
            .setHeader("Retry-After", "20")
            .build());
    List<PastTicket> got = new ArrayList<>();
    try (ServiceNowIncidentSource source = source(Map.of())) {
      assertThat(source.fetch("incident", got::add)).isEqualTo(250);
    }
    assertThat(sleeper.waits()).hasSize(2);
    assertThat(sleeper.waits().get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(sleeper.waits().get(1)).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(25));
    assertThat(got).extracting(PastTicket::key).doesNotHaveDuplicates();
  }

  @Test
  void aRateLimitLongerThanTheImportMayWaitStopsItWithAMessage() {
    fake.failNext(
        r -> true,
        new MockResponse.Builder(FakeServiceNow.error(429, "Rate limit exceeded", null))
            .setHeader("Retry-After", "3600")
            .build());
    try (ServiceNowIncidentSource source = source(Map.of())) {
      assertThatThrownBy(() -> source.fetch("incident", t -> {}))
          .isInstanceOfSatisfying(
              DownstreamException.class, e -> assertThat(e.isRetryable()).isFalse())
          .hasMessageContaining("run the import again later");
    }
    assertThat(sleeper.waits()).isEmpty();
  }

  @Test
  void recordsAnInstanceReturnsDespiteTheClosedFilterAreSkipped() {
    fake.ignoreQueryField("state");
    List<PastTicket> got = new ArrayList<>();
    try (ServiceNowIncidentSource source = source(Map.of())) {
      assertThat(source.fetch("incident", got::add)).isEqualTo(250);
    }
    assertThat(got).noneMatch(t -> t.title().startsWith("still open"));
  }

  @Test
  void aMalformedSelectionIsRejectedBeforeAnyCall() {
    try (ServiceNowIncidentSource source = source(Map.of())) {
      assertThatThrownBy(() -> source.fetch("Incident Table", t -> {}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expected a table name such as 'incident'");
      assertThatThrownBy(() -> source.fetch("incident?active=true^NQactive=false", t -> {}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("^NQ");
    }
    assertThat(fake.requests()).isEmpty();
  }
}
