package dev.precursor.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precursor.model.Prediction;
import dev.precursor.model.Situation;
import dev.precursor.model.TicketLink;
import dev.precursor.model.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link TicketStore} must do; each store's test extends it. */
public abstract class TicketStoreContract {
  protected abstract TicketStore store();

  private static final Instant NOW = TicketFixtures.T0;

  private static KeyState state(String key, String situationId, boolean open) {
    Situation s = TicketFixtures.checkout(situationId);
    Prediction p = TicketFixtures.prediction(situationId, Tier.ALERT, 0.9);
    return new KeyState(
        key,
        "production",
        situationId,
        open,
        open ? null : KeyState.BY_ENGINE,
        NOW,
        open ? null : NOW.plusSeconds(60),
        NOW,
        TicketMaterial.of(s, p),
        new TicketPayload("production", s, p, List.of(), false));
  }

  private static TicketPayload payload(String situationId, String change) {
    return new TicketPayload(
        "production",
        TicketFixtures.checkout(situationId),
        TicketFixtures.prediction(situationId, Tier.ALERT, 0.9),
        List.of(change),
        false);
  }

  @Test
  void recordsBindingStateAndOutboxAtomically() {
    KeyState st = state("prc-00000000000000a1", "s1", true);
    List<Long> ids =
        store()
            .record(st, TicketAction.OPEN, List.of("jira", "servicenow"), payload("s1", "x"), NOW);
    assertThat(ids).hasSize(2);
    assertThat(store().keyOf("s1")).contains("prc-00000000000000a1");
    assertThat(store().state("prc-00000000000000a1")).contains(st);
    List<OutboxEntry> entries = store().entries("prc-00000000000000a1");
    assertThat(entries).extracting(OutboxEntry::system).containsExactly("jira", "servicenow");
    assertThat(entries)
        .allSatisfy(
            e -> {
              assertThat(e.status()).isEqualTo(OutboxEntry.Status.PENDING);
              assertThat(e.action()).isEqualTo(TicketAction.OPEN);
              assertThat(e.attempts()).isZero();
              assertThat(e.payload()).isEqualTo(payload("s1", "x"));
            });
  }

  @Test
  void payloadSurvivesTheRoundTripIncludingNaNVelocities() {
    TicketPayload p = payload("s-nan", "y");
    long id =
        store()
            .record(
                state("prc-00000000000000b2", "s-nan", true),
                TicketAction.OPEN,
                List.of("jira"),
                p,
                NOW)
            .get(0);
    TicketPayload back = store().entry(id).orElseThrow().payload();
    assertThat(back).isEqualTo(p);
    assertThat(back.situation().anomalies().get(0).velocity().per1h()).isNaN();
  }

  @Test
  void bindingIsFixedOnceMade() {
    store()
        .record(state("prc-00000000000000c3", "s2", true), null, List.of(), payload("s2", ""), NOW);
    store()
        .record(state("prc-00000000000000c4", "s2", true), null, List.of(), payload("s2", ""), NOW);
    assertThat(store().keyOf("s2")).contains("prc-00000000000000c3");
    assertThat(store().entries("prc-00000000000000c3")).isEmpty();
  }

  @Test
  void stateIsReplacedNotDuplicated() {
    store()
        .record(state("prc-00000000000000d5", "s3", true), null, List.of(), payload("s3", ""), NOW);
    KeyState resolved = state("prc-00000000000000d5", "s3", false);
    store().record(resolved, TicketAction.RESOLVE, List.of("jira"), payload("s3", ""), NOW);
    assertThat(store().state("prc-00000000000000d5")).contains(resolved);
  }

  @Test
  void dueDeliversOneEntryPerKeyInOrder() {
    String k1 = "prc-00000000000000e6";
    String k2 = "prc-00000000000000e7";
    long open1 =
        store()
            .record(
                state(k1, "s4", true), TicketAction.OPEN, List.of("jira"), payload("s4", "a"), NOW)
            .get(0);
    long comment1 =
        store()
            .record(
                state(k1, "s4", true),
                TicketAction.COMMENT,
                List.of("jira"),
                payload("s4", "b"),
                NOW)
            .get(0);
    long open2 =
        store()
            .record(
                state(k2, "s5", true), TicketAction.OPEN, List.of("jira"), payload("s5", "c"), NOW)
            .get(0);
    assertThat(store().due("jira", NOW, 10))
        .extracting(OutboxEntry::id)
        .containsExactly(open1, open2);
    assertThat(store().due("servicenow", NOW, 10)).isEmpty();

    store().markRetry(open1, 1, NOW.plusSeconds(30), "503 Service Unavailable");
    // the comment waits behind its open, even though the open is not due now
    assertThat(store().due("jira", NOW, 10)).extracting(OutboxEntry::id).containsExactly(open2);
    assertThat(store().due("jira", NOW.plusSeconds(30), 10))
        .extracting(OutboxEntry::id)
        .containsExactly(open1, open2);
    OutboxEntry retried = store().entry(open1).orElseThrow();
    assertThat(retried.attempts()).isEqualTo(1);
    assertThat(retried.lastError()).isEqualTo("503 Service Unavailable");

    store().markDone(open1, 2, NOW.plusSeconds(31));
    assertThat(store().due("jira", NOW.plusSeconds(31), 10))
        .extracting(OutboxEntry::id)
        .containsExactly(comment1, open2);
    assertThat(store().entry(open1).orElseThrow().status()).isEqualTo(OutboxEntry.Status.DONE);
    assertThat(store().entry(open1).orElseThrow().doneAt()).isEqualTo(NOW.plusSeconds(31));

    store().markFailed(comment1, 1, "401 Unauthorized", NOW.plusSeconds(32));
    assertThat(store().entry(comment1).orElseThrow().status()).isEqualTo(OutboxEntry.Status.FAILED);
    assertThat(store().counts())
        .containsEntry(OutboxEntry.Status.DONE, 1L)
        .containsEntry(OutboxEntry.Status.FAILED, 1L)
        .containsEntry(OutboxEntry.Status.PENDING, 1L);
    assertThat(store().nextDue("jira")).contains(NOW);
  }

  @Test
  void aClaimIsExclusiveUntilItsLeaseEnds() {
    long id =
        store()
            .record(
                state("prc-00000000000000f8", "s6", true),
                TicketAction.OPEN,
                List.of("jira"),
                payload("s6", ""),
                NOW)
            .get(0);
    Instant until = NOW.plus(Duration.ofMinutes(5));
    assertThat(store().claim(id, "engine-a", until, NOW)).isTrue();
    assertThat(store().claim(id, "engine-b", until, NOW.plusSeconds(1))).isFalse();
    assertThat(store().due("jira", NOW.plusSeconds(1), 10)).isEmpty();
    // a crashed owner's lease expires and another engine takes over
    assertThat(store().claim(id, "engine-b", until.plusSeconds(300), until.plusSeconds(1)))
        .isTrue();
    store().markDone(id, 1, until.plusSeconds(2));
    assertThat(store().claim(id, "engine-c", until.plusSeconds(900), until.plusSeconds(600)))
        .isFalse();
  }

  @Test
  void linksArePerSystemAndFindable() {
    String key = "prc-0000000000000009";
    store().saveLink(key, new TicketLink("jira", "OPS-1", "https://jira/browse/OPS-1"), NOW);
    store().saveLink(key, new TicketLink("servicenow", "INC001", "https://sn/INC001"), NOW);
    store().saveLink(key, new TicketLink("jira", "OPS-2", "https://jira/browse/OPS-2"), NOW);
    assertThat(store().link("jira", key))
        .contains(new TicketLink("jira", "OPS-2", "https://jira/browse/OPS-2"));
    assertThat(store().links(key)).extracting(TicketLink::key).containsExactly("OPS-2", "INC001");
    assertThat(store().keyOfTicket("jira", "OPS-2")).contains(key);
    assertThat(store().keyOfTicket("jira", "OPS-1")).isEmpty();
  }
}
