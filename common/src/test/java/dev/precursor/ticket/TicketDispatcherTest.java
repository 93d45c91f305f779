package dev.precursor.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precursor.DownstreamException;
import dev.precursor.metrics.EngineMetrics;
import dev.precursor.model.Situation;
import dev.precursor.model.Tier;
import dev.precursor.store.Store;
import dev.precursor.store.StoreFixtures;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TicketDispatcherTest {
  private final Store db = StoreFixtures.h2();
  private final TicketStore store = new JdbcTicketStore(db);
  private final TicketFixtures.MutableClock clock =
      new TicketFixtures.MutableClock(TicketFixtures.T0);
  private final FakeTicketSink jira = new FakeTicketSink("jira");
  private final EngineMetrics metrics = new EngineMetrics();
  private final TicketDispatcher.Settings settings =
      new TicketDispatcher.Settings(
          "production",
          new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10)),
          Duration.ofHours(24),
          Duration.ofSeconds(1),
          null,
          null);
  private TicketDispatcher dispatcher = dispatcher(jira);

  private TicketDispatcher dispatcher(TicketSink... sinks) {
    return new TicketDispatcher(
        store, List.of(sinks), TicketFixtures.drafter(), settings, clock, metrics, new Random(7));
  }

  private static Situation grown(String id) {
    return TicketFixtures.situation(
        id,
        true,
        List.of("checkout", "payments", "cart"),
        "checkout",
        "deploy 1.4.2 raised error rate");
  }

  @AfterEach
  void close() {
    dispatcher.close();
    db.close();
  }

  @Test
  void onlyAlertTierFilesOneTicketAndRepeatsAreDropped() {
    Situation s = TicketFixtures.checkout("s1");
    dispatcher.onSituation(s, TicketFixtures.prediction("s1", Tier.WATCH, 0.75));
    assertThat(dispatcher.deliverDue()).isZero();

    dispatcher.onSituation(s, TicketFixtures.prediction("s1", Tier.ALERT, 0.9));
    dispatcher.onSituation(s, TicketFixtures.prediction("s1", Tier.ALERT, 0.91));
    dispatcher.onSituation(s, TicketFixtures.prediction("s1", Tier.ALERT, 0.9));
    assertThat(dispatcher.deliverDue()).isEqualTo(1);
    assertThat(jira.calls()).hasSize(1).first().asString().startsWith("open prc-");
    assertThat(jira.created()).isEqualTo(1);
    assertThat(dispatcher.tickets("s1")).extracting(t -> t.key()).containsExactly("T-1");
  }

  @Test
  void commentsOnlyOnMaterialChange() {
    dispatcher.onSituation(
        TicketFixtures.checkout("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.9));
    // impact grows: comment
    dispatcher.onSituation(grown("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.93));
    // the same again: nothing
    dispatcher.onSituation(grown("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.95));
    // new top hypothesis: comment
    Situation newTop =
        TicketFixtures.situation(
            "s1",
            true,
            List.of("checkout", "payments", "cart"),
            "payments-db",
            "connection pool exhausted");
    dispatcher.onSituation(newTop, TicketFixtures.prediction("s1", Tier.ALERT, 0.95));
    // impact shrinks: not material
    Situation shrunk =
        TicketFixtures.situation(
            "s1", true, List.of("checkout"), "payments-db", "connection pool exhausted");
    dispatcher.onSituation(shrunk, TicketFixtures.prediction("s1", Tier.ALERT, 0.95));
    // tier drops: comment
    dispatcher.onSituation(shrunk, TicketFixtures.prediction("s1", Tier.WATCH, 0.8));
    dispatcher.deliverDue();
    assertThat(jira.calls())
        .extracting(c -> c.split(" ")[0])
        .containsExactly("open", "comment", "comment", "comment");
    String key = store.keyOf("s1").orElseThrow();
    assertThat(store.entries(key))
        .filteredOn(e -> e.action() == TicketAction.COMMENT)
        .extracting(e -> e.payload().changes())
        .containsExactly(
            List.of("Impact grew from 1 to 3 services"),
            List.of(
                "New top root-cause hypothesis: payments-db: connection pool exhausted (was: checkout:"
                    + " deploy 1.4.2 raised error rate)"),
            List.of("Confidence tier changed from ALERT to WATCH"));
  }

  @Test
  void recoveryResolvesWithPostmortemAndRecurrenceReopens() {
    dispatcher.onSituation(
        TicketFixtures.checkout("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.9));
    Situation recovered =
        TicketFixtures.situation(
            "s1", false, List.of("checkout"), "checkout", "deploy 1.4.2 raised error rate");
    dispatcher.onSituation(recovered, null);
    dispatcher.onSituation(recovered, null);
    dispatcher.deliverDue();
    String key = store.keyOf("s1").orElseThrow();
    assertThat(jira.calls()).containsExactly("open " + key, "resolve T-1 Postmortem: s1");
    assertThat(jira.isResolved(key)).isTrue();

    // the same kind of incident again (a new situation): same key, reopened, told it recurred
    clock.advance(Duration.ofHours(2));
    dispatcher.onSituation(
        TicketFixtures.checkout("s2"), TicketFixtures.prediction("s2", Tier.ALERT, 0.88));
    dispatcher.deliverDue();
    assertThat(store.keyOf("s2")).contains(key);
    assertThat(jira.created()).isEqualTo(1);
    assertThat(jira.calls())
        .endsWith("open " + key, "comment T-1 Precursor: the incident recurred");
    assertThat(jira.isResolved(key)).isFalse();
  }

  @Test
  void outageIsRetriedWithBackoffAndDeliveredOnceInOrder() {
    jira.failNext(3);
    dispatcher.onSituation(
        TicketFixtures.checkout("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.9));
    dispatcher.onSituation(grown("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.9));
    String key = store.keyOf("s1").orElseThrow();

    assertThat(dispatcher.deliverDue()).isEqualTo(1); // open fails; the comment waits behind it
    OutboxEntry open = store.entries(key).get(0);
    assertThat(open.attempts()).isEqualTo(1);
    assertThat(open.lastError()).contains("503");
    Duration firstWait = Duration.between(clock.instant(), open.nextAttemptAt());
    assertThat(firstWait).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(dispatcher.deliverDue()).isZero(); // not due yet

    clock.advance(firstWait);
    dispatcher.deliverDue();
    Duration secondWait =
        Duration.between(clock.instant(), store.entries(key).get(0).nextAttemptAt());
    assertThat(secondWait).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    clock.advance(Duration.ofMinutes(1));
    dispatcher.deliverDue(); // third failure
    clock.advance(Duration.ofMinutes(1));
    dispatcher.deliverDue(); // recovered: open, then the comment
    assertThat(jira.created()).isEqualTo(1);
    assertThat(jira.calls()).filteredOn(c -> c.startsWith("comment")).hasSize(1);
    assertThat(store.entries(key))
        .extracting(OutboxEntry::status)
        .containsOnly(OutboxEntry.Status.DONE);
    assertThat(store.entries(key).get(0).attempts()).isEqualTo(4);
    assertThat(metrics.scrape())
        .contains(
            "precursor_ticket_actions_total{system=\"jira\",action=\"open\",outcome=\"retry\"} 3");
  }

  @Test
  void retryAfterIsHonoured() {
    jira.rateLimitNext(Duration.ofSeconds(30));
    dispatcher.onSituation(
        TicketFixtures.checkout("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.9));
    dispatcher.deliverDue();
    OutboxEntry e = store.entries(store.keyOf("s1").orElseThrow()).get(0);
    assertThat(Duration.between(clock.instant(), e.nextAttemptAt()))
        .isBetween(Duration.ofSeconds(30), Duration.ofSeconds(33));
    clock.advance(Duration.ofSeconds(29));
    assertThat(dispatcher.deliverDue()).isZero();
    clock.advance(Duration.ofSeconds(4));
    assertThat(dispatcher.deliverDue()).isEqualTo(1);
    assertThat(jira.created()).isEqualTo(1);
  }

  @Test
  void finalFailureIsNotRetriedAndKeepsTheMessage() {
    jira.failNext(
        new DownstreamException(
            "jira", 401, false, "401 Unauthorized: check jira.user and jira.token"));
    dispatcher.onSituation(
        TicketFixtures.checkout("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.9));
    dispatcher.deliverDue();
    clock.advance(Duration.ofHours(1));
    assertThat(dispatcher.deliverDue()).isZero();
    OutboxEntry e = store.entries(store.keyOf("s1").orElseThrow()).get(0);
    assertThat(e.status()).isEqualTo(OutboxEntry.Status.FAILED);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.lastError()).contains("401 Unauthorized: check jira.user and jira.token");
    assertThat(jira.created()).isZero();

    // a later material change files the ticket after all (the configuration was fixed)
    dispatcher.onSituation(grown("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.9));
    dispatcher.deliverDue();
    assertThat(jira.created()).isEqualTo(1);
  }

  @Test
  void retryingStopsAfterMaxAge() {
    for (int i = 0; i < 100; i++) {
      jira.failNext(1);
    }
    dispatcher.onSituation(
        TicketFixtures.checkout("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.9));
    for (int i = 0; i < 40; i++) {
      dispatcher.deliverDue();
      clock.advance(Duration.ofMinutes(45));
    }
    OutboxEntry e = store.entries(store.keyOf("s1").orElseThrow()).get(0);
    assertThat(e.status()).isEqualTo(OutboxEntry.Status.FAILED);
    assertThat(e.attempts()).isLessThan(40);
  }

  @Test
  void restartLosesNothingAndDuplicatesNothing() {
    jira.failNext(1);
    dispatcher.onSituation(
        TicketFixtures.checkout("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.9));
    dispatcher.deliverDue();
    dispatcher.close(); // the engine stops with the open still pending

    dispatcher = dispatcher(jira);
    // the replayed telemetry raises the same situation again
    dispatcher.onSituation(
        TicketFixtures.checkout("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.9));
    clock.advance(Duration.ofMinutes(1));
    dispatcher.deliverDue();
    assertThat(jira.created()).isEqualTo(1);
    assertThat(jira.calls()).filteredOn(c -> c.startsWith("open")).hasSize(2); // failed + delivered
    assertThat(store.counts())
        .containsEntry(OutboxEntry.Status.DONE, 1L)
        .containsEntry(OutboxEntry.Status.PENDING, 0L);
  }

  @Test
  void humanResolutionAttachesPostmortemAndIsRespected() {
    dispatcher.onSituation(
        TicketFixtures.checkout("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.9));
    dispatcher.deliverDue();
    String key = store.keyOf("s1").orElseThrow();
    assertThat(dispatcher.onResolvedByHuman("jira", "T-1", null)).isTrue();
    dispatcher.deliverDue();
    assertThat(jira.calls()).endsWith("postmortem T-1 Postmortem: s1");
    // echo of the same event, further updates and the engine's own recovery change nothing
    assertThat(dispatcher.onResolvedByHuman("jira", "T-1", key)).isFalse();
    dispatcher.onSituation(grown("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.95));
    dispatcher.onSituation(
        TicketFixtures.situation("s1", false, List.of("checkout"), "checkout", "x"), null);
    dispatcher.deliverDue();
    assertThat(jira.calls()).hasSize(2);

    // reopened by the human: comments resume
    dispatcher.onReopenedByHuman("jira", "T-1", key);
    dispatcher.onSituation(
        TicketFixtures.situation(
            "s1",
            true,
            List.of("checkout", "payments", "cart", "search"),
            "checkout",
            "deploy 1.4.2 raised error rate"),
        TicketFixtures.prediction("s1", Tier.ALERT, 0.95));
    dispatcher.deliverDue();
    assertThat(jira.calls()).last().asString().startsWith("comment T-1");
  }

  @Test
  void everySinkGetsItsOwnDeliveryAndOutage() {
    FakeTicketSink sn = new FakeTicketSink("servicenow");
    dispatcher.close();
    dispatcher = dispatcher(jira, sn);
    jira.failNext(5);
    dispatcher.onSituation(
        TicketFixtures.checkout("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.9));
    dispatcher.deliverDue();
    assertThat(sn.created()).isEqualTo(1);
    assertThat(jira.created()).isZero();
  }

  @Test
  void notAnIncidentStopsUpdatesWithoutAPostmortem() {
    dispatcher.onSituation(
        TicketFixtures.checkout("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.9));
    dispatcher.deliverDue();
    assertThat(dispatcher.onResolvedByHuman("jira", "T-1", null, false)).isFalse();
    dispatcher.onSituation(grown("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.95));
    dispatcher.onSituation(
        TicketFixtures.situation("s1", false, List.of("checkout"), "checkout", "x"), null);
    dispatcher.deliverDue();
    assertThat(jira.calls()).hasSize(1);
  }

  @Test
  void backgroundWorkersDeliver() {
    dispatcher.start();
    dispatcher.onSituation(
        TicketFixtures.checkout("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.9));
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> jira.created() == 1);
  }
}
