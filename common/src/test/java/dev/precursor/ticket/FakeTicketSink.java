package dev.precursor.ticket;

import dev.precursor.DownstreamException;
import dev.precursor.draft.Document;
import dev.precursor.model.TicketLink;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory ticketing system behind the {@link TicketSink} SPI: files one ticket per dedup key,
 * records every call, and fails the next calls on demand (like a remote system in an outage).
 */
public final class FakeTicketSink implements TicketSink {
  private final String system;
  private final Map<String, TicketLink> tickets = new LinkedHashMap<>();
  private final Map<String, Boolean> resolved = new LinkedHashMap<>();
  private final List<String> calls = new ArrayList<>();
  private final Deque<DownstreamException> failures = new ArrayDeque<>();
  private int created;

  public FakeTicketSink(String system) {
    this.system = system;
  }

  /** The next {@code n} calls fail with a retryable 503. */
  public synchronized void failNext(int n) {
    for (int i = 0; i < n; i++) {
      failures.add(new RetryAfterException(system, 503, null, "503 Service Unavailable"));
    }
  }

  /** The next call fails with this exception. */
  public synchronized void failNext(DownstreamException e) {
    failures.add(e);
  }

  /** The next call answers 429 with this Retry-After. */
  public synchronized void rateLimitNext(Duration retryAfter) {
    failures.add(new RetryAfterException(system, 429, retryAfter, "429 Too Many Requests"));
  }

  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  public synchronized int created() {
    return created;
  }

  public synchronized boolean isResolved(String dedupKey) {
    return resolved.getOrDefault(dedupKey, false);
  }

  private void maybeFail(String call) {
    calls.add(call);
    DownstreamException e = failures.poll();
    if (e != null) {
      throw e;
    }
  }

  @Override
  public String system() {
    return system;
  }

  @Override
  public synchronized Optional<TicketLink> find(TicketRequest request) {
    maybeFail("find " + request.dedupKey());
    return Optional.ofNullable(tickets.get(request.dedupKey()));
  }

  @Override
  public synchronized TicketLink open(TicketRequest request) {
    maybeFail("open " + request.dedupKey());
    TicketLink t = tickets.get(request.dedupKey());
    if (t == null) {
      created++;
      t = new TicketLink(system, "T-" + created, "https://tickets.example/T-" + created);
      tickets.put(request.dedupKey(), t);
    }
    resolved.put(request.dedupKey(), false);
    return t;
  }

  @Override
  public synchronized void comment(TicketLink ticket, TicketRequest request, Document note) {
    maybeFail("comment " + ticket.key() + " " + note.title());
  }

  @Override
  public synchronized void resolve(TicketLink ticket, TicketRequest request, Document postmortem) {
    maybeFail("resolve " + ticket.key() + " " + postmortem.title());
    resolved.put(request.dedupKey(), true);
  }

  @Override
  public synchronized void attachPostmortem(
      TicketLink ticket, TicketRequest request, Document postmortem) {
    maybeFail("postmortem " + ticket.key() + " " + postmortem.title());
  }
}
