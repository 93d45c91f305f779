package dev.precursor.scenario;

import dev.precursor.PrecursorException;
import dev.precursor.config.PrecursorConfig;
import dev.precursor.detect.AnomalyListener;
import dev.precursor.memory.IncidentMemory;
import dev.precursor.memory.SourceDocument;
import dev.precursor.model.Anomaly;
import dev.precursor.model.Deploy;
import dev.precursor.model.Hypothesis;
import dev.precursor.model.Prediction;
import dev.precursor.model.Situation;
import dev.precursor.model.Tier;
import dev.precursor.predict.MemoryPastIncidents;
import dev.precursor.server.EngineServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableDoublePointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableGaugeData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableMetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Replays a {@link Scenario} through the real OTLP/gRPC receiver of an in-process engine (free
 * ports, a fresh in-memory H2 store), faster than real time: every point and span carries the
 * scenario's event time, sent with the OpenTelemetry SDK's OTLP exporters. Deploys reach the engine
 * as {@code service.version} changes in the telemetry, config changes through {@code POST
 * /api/v1/deploys}. The engine's incident memory is seeded with the bundled sample postmortems, so
 * predictions are matched against an organisation-like history. Collects what the engine did and
 * when, for the demo's timeline and the evaluation.
 */
public final class ScenarioRunner {
  /** Event time sent per export request. */
  private static final int STEPS_PER_CHUNK = 6;

  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  private static final AttributeKey<String> SERVICE_VERSION =
      AttributeKey.stringKey("service.version");
  private static final AttributeKey<String> INSTANCE =
      AttributeKey.stringKey("service.instance.id");

  private ScenarioRunner() {}

  /** A published change of a situation, as the replay saw it. */
  public record Published(Instant at, Situation situation, @Nullable Prediction prediction) {}

  /** What happened in one replay. */
  public record Result(
      Scenario scenario,
      @Nullable Anomaly firstAnomaly,
      int anomalies,
      int situations,
      @Nullable Published firstWatch,
      @Nullable Published firstAlert,
      @Nullable Instant staticAlertAt,
      Scenario.@Nullable Threshold staticThreshold,
      @Nullable List<Hypothesis> hypotheses,
      List<Published> published,
      List<Deploy> deploys,
      int pastIncidents,
      Duration learnTime,
      List<dev.precursor.correlate.SituationEvent> timeline,
      Duration wallTime) {

    /** Event time of the alert-tier prediction naming the true root cause, null if none. */
    public @Nullable Instant alertAt() {
      return firstAlert == null ? null : firstAlert.at();
    }

    /** Rank (1-based) of the true root cause in the hypotheses; 0 when absent or no truth. */
    public int rootCauseRank() {
      if (scenario.rootCause() == null || hypotheses == null) {
        return 0;
      }
      for (int i = 0; i < hypotheses.size(); i++) {
        if (hypotheses.get(i).service().equals(scenario.rootCause())) {
          return i + 1;
        }
      }
      return 0;
    }
  }

  /**
   * Starts an engine, replays the scenario and stops the engine.
   *
   * @param progress told about each replayed chunk (event time), may print
   */
  public static Result run(Scenario scenario, Consumer<Instant> progress) {
    long started = System.nanoTime();
    Map<String, String> cfg = new HashMap<>();
    cfg.put("store.url", "jdbc:h2:mem:scenario-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    cfg.put("api.port", "0");
    cfg.put("api.host", "127.0.0.1");
    cfg.put("otlp.grpc-port", "0");
    cfg.put("otlp.http-port", "0");
    cfg.put("ingest.window", scenario.step().toSeconds() + "s");
    cfg.put("ingest.out-of-order-tolerance", scenario.step().multipliedBy(2).toSeconds() + "s");
    PrecursorConfig config = PrecursorConfig.defaults().with(cfg);
    try (EngineServer server = EngineServer.start(config, Clock.systemUTC())) {
      IncidentMemory memory =
          IncidentMemory.open(server.engine().store(), config, server.engine().clock());
      long t0 = System.nanoTime();
      int learned = learnBundledHistory(memory);
      Duration learnTime = Duration.ofNanos(System.nanoTime() - t0);
      server.engine().pastIncidentsFrom(new MemoryPastIncidents(memory));
      return replay(server, scenario, progress, learned, learnTime, started);
    }
  }

  /** Learns the bundled sample postmortems; returns how many incidents memory holds. */
  static int learnBundledHistory(IncidentMemory memory) {
    List<SourceDocument> docs = new ArrayList<>();
    try (InputStream list = ScenarioRunner.class.getResourceAsStream("/demo/incidents.list")) {
      if (list == null) {
        return 0;
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8));
      String name;
      while ((name = r.readLine()) != null) {
        if (name.isBlank()) {
          continue;
        }
        try (InputStream in = ScenarioRunner.class.getResourceAsStream("/" + name.trim())) {
          if (in == null) {
            continue;
          }
          String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          docs.add(
              SourceDocument.of(
                  name.trim(),
                  text,
                  name.endsWith(".json")
                      ? SourceDocument.Format.JSON
                      : SourceDocument.Format.MARKDOWN));
        }
      }
    } catch (IOException e) {
      throw new PrecursorException("cannot read the bundled incident history", e);
    }
    try {
      memory.learnAll(docs);
    } catch (RuntimeException batchFailed) {
      for (SourceDocument d : docs) {
        try {
          memory.learn(d);
        } catch (RuntimeException e) {
          // a sample the extractor cannot use is skipped, as `precursor learn` does
        }
      }
    }
    return (int) memory.size();
  }

  private static Result replay(
      EngineServer server,
      Scenario sc,
      Consumer<Instant> progress,
      int learned,
      Duration learnTime,
      long startedNanos) {
    List<Published> published = new ArrayList<>();
    List<Anomaly> anomalies = new ArrayList<>();
    server
        .engine()
        .addSituationListener(
            (s, p) -> {
              Instant at =
                  s.anomalies().stream()
                      .map(Anomaly::at)
                      .max(Instant::compareTo)
                      .orElse(s.openedAt());
              if (s.resolvedAt() != null && s.resolvedAt().isAfter(at)) {
                at = s.resolvedAt();
              }
              synchronized (published) {
                published.add(new Published(at, s, p));
              }
            });
    server
        .engine()
        .anomalies()
        .add(
            new AnomalyListener() {
              @Override
              public void onAnomaly(Anomaly a) {
                synchronized (anomalies) {
                  anomalies.add(a);
                }
              }
            });
    String endpoint = "http://127.0.0.1:" + server.otlpGrpcPort();
    OtlpGrpcMetricExporter metricExporter =
        OtlpGrpcMetricExporter.builder().setEndpoint(endpoint).build();
    SpanExporter spanExporter = OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).build();
    Map<String, SdkTracerProvider> tracers = new HashMap<>();
    Random noise = new Random(sc.seed());
    Random traffic = new Random(sc.seed() * 31 + 7);
    List<MetricData> pending = new ArrayList<>();
    java.util.Set<Scenario.Change> applied = new java.util.HashSet<>();
    try {
      for (int i = 0; i < sc.steps(); i++) {
        double minute = i * sc.step().toMillis() / 60_000.0;
        Instant at = sc.start().plus(sc.step().multipliedBy(i));
        for (Scenario.Change c : sc.changes()) {
          if (c.kind() == Deploy.Kind.CONFIG && c.minute() <= minute && applied.add(c)) {
            postConfigChange(server, c, at);
          }
        }
        Scenario.Sample s = sc.model().sample(minute, noise);
        long nanos = at.toEpochMilli() * 1_000_000L;
        for (String svc : Scenario.SERVICES) {
          Resource res = resource(svc, sc.versionAt(svc, minute));
          for (Map.Entry<String, Double> g : s.gauges().get(svc).entrySet()) {
            pending.add(
                ImmutableMetricData.createDoubleGauge(
                    res,
                    InstrumentationScopeInfo.create("precursor-scenario"),
                    g.getKey(),
                    "",
                    "1",
                    ImmutableGaugeData.create(
                        List.of(
                            ImmutableDoublePointData.create(
                                nanos - sc.step().toNanos(),
                                nanos,
                                Attributes.empty(),
                                g.getValue())))));
          }
        }
        emitTraces(sc, s, minute, at, tracers, spanExporter, traffic);
        if ((i + 1) % STEPS_PER_CHUNK == 0 || i == sc.steps() - 1) {
          metricExporter.export(pending).join(30, TimeUnit.SECONDS);
          pending.clear();
          for (SdkTracerProvider t : tracers.values()) {
            t.forceFlush().join(30, TimeUnit.SECONDS);
          }
          awaitDrained(server);
          progress.accept(at);
        }
      }
      server.engine().ingest().flush().join();
    } finally {
      tracers.values().forEach(t -> t.shutdown().join(10, TimeUnit.SECONDS));
      metricExporter.shutdown().join(10, TimeUnit.SECONDS);
    }
    List<Published> pubs;
    synchronized (published) {
      pubs = List.copyOf(published);
    }
    Published watch = null;
    Published alert = null;
    for (Published p : pubs) {
      if (p.prediction() == null || !"open".equals(p.prediction().state())) {
        continue;
      }
      if (watch == null && p.prediction().tier() != Tier.LOG) {
        watch = p;
      }
      if (alert == null && p.prediction().tier() == Tier.ALERT) {
        alert = p;
      }
    }
    List<Hypothesis> hyps = null;
    Published basis = alert != null ? alert : watch;
    if (basis == null && !pubs.isEmpty()) {
      basis =
          pubs.stream()
              .max(java.util.Comparator.comparingInt(p -> p.situation().anomalies().size()))
              .orElse(null);
    }
    List<dev.precursor.correlate.SituationEvent> timeline = List.of();
    if (basis != null) {
      hyps = basis.situation().hypotheses();
      timeline =
          server
              .engine()
              .situations()
              .get(basis.situation().id())
              .map(dev.precursor.correlate.SituationDetail::timeline)
              .orElse(List.of());
    }
    List<Anomaly> as;
    synchronized (anomalies) {
      as = List.copyOf(anomalies);
    }
    Anomaly first = as.stream().min(java.util.Comparator.comparing(Anomaly::onset)).orElse(null);
    int situations = server.engine().situations().list(null, null, null, 1000, null).items().size();
    List<Deploy> deploys = server.engine().deploys().list(null, null, null, 100, null).items();
    return new Result(
        sc,
        first,
        (int) as.stream().map(a -> a.series().id() + a.onset()).distinct().count(),
        situations,
        watch,
        alert,
        sc.staticAlertAt(),
        sc.firstThreshold(),
        hyps,
        pubs,
        deploys,
        learned,
        learnTime,
        timeline,
        Duration.ofNanos(System.nanoTime() - startedNanos));
  }

  /** Waits until the engine has taken everything sent so far off its ingest queue. */
  private static void awaitDrained(EngineServer server) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (server.engine().ingest().queueDepth() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      java.util.concurrent.locks.LockSupport.parkNanos(200_000);
    }
  }

  private static void postConfigChange(EngineServer server, Scenario.Change c, Instant at) {
    String body =
        "{\"service\":\""
            + c.service()
            + "\",\"version\":\""
            + c.version()
            + "\",\"kind\":\"config\",\"source\":\"scenario\",\"at\":\""
            + at
            + "\"}";
    try {
      var res =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(
                              "http://127.0.0.1:" + server.apiPort() + "/api/v1/deploys"))
                      .header("Content-Type", "application/json")
                      .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() != 201) {
        throw new PrecursorException("config change rejected: " + res.body());
      }
    } catch (IOException e) {
      throw new PrecursorException("cannot post the config change: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PrecursorException("interrupted", e);
    }
  }

  private static Resource resource(String service, String version) {
    return Resource.create(
        Attributes.of(SERVICE_NAME, service, SERVICE_VERSION, version, INSTANCE, service + "-0"));
  }

  private static Tracer tracer(
      Map<String, SdkTracerProvider> tracers, String service, String version, SpanExporter exp) {
    return tracers
        .computeIfAbsent(
            service + "@" + version,
            k ->
                SdkTracerProvider.builder()
                    .setResource(resource(service, version))
                    .addSpanProcessor(
                        BatchSpanProcessor.builder(exp)
                            .setMaxQueueSize(200_000)
                            .setMaxExportBatchSize(5_000)
                            .setScheduleDelay(Duration.ofHours(1))
                            .build())
                    .build())
        .get("precursor-scenario");
  }

  /** A few sampled requests per step through the call graph, with the model's latencies. */
  private static void emitTraces(
      Scenario sc,
      Scenario.Sample s,
      double minute,
      Instant at,
      Map<String, SdkTracerProvider> tracers,
      SpanExporter exp,
      Random r) {
    double frontendRps = s.load().get("frontend").rps();
    int requests = Math.max(2, (int) Math.round(frontendRps / 5));
    long stepNanos = sc.step().toNanos();
    for (int k = 0; k < requests; k++) {
      long t0 =
          at.toEpochMilli() * 1_000_000L
              + (long) (stepNanos * (k + r.nextDouble()) / (requests + 1));
      serve(sc, s, "frontend", minute, t0, Context.root(), tracers, exp, r);
    }
    // search has traffic of its own beyond frontend's (amplified by retries in the retry storm)
    int extra = (int) Math.round(s.load().get("search").rps() / 6) - 1;
    for (int k = 0; k < extra; k++) {
      long t0 = at.toEpochMilli() * 1_000_000L + (long) (stepNanos * r.nextDouble() * 0.9);
      serve(sc, s, "search", minute, t0, Context.root(), tracers, exp, r);
    }
  }

  /** One server span of {@code service} with client spans to its callees; returns its end. */
  private static long serve(
      Scenario sc,
      Scenario.Sample s,
      String service,
      double minute,
      long startNanos,
      Context parent,
      Map<String, SdkTracerProvider> tracers,
      SpanExporter exp,
      Random r) {
    Tracer tracer = tracer(tracers, service, sc.versionAt(service, minute), exp);
    Span server =
        tracer
            .spanBuilder("GET /" + service)
            .setSpanKind(SpanKind.SERVER)
            .setParent(parent)
            .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS)
            .startSpan();
    Scenario.Load load = s.load().get(service);
    long t = startNanos;
    long own = (long) (load.ownLatencyMs() * Math.max(0.3, 1 + 0.1 * r.nextGaussian()) * 1e6);
    t += own / 2;
    boolean failed = r.nextDouble() < load.errorRatio();
    for (String callee : Scenario.CALLS.getOrDefault(service, List.of())) {
      Span client =
          tracer
              .spanBuilder("call " + callee)
              .setSpanKind(SpanKind.CLIENT)
              .setParent(parent.with(server))
              .setStartTimestamp(t, TimeUnit.NANOSECONDS)
              .startSpan();
      long end =
          serve(
              sc,
              s,
              callee,
              minute,
              t + 100_000,
              parent.with(server).with(client),
              tracers,
              exp,
              r);
      Scenario.Load cl = s.load().get(callee);
      if (r.nextDouble() < cl.errorRatio()) {
        client.setStatus(StatusCode.ERROR);
        failed = true;
      }
      client.end(end + 100_000, TimeUnit.NANOSECONDS);
      t = end + 200_000;
    }
    t += own - own / 2;
    if (failed) {
      server.setStatus(StatusCode.ERROR);
    }
    server.end(t, TimeUnit.NANOSECONDS);
    return t;
  }
}
