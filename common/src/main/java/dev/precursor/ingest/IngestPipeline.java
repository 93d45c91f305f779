package dev.precursor.ingest;

import dev.precursor.config.PrecursorConfig;
import dev.precursor.detect.AnomalyListener;
import dev.precursor.detect.SeriesScorer;
import dev.precursor.metrics.EngineMetrics;
import dev.precursor.model.Deploy;
import dev.precursor.model.ServiceGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The engine's ingest path: a bounded queue of batches and one worker thread that normalises them
 * (metrics, traces, logs, implicit deploys) into the {@link SeriesScorer}, in event time.
 *
 * <p>{@link #submit} never blocks: when the queue holds {@code queueCapacity} items it throws
 * {@link IngestQueueFullException} so the adapter can tell the sender to retry later. The returned
 * future completes once the batch is processed, with how many items were accepted and why others
 * were rejected (older than the out-of-order tolerance, or a new series past the active-series
 * limit). Duplicates (at-least-once redelivery) are accepted but not counted twice.
 *
 * <p>Self-observability goes to {@link EngineMetrics}: {@code precursor_ingest_received_total},
 * {@code _accepted_total}, {@code _rejected_total} (by signal and reason), {@code
 * _duplicates_total}, {@code precursor_ingest_queue_depth}, {@code precursor_ingest_active_series},
 * {@code precursor_ingest_latency_seconds} (receipt to scored, recent quantiles). Thread-safe.
 */
public final class IngestPipeline implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(IngestPipeline.class.getName());

  /** Settings of the pipeline, from the {@code ingest.*} configuration keys. */
  public record Options(
      int queueCapacity,
      int maxActiveSeries,
      Duration outOfOrderTolerance,
      Duration window,
      Duration logTemplateWarmup) {
    public Options {
      if (queueCapacity < 1) {
        throw new IllegalArgumentException("ingest.queue-capacity must be at least 1");
      }
      if (maxActiveSeries < 1) {
        throw new IllegalArgumentException("ingest.max-active-series must be at least 1");
      }
      if (window.toMillis() < 1) {
        throw new IllegalArgumentException("ingest.window must be at least 1ms");
      }
      if (outOfOrderTolerance.isNegative()) {
        throw new IllegalArgumentException("ingest.out-of-order-tolerance must not be negative");
      }
    }

    public static Options from(PrecursorConfig config) {
      return new Options(
          config.integer("ingest.queue-capacity"),
          config.integer("ingest.max-active-series"),
          config.duration("ingest.out-of-order-tolerance"),
          config.duration("ingest.window"),
          config.duration("ingest.log-template-warmup"));
    }
  }

  /** A batch to process, or (batch null) a request to close every open window. */
  private record Task(
      @Nullable IngestBatch batch, CompletableFuture<IngestResult> result, long minMillis) {}

  private final Options options;
  private final Consumer<Deploy> deploys;
  private final SeriesRegistry series;
  private final MetricNormalizer metricNormalizer;
  private final TraceAggregator traces;
  private final LogAnalyzer logs;
  private final VersionTracker versions = new VersionTracker();
  private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
  private final AtomicLong queuedItems = new AtomicLong();
  private final Thread worker;
  private volatile boolean running = true;
  private volatile long processedMaxMillis = Long.MIN_VALUE;
  private final Map<Signal, SignalCounters> counters = new EnumMap<>(Signal.class);
  private final EngineMetrics.Counter deploysDetected;
  private final EngineMetrics.Counter newTemplates;
  private final long[] latencies = new long[1024];
  private int latencyCount;
  private long lastActivityNanos = System.nanoTime();

  private static final class SignalCounters {
    final EngineMetrics.Counter received;
    final EngineMetrics.Counter accepted;
    final EngineMetrics.Counter duplicates;
    final EngineMetrics.Counter invalid;
    final EngineMetrics.Counter queueFull;
    final EngineMetrics.Counter tooOld;
    final EngineMetrics.Counter seriesLimit;
    final EngineMetrics.Counter batches;

    SignalCounters(EngineMetrics m, Signal s) {
      String sig = s.wire();
      received =
          m.counter("precursor_ingest_received_total", "Telemetry items received.", "signal", sig);
      accepted =
          m.counter(
              "precursor_ingest_accepted_total",
              "Telemetry items accepted and processed.",
              "signal",
              sig);
      duplicates =
          m.counter(
              "precursor_ingest_duplicates_total",
              "Items received again (at-least-once redelivery), accepted but counted once.",
              "signal",
              sig);
      String rejHelp = "Telemetry items rejected, by reason.";
      invalid =
          m.counter("precursor_ingest_rejected_total", rejHelp, "signal", sig, "reason", "invalid");
      queueFull =
          m.counter(
              "precursor_ingest_rejected_total", rejHelp, "signal", sig, "reason", "queue_full");
      tooOld =
          m.counter("precursor_ingest_rejected_total", rejHelp, "signal", sig, "reason", "too_old");
      seriesLimit =
          m.counter(
              "precursor_ingest_rejected_total", rejHelp, "signal", sig, "reason", "series_limit");
      batches = m.counter("precursor_ingest_batches_total", "Requests processed.", "signal", sig);
    }
  }

  /**
   * @param scorer where every series point goes
   * @param anomalies where signals that are not series (new log templates) go
   * @param deploys called (on the worker thread) with every implicit deploy
   */
  public IngestPipeline(
      Options options,
      SeriesScorer scorer,
      AnomalyListener anomalies,
      Consumer<Deploy> deploys,
      EngineMetrics metrics) {
    this.options = options;
    this.deploys = deploys;
    this.series = new SeriesRegistry(scorer, options.maxActiveSeries());
    long tolMillis = options.outOfOrderTolerance().toMillis();
    long windowMillis = options.window().toMillis();
    this.metricNormalizer = new MetricNormalizer(series, tolMillis * 1_000_000L);
    this.traces = new TraceAggregator(series, windowMillis, tolMillis);
    this.logs =
        new LogAnalyzer(
            series, anomalies, windowMillis, tolMillis, options.logTemplateWarmup().toMillis());
    for (Signal s : Signal.values()) {
      counters.put(s, new SignalCounters(metrics, s));
    }
    deploysDetected =
        metrics.counter(
            "precursor_ingest_deploys_detected_total",
            "Implicit deploys recognised from service.version changes.");
    newTemplates =
        metrics.counter(
            "precursor_ingest_new_log_templates_total",
            "Log templates that appeared after a service's warm-up.");
    metrics.gauge(
        "precursor_ingest_queue_depth", "Items waiting in the ingest queue.", queuedItems::get);
    metrics.gauge(
        "precursor_ingest_queue_capacity",
        "Items the ingest queue holds before senders are told to retry.",
        () -> options.queueCapacity());
    metrics.gauge(
        "precursor_ingest_active_series", "Series fed to the scorer.", () -> series.size());
    metrics.gauge(
        "precursor_ingest_max_active_series",
        "Limit of active series (ingest.max-active-series).",
        () -> options.maxActiveSeries());
    metrics.gauge(
        "precursor_ingest_latency_seconds",
        "Receipt-to-scored latency of recent requests.",
        () -> latencyQuantile(0.5),
        "quantile",
        "0.5");
    metrics.gauge(
        "precursor_ingest_latency_seconds",
        "Receipt-to-scored latency of recent requests.",
        () -> latencyQuantile(0.99),
        "quantile",
        "0.99");
    this.worker = new Thread(this::run, "precursor-ingest");
    worker.setDaemon(true);
    worker.start();
  }

  /** Counts items as received (adapters call this for every decoded item, valid or not). */
  public void recordReceived(Signal signal, long items) {
    counters.get(signal).received.add(items);
  }

  /** Counts items the adapter rejected as invalid before handing the rest on. */
  public void recordInvalid(Signal signal, long items) {
    counters.get(signal).invalid.add(items);
  }

  /**
   * Queues a batch. Never blocks.
   *
   * @throws IngestQueueFullException when the queue is full; nothing of the batch was taken
   */
  public CompletableFuture<IngestResult> submit(IngestBatch batch) {
    Objects.requireNonNull(batch, "batch");
    if (!running) {
      throw new IngestQueueFullException("the engine is shutting down", Duration.ofSeconds(5));
    }
    int n = batch.size();
    if (n == 0) {
      return CompletableFuture.completedFuture(IngestResult.accepted(0));
    }
    long now;
    while (true) {
      now = queuedItems.get();
      // an empty queue always takes one batch, however large, so no batch is refused forever
      if (now > 0 && now + n > options.queueCapacity()) {
        counters.get(batch.signal()).queueFull.add(n);
        throw new IngestQueueFullException(
            "ingest queue full ("
                + now
                + " of "
                + options.queueCapacity()
                + " items waiting); retry later",
            retryAfter());
      }
      if (queuedItems.compareAndSet(now, now + n)) {
        break;
      }
    }
    CompletableFuture<IngestResult> f = new CompletableFuture<>();
    queue.add(new Task(batch, f, batch.minEventMillis()));
    return f;
  }

  /**
   * Closes every open trace and log window once everything queued before it is processed (the end
   * of a replay, or a sender that stopped): their RED, edge and log-rate points are scored and the
   * service graph updated.
   */
  public CompletableFuture<Void> flush() {
    CompletableFuture<IngestResult> f = new CompletableFuture<>();
    queue.add(new Task(null, f, Long.MAX_VALUE));
    return f.thenApply(r -> null);
  }

  private Duration retryAfter() {
    return Duration.ofSeconds(1);
  }

  /** The event time up to which everything received has been scored; empty before any data. */
  public Optional<Instant> watermark() {
    long w = Math.max(processedMaxMillis, series.maxEventMillis());
    if (w == Long.MIN_VALUE) {
      return Optional.empty();
    }
    for (Task t : queue) {
      if (t.minMillis() <= w) {
        w = t.minMillis() - 1;
      }
    }
    return Optional.of(Instant.ofEpochMilli(w));
  }

  /** The current dependency graph (updated as trace windows close). */
  public ServiceGraph serviceGraph() {
    return traces.graph();
  }

  public int activeSeries() {
    return series.size();
  }

  public long queueDepth() {
    return queuedItems.get();
  }

  private void run() {
    while (running || !queue.isEmpty()) {
      Task t;
      try {
        t = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
        continue;
      }
      if (t == null) {
        idle();
        continue;
      }
      IngestBatch batch = t.batch();
      if (batch == null) {
        traces.flushAll();
        logs.flushAll();
        t.result().complete(IngestResult.accepted(0));
        continue;
      }
      try {
        IngestResult r = process(batch);
        queuedItems.addAndGet(-batch.size());
        recordLatency(System.nanoTime() - batch.receivedNanos());
        t.result().complete(r);
      } catch (RuntimeException e) {
        queuedItems.addAndGet(-batch.size());
        LOG.log(Level.WARNING, "ingest of a " + batch.signal().wire() + " batch failed", e);
        t.result().completeExceptionally(e);
      }
      lastActivityNanos = System.nanoTime();
    }
    Task t;
    while ((t = queue.poll()) != null) {
      t.result()
          .completeExceptionally(
              new IngestQueueFullException("engine stopped", Duration.ofSeconds(5)));
    }
  }

  /**
   * With no data for the out-of-order tolerance (wall time), the open trace and log windows are
   * closed: nothing later is expected for them.
   */
  private void idle() {
    long quiet = System.nanoTime() - lastActivityNanos;
    if (quiet >= Math.max(options.outOfOrderTolerance().toNanos(), 200_000_000L)
        && (traces.hasOpenWindows() || logs.hasOpenWindows())) {
      traces.flushAll();
      logs.flushAll();
    }
  }

  IngestResult process(IngestBatch batch) {
    SignalCounters c = counters.get(batch.signal());
    c.batches.inc();
    long accepted = 0;
    long tooOld = 0;
    long limited = 0;
    long dup = 0;
    long maxMillis = Long.MIN_VALUE;
    @Nullable Resource lastResource = null; // compared by identity: one OTLP resource, one object
    if (batch instanceof IngestBatch.Metrics m) {
      for (MetricPoint p : m.points()) {
        if (p.resource() != lastResource) {
          lastResource = p.resource();
          observeVersion(lastResource, p.timeNanos() / 1_000_000);
        }
        switch (metricNormalizer.accept(p)) {
          case ACCEPTED -> accepted++;
          case DUPLICATE -> dup++;
          case TOO_OLD -> tooOld++;
          case SERIES_LIMIT -> limited++;
        }
        maxMillis = Math.max(maxMillis, p.timeNanos() / 1_000_000);
      }
    } else if (batch instanceof IngestBatch.Spans s) {
      for (SpanRecord span : s.spans()) {
        if (span.resource() != lastResource) {
          lastResource = span.resource();
          observeVersion(lastResource, span.endNanos() / 1_000_000);
        }
        switch (traces.accept(span)) {
          case ACCEPTED -> accepted++;
          case DUPLICATE -> dup++;
          case TOO_OLD -> tooOld++;
        }
        maxMillis = Math.max(maxMillis, span.endNanos() / 1_000_000);
      }
      traces.advance();
    } else {
      IngestBatch.Logs l = (IngestBatch.Logs) batch;
      long before = logs.newTemplates();
      for (LogEntry e : l.logs()) {
        if (e.resource() != lastResource) {
          lastResource = e.resource();
          observeVersion(lastResource, e.timeNanos() / 1_000_000);
        }
        switch (logs.accept(e)) {
          case ACCEPTED -> accepted++;
          case DUPLICATE -> dup++;
          case TOO_OLD -> tooOld++;
        }
        maxMillis = Math.max(maxMillis, e.timeNanos() / 1_000_000);
      }
      logs.advance();
      newTemplates.add(logs.newTemplates() - before);
    }
    if (maxMillis > processedMaxMillis) {
      processedMaxMillis = maxMillis;
    }
    c.accepted.add(accepted + dup);
    c.duplicates.add(dup);
    c.tooOld.add(tooOld);
    c.seriesLimit.add(limited);
    IngestResult r = IngestResult.accepted(accepted + dup);
    String items = batch.signal().items();
    StringBuilder msg = new StringBuilder();
    if (tooOld > 0) {
      msg.append(tooOld)
          .append(' ')
          .append(items)
          .append(" older than the out-of-order tolerance (")
          .append(options.outOfOrderTolerance().toSeconds())
          .append("s) were dropped");
    }
    if (limited > 0) {
      if (msg.length() > 0) {
        msg.append("; ");
      }
      msg.append(limited)
          .append(' ')
          .append(items)
          .append(" would start new series beyond the active-series limit (")
          .append(options.maxActiveSeries())
          .append(", ingest.max-active-series)");
    }
    if (tooOld + limited > 0) {
      r = new IngestResult(accepted + dup, tooOld + limited, msg.toString());
    }
    return r;
  }

  private void observeVersion(Resource r, long eventMillis) {
    Optional<Deploy> d = versions.observe(r, eventMillis);
    if (d.isPresent()) {
      deploysDetected.inc();
      try {
        deploys.accept(d.get());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "recording implicit deploy " + d.get() + " failed", e);
      }
    }
  }

  private void recordLatency(long nanos) {
    synchronized (latencies) {
      latencies[latencyCount % latencies.length] = nanos;
      latencyCount++;
    }
  }

  private double latencyQuantile(double q) {
    long[] copy;
    synchronized (latencies) {
      copy = Arrays.copyOf(latencies, Math.min(latencyCount, latencies.length));
    }
    if (copy.length == 0) {
      return 0;
    }
    Arrays.sort(copy);
    int i = (int) Math.min(copy.length - 1, Math.floor(q * copy.length));
    return copy[i] / 1e9;
  }

  /** Stops taking batches, finishes the queued ones and stops the worker. */
  @Override
  public void close() {
    running = false;
    worker.interrupt();
    try {
      worker.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
