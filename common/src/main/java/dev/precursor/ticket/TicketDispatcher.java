package dev.precursor.ticket;

import dev.precursor.DownstreamException;
import dev.precursor.draft.Document;
import dev.precursor.draft.DraftContext;
import dev.precursor.draft.Drafter;
import dev.precursor.metrics.EngineMetrics;
import dev.precursor.model.Prediction;
import dev.precursor.model.Situation;
import dev.precursor.model.SituationListener;
import dev.precursor.model.TicketLink;
import dev.precursor.model.Tier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The ticket lifecycle shared by every {@link TicketSink}: listens to situations, decides what the
 * tickets need, writes those actions to the durable outbox ({@link TicketStore}) and delivers them
 * to the sinks on background threads (one per sink), retrying with backoff.
 *
 * <p>Rules: only an open situation whose top prediction is alert tier opens a ticket, once per
 * dedup key ({@link DedupKeys}: environment, impacted service, pattern; fixed per situation when it
 * first reaches alert). While open, a comment is added only when something material changes ({@link
 * TicketMaterial}: tier, top hypothesis, growing impact); identical updates are dropped. Recovery
 * enqueues a resolve (closing comment, resolve transition, postmortem attached). An alert-tier
 * situation under a key whose ticket was resolved by the engine enqueues an open again, which the
 * sink turns into a reopen within its window (or a new ticket after it); a ticket a human resolved
 * is not reopened by later updates of the same situation.
 *
 * <p>Delivery: every action is stored before any remote call, so a downstream outage or an engine
 * restart loses nothing: pending actions are delivered on the next attempt, once (actions of one
 * key in order). Retryable failures ({@link DownstreamException#isRetryable()}: 429, 5xx, no
 * answer) are retried with {@link Backoff} honouring {@link RetryAfterException}; others (401, 403,
 * 400) are final, logged with the remote system's message. {@link #onSituation} only touches the
 * local store, never a remote system. Thread-safe.
 */
public final class TicketDispatcher implements SituationListener, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TicketDispatcher.class.getName());
  private static final int BATCH = 50;
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final Duration MIN_RETRY = Duration.ofMillis(100);

  private final TicketStore store;
  private final Map<String, TicketSink> sinks = new LinkedHashMap<>();
  private final Drafter drafter;
  private final Settings settings;
  private final Clock clock;
  private final @Nullable EngineMetrics metrics;
  private final RandomGenerator random;
  private final String owner = UUID.randomUUID().toString();
  private final Map<String, ScheduledExecutorService> workers = new LinkedHashMap<>();

  /**
   * Dispatcher settings.
   *
   * @param environment part of every dedup key ({@code engine.environment})
   * @param backoff retry backoff of failed deliveries
   * @param maxAge how long a failing action is retried before it is given up
   * @param pollInterval how often each worker looks for due actions
   * @param engineUrl base URL of the engine, for links in drafts (nullable)
   * @param grafanaUrl Grafana base URL, for links in drafts (nullable)
   */
  public record Settings(
      String environment,
      Backoff backoff,
      Duration maxAge,
      Duration pollInterval,
      @Nullable String engineUrl,
      @Nullable String grafanaUrl) {
    public Settings {
      Objects.requireNonNull(environment, "environment");
      Objects.requireNonNull(backoff, "backoff");
      Objects.requireNonNull(maxAge, "maxAge");
      Objects.requireNonNull(pollInterval, "pollInterval");
    }

    /** Settings from the configuration ({@code engine.environment}, {@code ticket.*}). */
    public static Settings from(dev.precursor.config.PrecursorConfig config) {
      return new Settings(
          config.environment(),
          new Backoff(
              config.duration("ticket.retry-base"), config.duration("ticket.retry-max-delay")),
          config.duration("ticket.retry-max-age"),
          config.duration("ticket.poll-interval"),
          config.string("ticket.engine-url").orElse(null),
          config.string("grafana.url").orElse(null));
    }
  }

  public TicketDispatcher(
      TicketStore store,
      List<TicketSink> sinks,
      Drafter drafter,
      Settings settings,
      Clock clock,
      @Nullable EngineMetrics metrics,
      RandomGenerator random) {
    this.store = Objects.requireNonNull(store, "store");
    for (TicketSink s : sinks) {
      if (this.sinks.put(s.system(), s) != null) {
        throw new IllegalArgumentException("two ticket sinks named " + s.system());
      }
    }
    this.drafter = Objects.requireNonNull(drafter, "drafter");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = metrics;
    this.random = Objects.requireNonNull(random, "random");
    if (metrics != null) {
      metrics.gauge(
          "precursor_ticket_outbox_pending",
          "Ticket actions waiting in the outbox for delivery.",
          () -> store.counts().getOrDefault(OutboxEntry.Status.PENDING, 0L));
      metrics.gauge(
          "precursor_ticket_outbox_failed",
          "Ticket actions given up (see the engine log for the remote system's message).",
          () -> store.counts().getOrDefault(OutboxEntry.Status.FAILED, 0L));
    }
  }

  /** The systems tickets go to, in registration order. */
  public List<String> systems() {
    return List.copyOf(sinks.keySet());
  }

  /** Starts one delivery thread per sink, polling every {@code pollInterval}. */
  public synchronized void start() {
    for (String system : sinks.keySet()) {
      if (workers.containsKey(system)) {
        continue;
      }
      ScheduledThreadPoolExecutor ex =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "precursor-tickets-" + system);
                t.setDaemon(true);
                return t;
              });
      ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      long ms = Math.max(10, settings.pollInterval().toMillis());
      ex.scheduleWithFixedDelay(() -> deliverSafely(system), 0, ms, TimeUnit.MILLISECONDS);
      workers.put(system, ex);
    }
  }

  // ------------------------------------------------------------------ decisions

  @Override
  public void onSituation(Situation situation, @Nullable Prediction prediction) {
    List<Long> enqueued;
    try {
      enqueued = decide(situation, prediction);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "ticket decision for situation " + situation.id() + " failed", e);
      return;
    }
    if (!enqueued.isEmpty()) {
      wake();
    }
  }

  /** Decides and records; returns the ids of the enqueued outbox entries. */
  synchronized List<Long> decide(Situation s, @Nullable Prediction p) {
    if (sinks.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant();
    boolean alert = s.isOpen() && p != null && p.tier() == Tier.ALERT;
    Optional<String> bound = store.keyOf(s.id());
    String key;
    if (bound.isPresent()) {
      key = bound.get();
    } else if (alert) {
      key = DedupKeys.of(settings.environment(), p.service(), p.pattern());
    } else {
      return List.of();
    }
    Optional<KeyState> existing = store.state(key);
    if (existing.isEmpty()) {
      if (!alert) {
        return List.of();
      }
      TicketMaterial m = TicketMaterial.of(s, p);
      TicketPayload payload = payload(s, p, List.of(), false);
      KeyState st =
          new KeyState(key, settings.environment(), s.id(), true, null, now, null, now, m, payload);
      LOG.info("situation " + s.id() + " is alert tier: filing ticket " + key);
      return store.record(st, TicketAction.OPEN, systems(), payload, now);
    }
    KeyState k = existing.get();
    Prediction latest = p != null ? p : k.snapshot().prediction();
    TicketMaterial m = TicketMaterial.of(s, p).withTierFrom(k.material());
    boolean sameSituation = k.situationId().equals(s.id());
    if (k.open()) {
      if (!s.isOpen()) {
        if (!sameSituation) {
          return List
              .of(); // an older situation of this key recovered; the ticket follows the newer
        }
        TicketPayload payload = payload(s, latest, List.of(), false);
        KeyState st =
            new KeyState(
                key,
                k.environment(),
                s.id(),
                false,
                KeyState.BY_ENGINE,
                k.openedAt(),
                now,
                now,
                m,
                payload);
        LOG.info("situation " + s.id() + " recovered: resolving ticket " + key);
        return store.record(st, TicketAction.RESOLVE, systems(), payload, now);
      }
      List<String> changes = m.changesSince(k.material());
      TicketPayload payload = payload(s, latest, changes, false);
      KeyState st =
          new KeyState(
              key,
              k.environment(),
              s.id(),
              true,
              null,
              k.openedAt(),
              null,
              now,
              changes.isEmpty() ? k.material() : m,
              payload);
      if (changes.isEmpty()) {
        if (!sameSituation) {
          store.record(st, null, List.of(), payload, now); // follow the newer situation quietly
        }
        return List.of();
      }
      return store.record(st, TicketAction.COMMENT, systems(), payload, now);
    }
    // resolved
    if (!alert) {
      return List.of();
    }
    if (sameSituation && KeyState.BY_HUMAN.equals(k.resolvedBy())) {
      return List.of(); // a human closed this situation's ticket: do not reopen it for updates
    }
    TicketPayload payload =
        payload(s, p, List.of("The incident recurred after its ticket was resolved"), true);
    KeyState st =
        new KeyState(key, k.environment(), s.id(), true, null, now, null, now, m, payload);
    LOG.info("situation " + s.id() + " recurs under resolved ticket " + key + ": reopening");
    return store.record(st, TicketAction.OPEN, systems(), payload, now);
  }

  /**
   * A human resolved the ticket of {@code dedupKey} in {@code system}: the key counts as resolved
   * (no more comments, no engine resolve) and the postmortem draft is attached to that ticket. An
   * echo of the engine's own resolve is ignored.
   *
   * @return whether a postmortem was enqueued
   */
  public boolean onResolvedByHuman(String system, String ticketKey, @Nullable String dedupKey) {
    return onResolvedByHuman(system, ticketKey, dedupKey, true);
  }

  /**
   * A human closed the ticket of {@code dedupKey} in {@code system}; with {@code postmortem} false
   * (closed as "not an incident") nothing is attached, but the key still counts as resolved by a
   * human, so the situation's later updates and recovery leave the ticket alone.
   *
   * @return whether a postmortem was enqueued
   */
  public boolean onResolvedByHuman(
      String system, String ticketKey, @Nullable String dedupKey, boolean postmortem) {
    boolean enqueued;
    synchronized (this) {
      String key = dedupKey != null ? dedupKey : store.keyOfTicket(system, ticketKey).orElse(null);
      if (key == null || !sinks.containsKey(system)) {
        LOG.info(
            system + " ticket " + ticketKey + " resolved by a human; not a Precursor ticket here");
        return false;
      }
      Optional<KeyState> existing = store.state(key);
      if (existing.isEmpty() || !existing.get().open()) {
        return false;
      }
      KeyState k = existing.get();
      Instant now = clock.instant();
      KeyState st =
          new KeyState(
              key,
              k.environment(),
              k.situationId(),
              false,
              KeyState.BY_HUMAN,
              k.openedAt(),
              now,
              now,
              k.material(),
              k.snapshot());
      LOG.info(
          system
              + " ticket "
              + ticketKey
              + " resolved by a human"
              + (postmortem ? ": attaching the postmortem" : " as not an incident"));
      enqueued =
          !store
              .record(
                  st,
                  postmortem ? TicketAction.POSTMORTEM : null,
                  List.of(system),
                  k.snapshot(),
                  now)
              .isEmpty();
    }
    wake();
    return enqueued;
  }

  /**
   * A human reopened the ticket of {@code dedupKey}: the key is open again, so material changes are
   * commented on and recovery resolves it.
   */
  public synchronized void onReopenedByHuman(
      String system, String ticketKey, @Nullable String dedupKey) {
    String key = dedupKey != null ? dedupKey : store.keyOfTicket(system, ticketKey).orElse(null);
    if (key == null) {
      return;
    }
    store
        .state(key)
        .filter(k -> !k.open())
        .ifPresent(
            k -> {
              Instant now = clock.instant();
              store.record(
                  new KeyState(
                      key,
                      k.environment(),
                      k.situationId(),
                      true,
                      null,
                      k.openedAt(),
                      null,
                      now,
                      k.material(),
                      k.snapshot()),
                  null,
                  List.of(),
                  k.snapshot(),
                  now);
            });
  }

  /** The latest prediction a dedup key's tickets were filed or updated with (for feedback). */
  public Optional<Prediction> prediction(String dedupKey) {
    return store.state(dedupKey).map(k -> k.snapshot().prediction());
  }

  /** The tickets filed for a situation (every system), for the API's {@code tickets[]}. */
  public List<TicketLink> tickets(String situationId) {
    return store.keyOf(situationId).map(store::links).orElse(List.of());
  }

  private TicketPayload payload(
      Situation s, @Nullable Prediction p, List<String> changes, boolean recurrence) {
    return new TicketPayload(settings.environment(), s, p, changes, recurrence);
  }

  // ------------------------------------------------------------------ delivery

  /**
   * Delivers every due action of every sink on the calling thread (the background workers do the
   * same); for tests and for draining before shutdown.
   *
   * @return the number of actions attempted
   */
  public int deliverDue() {
    int n = 0;
    for (String system : sinks.keySet()) {
      n += deliverDue(system);
    }
    return n;
  }

  private void deliverSafely(String system) {
    try {
      deliverDue(system);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "ticket delivery to " + system + " failed; will retry", e);
    }
  }

  private int deliverDue(String system) {
    TicketSink sink = sinks.get(system);
    int attempted = 0;
    while (true) {
      List<OutboxEntry> due = store.due(system, clock.instant(), BATCH);
      int claimed = 0;
      for (OutboxEntry e : due) {
        if (Thread.currentThread().isInterrupted()) {
          return attempted;
        }
        Instant now = clock.instant();
        if (!store.claim(e.id(), owner, now.plus(LEASE), now)) {
          continue;
        }
        claimed++;
        attempted++;
        deliver(sink, e);
      }
      if (claimed == 0) {
        return attempted;
      }
    }
  }

  private void deliver(TicketSink sink, OutboxEntry e) {
    int attempts = e.attempts() + 1;
    String what = e.action().wire() + " " + sink.system() + " ticket " + e.dedupKey();
    try {
      deliverOnce(sink, e);
      store.markDone(e.id(), attempts, clock.instant());
      count(sink.system(), e.action(), "done");
      if (attempts > 1) {
        LOG.info(what + " delivered after " + attempts + " attempts");
      }
    } catch (DownstreamException d) {
      Instant now = clock.instant();
      String msg = d.getMessage() == null ? d.toString() : d.getMessage();
      boolean expired = now.isAfter(e.createdAt().plus(settings.maxAge()));
      if (d.isRetryable() && !expired) {
        Duration retryAfter =
            d instanceof RetryAfterException r ? r.retryAfter().orElse(null) : null;
        Duration wait = max(MIN_RETRY, settings.backoff().delay(attempts, retryAfter, random));
        store.markRetry(e.id(), attempts, now.plus(wait), msg);
        count(sink.system(), e.action(), "retry");
        LOG.warning(
            what
                + " failed (attempt "
                + attempts
                + "), retrying in "
                + wait.toMillis()
                + " ms"
                + (retryAfter != null ? " (Retry-After)" : "")
                + ": "
                + msg);
      } else {
        store.markFailed(e.id(), attempts, msg, now);
        count(sink.system(), e.action(), "failed");
        LOG.warning(
            what
                + " failed for good"
                + (expired ? " after retrying for " + settings.maxAge() : " (not retryable)")
                + ": "
                + msg);
      }
    } catch (RuntimeException x) {
      // Our own bug or a malformed payload: retrying would fail the same way.
      String msg = x.getClass().getSimpleName() + ": " + x.getMessage();
      store.markFailed(e.id(), attempts, msg, clock.instant());
      count(sink.system(), e.action(), "failed");
      LOG.log(Level.SEVERE, what + " failed for good", x);
    }
  }

  private void deliverOnce(TicketSink sink, OutboxEntry e) {
    TicketPayload p = e.payload();
    String system = sink.system();
    Optional<TicketLink> known = store.link(system, e.dedupKey());
    switch (e.action()) {
      case OPEN -> {
        Document body = drafter.ticket(context(p));
        TicketRequest req = request(e.dedupKey(), p, body);
        TicketLink link = sink.open(req);
        store.saveLink(e.dedupKey(), link, clock.instant());
        if (p.recurrence() && known.isPresent() && known.get().key().equals(link.key())) {
          sink.comment(link, req, note(p, "Precursor: the incident recurred"));
        }
      }
      case COMMENT -> {
        Document note = note(p, "Precursor update");
        Optional<TicketLink> link = known.or(() -> sink.find(request(e.dedupKey(), p, note)));
        if (link.isEmpty()) {
          // The open was given up earlier (e.g. a configuration error since fixed): file now.
          Document body = drafter.ticket(context(p));
          TicketLink opened = sink.open(request(e.dedupKey(), p, body));
          store.saveLink(e.dedupKey(), opened, clock.instant());
          return;
        }
        store.saveLink(e.dedupKey(), link.get(), clock.instant());
        sink.comment(link.get(), request(e.dedupKey(), p, note), note);
      }
      case RESOLVE, POSTMORTEM -> {
        Document postmortem = drafter.postmortem(context(p));
        TicketRequest req = request(e.dedupKey(), p, postmortem);
        Optional<TicketLink> link = known.or(() -> sink.find(req));
        if (link.isEmpty()) {
          LOG.info(
              e.action().wire()
                  + " "
                  + system
                  + " "
                  + e.dedupKey()
                  + ": no ticket was filed; nothing to do");
          return;
        }
        if (e.action() == TicketAction.RESOLVE) {
          sink.resolve(link.get(), req, postmortem);
        } else {
          sink.attachPostmortem(link.get(), req, postmortem);
        }
      }
    }
  }

  private TicketRequest request(String key, TicketPayload p, Document body) {
    Prediction prediction = p.prediction();
    if (prediction == null) {
      throw new IllegalStateException("ticket " + key + " has no prediction to file");
    }
    return new TicketRequest(key, p.environment(), p.situation(), prediction, body);
  }

  private DraftContext context(TicketPayload p) {
    Situation s = p.situation();
    return new DraftContext(
        s,
        p.prediction() == null ? List.of() : List.of(p.prediction()),
        s.deploys(),
        settings.engineUrl(),
        settings.grafanaUrl());
  }

  /** A short comment: what changed and where the situation stands now. */
  static Document note(TicketPayload p, String title) {
    List<Document.Block> blocks = new ArrayList<>();
    blocks.add(new Document.Heading(3, title));
    if (!p.changes().isEmpty()) {
      List<List<Document.Inline>> items = new ArrayList<>();
      for (String c : p.changes()) {
        items.add(List.of(Document.Text.plain(c)));
      }
      blocks.add(new Document.BulletList(false, items));
    }
    Prediction pr = p.prediction();
    Situation s = p.situation();
    List<Document.Inline> now = new ArrayList<>();
    now.add(Document.Text.strong("Now: "));
    StringBuilder sb = new StringBuilder();
    if (pr != null) {
      sb.append(pr.tier().wire().toUpperCase(Locale.ROOT))
          .append(" tier, confidence ")
          .append(String.format(Locale.ROOT, "%.2f", pr.confidence()))
          .append(", impact expected on ")
          .append(pr.service());
    }
    if (!s.services().isEmpty()) {
      sb.append(sb.length() > 0 ? "; " : "").append("services involved: ");
      sb.append(String.join(", ", s.services()));
    }
    if (!s.hypotheses().isEmpty()) {
      sb.append("; top hypothesis: ")
          .append(s.hypotheses().get(0).service())
          .append(" — ")
          .append(s.hypotheses().get(0).cause());
    }
    if (sb.length() == 0) {
      sb.append("situation ").append(s.id()).append(" is ").append(s.state());
    }
    now.add(Document.Text.plain(sb.toString()));
    blocks.add(new Document.Paragraph(now));
    if (pr != null && !pr.recommendedAction().isBlank()) {
      blocks.add(
          new Document.Paragraph(
              List.of(
                  Document.Text.strong("Recommended action: "),
                  Document.Text.plain(pr.recommendedAction()))));
    }
    return new Document(title, blocks);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private void count(String system, TicketAction action, String outcome) {
    if (metrics != null) {
      metrics
          .counter(
              "precursor_ticket_actions_total",
              "Ticket actions attempted, by system, action and outcome.",
              "system",
              system,
              "action",
              action.wire(),
              "outcome",
              outcome)
          .inc();
    }
  }

  private void wake() {
    synchronized (this) {
      for (Map.Entry<String, ScheduledExecutorService> w : workers.entrySet()) {
        String system = w.getKey();
        try {
          w.getValue().execute(() -> deliverSafely(system));
        } catch (java.util.concurrent.RejectedExecutionException e) {
          // shutting down; pending actions stay in the outbox for the next start
        }
      }
    }
  }

  /** Stops the delivery threads (pending actions stay in the outbox) and closes the sinks. */
  @Override
  public void close() {
    List<ScheduledExecutorService> ws;
    synchronized (this) {
      ws = new ArrayList<>(workers.values());
      workers.clear();
    }
    for (ScheduledExecutorService w : ws) {
      w.shutdownNow();
    }
    for (ScheduledExecutorService w : ws) {
      try {
        w.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (TicketSink s : sinks.values()) {
      try {
        s.close();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "closing ticket sink " + s.system() + " failed", e);
      }
    }
  }
}
