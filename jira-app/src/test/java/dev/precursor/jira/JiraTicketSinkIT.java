package dev.precursor.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.draft.AdfValidator;
import dev.precursor.model.Situation;
import dev.precursor.model.Tier;
import dev.precursor.store.Store;
import dev.precursor.store.StoreFixtures;
import dev.precursor.ticket.Backoff;
import dev.precursor.ticket.JdbcTicketStore;
import dev.precursor.ticket.OutboxEntry;
import dev.precursor.ticket.TicketDispatcher;
import dev.precursor.ticket.TicketFixtures;
import dev.precursor.ticket.TicketSink;
import dev.precursor.ticket.TicketStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Jira sink and the shared lifecycle against a fake Jira Cloud (REST v3) on loopback. */
class JiraTicketSinkIT {
  private final TicketFixtures.MutableClock clock =
      new TicketFixtures.MutableClock(TicketFixtures.T0);
  private final FakeJira jira = JiraFixtures.cloud(clock);
  private final Store db = StoreFixtures.h2();
  private final TicketStore store = new JdbcTicketStore(db);
  private TicketDispatcher dispatcher = dispatcher(JiraFixtures.sink(jira, clock, Map.of()));

  private TicketDispatcher dispatcher(TicketSink sink) {
    return new TicketDispatcher(
        store,
        List.of(sink),
        JiraFixtures.drafter(),
        new TicketDispatcher.Settings(
            "production",
            new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10)),
            Duration.ofHours(24),
            Duration.ofSeconds(1),
            null,
            null),
        clock,
        null,
        new Random(11));
  }

  @AfterEach
  void close() {
    dispatcher.close();
    jira.close();
    db.close();
  }

  private void alert(String situationId) {
    dispatcher.onSituation(
        TicketFixtures.checkout(situationId),
        TicketFixtures.prediction(situationId, Tier.ALERT, 0.91));
  }

  private static Situation grown(String id) {
    return TicketFixtures.situation(
        id,
        true,
        List.of("checkout", "payments", "cart"),
        "checkout",
        "deploy 1.4.2 raised error rate");
  }

  private static Situation recovered(String id) {
    return TicketFixtures.situation(
        id, false, List.of("checkout"), "checkout", "deploy 1.4.2 raised error rate");
  }

  @Test
  void filesOneWellFormedIssue() {
    alert("s1");
    alert("s1");
    dispatcher.deliverDue();

    assertThat(jira.issues()).hasSize(1);
    FakeJira.Recorded create = jira.requests("POST", "/rest/api/3/issue").get(0);
    assertThat(create.headers().get("authorization")).startsWith("Basic ");
    assertThat(create.headers().get("accept")).isEqualTo("application/json");
    JsonNode fields = create.json().path("fields");
    String key = store.keyOf("s1").orElseThrow();
    assertThat(fields.path("project").path("key").asText()).isEqualTo("OPS");
    assertThat(fields.path("issuetype").path("name").asText()).isEqualTo("Incident");
    assertThat(fields.path("summary").asText())
        .isEqualTo("[Precursor] Incident predicted on checkout");
    assertThat(fields.path("labels"))
        .extracting(JsonNode::asText)
        .containsExactly("precursor", "auto-filed", key);
    assertThat(fields.path("priority").path("name").asText()).isEqualTo("High");
    assertThat(fields.path("components"))
        .extracting(c -> c.path("name").asText())
        .containsExactly("Checkout");
    assertThat(fields.path("customfield_10050").asText()).isEqualTo("checkout");
    assertThat(fields.path("customfield_10051").path("value").asText()).isEqualTo("alert");
    assertThat(AdfValidator.validate(fields.path("description"))).isEmpty();
    assertThat(fields.path("description").toString())
        .contains("checkout", "tableHeader", "codeBlock", "https://grafana.example.com/d/abc");
    JsonNode property = create.json().path("properties").get(0);
    assertThat(property.path("key").asText()).isEqualTo("precursor");
    assertThat(property.path("value").path("dedupKey").asText()).isEqualTo(key);
    assertThat(property.path("value").path("environment").asText()).isEqualTo("production");

    FakeJira.Issue issue = jira.issues().get(0);
    assertThat(dispatcher.tickets("s1"))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.key()).isEqualTo(issue.key);
              assertThat(t.url()).isEqualTo(jira.url() + "/browse/" + issue.key);
            });
  }

  @Test
  void neverFilesTwiceForOneKeyEvenAfterARestartWithANewSinkOrStore() {
    alert("s1");
    dispatcher.deliverDue();
    dispatcher.close();

    // restart: new sink (no memory of what it created) on the same store, same situation replayed
    dispatcher = dispatcher(JiraFixtures.sink(jira, clock, Map.of()));
    alert("s1");
    dispatcher.deliverDue();
    assertThat(jira.issues()).hasSize(1);

    // a second engine with an empty store files the same incident: found by label, not refiled
    Store other = StoreFixtures.h2();
    try (TicketDispatcher second =
        new TicketDispatcher(
            new JdbcTicketStore(other),
            List.of(JiraFixtures.sink(jira, clock, Map.of())),
            JiraFixtures.drafter(),
            new TicketDispatcher.Settings(
                "production",
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)),
                Duration.ofHours(1),
                Duration.ofSeconds(1),
                null,
                null),
            clock,
            null,
            new Random(1))) {
      second.onSituation(
          TicketFixtures.checkout("s1-replayed"),
          TicketFixtures.prediction("s1-replayed", Tier.ALERT, 0.9));
      second.deliverDue();
      assertThat(second.tickets("s1-replayed"))
          .extracting(t -> t.key())
          .containsExactly(jira.issues().get(0).key);
    } finally {
      other.close();
    }
    assertThat(jira.issues()).hasSize(1);
    assertThat(jira.requests("POST", "/search/jql")).isNotEmpty();
  }

  @Test
  void readsItsOwnWritesDespiteSearchLag() {
    jira.searchSeesNewIssues(false);
    JiraTicketSink sink = JiraFixtures.sink(jira, clock, Map.of());
    var request =
        new dev.precursor.ticket.TicketRequest(
            "prc-00000000000000aa",
            "production",
            TicketFixtures.checkout("s1"),
            TicketFixtures.prediction("s1", Tier.ALERT, 0.9),
            JiraFixtures.drafter()
                .ticket(
                    new dev.precursor.draft.DraftContext(
                        TicketFixtures.checkout("s1"), List.of(), List.of(), null, null)));
    var first = sink.open(request);
    var second = sink.open(request);
    assertThat(second).isEqualTo(first);
    assertThat(jira.issues()).hasSize(1);
    assertThat(
            jira.requests("POST", "/search/jql")
                .get(1)
                .json()
                .path("reconcileIssues")
                .get(0)
                .asLong())
        .isEqualTo(Long.parseLong(jira.issues().get(0).id));
  }

  @Test
  void commentsOnlyOnMaterialChange() {
    alert("s1");
    dispatcher.onSituation(grown("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.93));
    dispatcher.onSituation(grown("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.94));
    dispatcher.onSituation(grown("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.95));
    dispatcher.deliverDue();
    FakeJira.Issue issue = jira.issues().get(0);
    assertThat(issue.comments).hasSize(1);
    JsonNode body = issue.comments.get(0).path("body");
    assertThat(AdfValidator.validate(body)).isEmpty();
    assertThat(body.toString()).contains("Impact grew from 1 to 3 services");
  }

  @Test
  void resolvesWithPostmortemAttachedAndTransitionFoundByName() {
    alert("s1");
    dispatcher.deliverDue();
    dispatcher.onSituation(recovered("s1"), null);
    dispatcher.deliverDue();

    FakeJira.Issue issue = jira.issues().get(0);
    assertThat(issue.statusCategory()).isEqualTo("done");
    assertThat(issue.resolution()).isEqualTo("Done");
    String filename = "postmortem-" + issue.key + ".md";
    assertThat(issue.attachments).containsOnlyKeys(filename);
    String markdown = new String(issue.attachments.get(filename), StandardCharsets.UTF_8);
    assertThat(markdown).startsWith("# Postmortem: s1").contains("## Timeline", "rollback");
    FakeJira.Recorded upload = jira.requests("POST", "/attachments").get(0);
    assertThat(upload.headers().get("x-atlassian-token")).isEqualTo("no-check");
    assertThat(upload.headers().get("content-type")).startsWith("multipart/form-data; boundary=");
    assertThat(upload.text()).contains("name=\"file\"; filename=\"" + filename + "\"");
    assertThat(issue.comments).hasSize(1);
    assertThat(issue.comments.get(0).toString())
        .contains("recovered", filename, "recovered after rollback");
    // the transition was looked up by name, then applied by its id
    assertThat(jira.requests("GET", "/transitions")).hasSize(1);
    assertThat(
            jira.requests("POST", "/transitions")
                .get(0)
                .json()
                .path("transition")
                .path("id")
                .asText())
        .isEqualTo("31");
    // attach and comment happen before the transition (resolved issues may be read-only)
    List<String> order =
        jira.requests().stream()
            .filter(r -> r.method().equals("POST"))
            .map(r -> r.path().replaceAll(".*/", ""))
            .toList();
    assertThat(order).containsSubsequence("attachments", "comment", "transitions");
  }

  @Test
  void missingResolveTransitionFailsWithTheAvailableNames() {
    dispatcher.close();
    dispatcher =
        dispatcher(
            JiraFixtures.sink(jira, clock, Map.of("jira.resolve-transition", "Close Issue")));
    alert("s1");
    dispatcher.deliverDue();
    dispatcher.onSituation(recovered("s1"), null);
    dispatcher.deliverDue();
    OutboxEntry resolve = store.entries(store.keyOf("s1").orElseThrow()).get(1);
    assertThat(resolve.status()).isEqualTo(OutboxEntry.Status.FAILED);
    assertThat(resolve.lastError())
        .contains("no transition named 'Close Issue'", "Start Progress, Done");
  }

  @Test
  void recurrenceWithinTheWindowReopensAndAfterItFilesANewIssue() {
    alert("s1");
    dispatcher.deliverDue();
    dispatcher.onSituation(recovered("s1"), null);
    dispatcher.deliverDue();
    String first = jira.issues().get(0).key;

    clock.advance(Duration.ofHours(3));
    alert("s2");
    dispatcher.deliverDue();
    assertThat(jira.issues()).hasSize(1);
    assertThat(jira.issue(first).statusCategory()).isEqualTo("new");
    assertThat(jira.issue(first).comments.get(jira.issue(first).comments.size() - 1).toString())
        .contains("recurred");

    dispatcher.onSituation(recovered("s2"), null);
    dispatcher.deliverDue();
    clock.advance(Duration.ofDays(3)); // beyond jira.reopen-window (24h)
    alert("s3");
    dispatcher.deliverDue();
    assertThat(jira.issues()).hasSize(2);
    assertThat(jira.issue(first).statusCategory()).isEqualTo("done");
  }

  @Test
  void wontDoIsNeverReopened() {
    alert("s1");
    dispatcher.deliverDue();
    String first = jira.issues().get(0).key;
    jira.humanTransition(first, "Done", "Won't Do");
    dispatcher.onResolvedByHuman("jira", first, null);
    dispatcher.deliverDue();

    clock.advance(Duration.ofHours(1));
    alert("s2");
    dispatcher.deliverDue();
    assertThat(jira.issue(first).statusCategory()).isEqualTo("done");
    assertThat(jira.issues()).hasSize(2);
  }

  @Test
  void outageIsReplayedOnceAfterRecovery() {
    jira.failNext(4, 503, null, null);
    alert("s1");
    dispatcher.onSituation(grown("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.93));
    for (int i = 0; i < 6; i++) {
      dispatcher.deliverDue();
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(jira.issues()).hasSize(1);
    assertThat(jira.issues().get(0).comments).hasSize(1);
    List<OutboxEntry> entries = store.entries(store.keyOf("s1").orElseThrow());
    assertThat(entries).extracting(OutboxEntry::status).containsOnly(OutboxEntry.Status.DONE);
    assertThat(entries.get(0).attempts()).isEqualTo(5);
    assertThat(entries.get(0).lastError()).contains("503", "non-JSON answer");
  }

  @Test
  void rateLimitHonoursRetryAfter() {
    jira.failNext(1, 429, "20", "/search/jql");
    alert("s1");
    dispatcher.deliverDue();
    OutboxEntry open = store.entries(store.keyOf("s1").orElseThrow()).get(0);
    assertThat(open.lastError())
        .contains("429 Too Many Requests", "jira-burst-based", "Retry-After 20s");
    assertThat(Duration.between(clock.instant(), open.nextAttemptAt()))
        .isBetween(Duration.ofSeconds(20), Duration.ofSeconds(22));
    clock.advance(Duration.ofSeconds(19));
    assertThat(dispatcher.deliverDue()).isZero();
    clock.advance(Duration.ofSeconds(3));
    dispatcher.deliverDue();
    assertThat(jira.issues()).hasSize(1);
  }

  @Test
  void unauthorizedIsFinalWithAClearMessageAndNoCredentials() {
    jira.failNext(1, 401, null, null);
    alert("s1");
    dispatcher.deliverDue();
    clock.advance(Duration.ofHours(1));
    assertThat(dispatcher.deliverDue()).isZero();
    OutboxEntry open = store.entries(store.keyOf("s1").orElseThrow()).get(0);
    assertThat(open.status()).isEqualTo(OutboxEntry.Status.FAILED);
    assertThat(open.attempts()).isEqualTo(1);
    assertThat(open.lastError())
        .contains("401 Unauthorized", "jira.user", "jira.token", "You are not authenticated")
        .doesNotContain(JiraFixtures.TOKEN);
    assertThat(jira.issues()).isEmpty();
  }

  @Test
  void fakeJiraRejectsInvalidAdfLikeJira() {
    JiraClient client =
        JiraFixtures.client(JiraConfig.from(JiraFixtures.config(jira, Map.of())), clock);
    String bad =
        "{\"fields\":{\"project\":{\"key\":\"OPS\"},\"issuetype\":{\"name\":\"Bug\"},\"summary\":\"x\","
            + "\"description\":{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"\"}]}]}}}";
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                client.post(client.path("/issue"), dev.precursor.model.Json.mapper().readTree(bad)))
        .isInstanceOf(dev.precursor.DownstreamException.class)
        .hasMessageContaining("400")
        .hasMessageContaining("description: Operation value must be an Atlassian Document")
        .satisfies(
            e -> assertThat(((dev.precursor.DownstreamException) e).isRetryable()).isFalse());
  }
}
