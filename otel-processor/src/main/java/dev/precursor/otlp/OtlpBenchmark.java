package dev.precursor.otlp;

import dev.precursor.config.PrecursorConfig;
import dev.precursor.ingest.Signal;
import dev.precursor.server.EngineServer;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures OTLP metric ingest on the same pre-serialised payloads: protobuf parse only (one
 * thread), parse + map, and end to end (a whole engine on loopback: OTLP/gRPC → mapping →
 * normalisation → the real scorer) with several concurrent senders in the same process. Per-core
 * figures divide by the CPU time the process used, so the sender's own cost counts against the
 * engine. Memory per active series is the heap growth after a full GC divided by the series
 * created.
 */
public final class OtlpBenchmark {
  /** Settings of one run. */
  public record Settings(int series, int rounds, List<Integer> batchSizes, int senders) {}

  /** One row of results. */
  public record Result(
      int batch,
      long points,
      double parsePerCore,
      double mapPerCore,
      double endToEndPerSecond,
      double endToEndPerCore,
      double bytesPerSeries) {}

  private static final int WARMUP_ROUNDS = 3;

  private static final MethodDescriptor.Marshaller<byte[]> RAW =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private static final MethodDescriptor<byte[], ExportMetricsServiceResponse> EXPORT =
      MetricsServiceGrpc.getExportMethod().toBuilder(
              RAW,
              io.grpc.protobuf.ProtoUtils.marshaller(
                  ExportMetricsServiceResponse.getDefaultInstance()))
          .build();

  private final Settings settings;
  private final PrintStream log;

  public OtlpBenchmark(Settings settings, PrintStream log) {
    this.settings = settings;
    this.log = log;
  }

  public List<Result> run() throws Exception {
    List<Result> out = new ArrayList<>();
    for (int batch : settings.batchSizes()) {
      out.add(runBatch(batch));
    }
    return out;
  }

  /**
   * Requests of {@code batch} points each covering every series once per round (10 s apart), so
   * nothing is a duplicate: a realistic mix of 10 services × gauges and cumulative counters with
   * 1–3 point attributes.
   */
  static List<byte[]> payloads(int series, int rounds, int batch) {
    List<byte[]> out = new ArrayList<>();
    SplittableRandom rnd = new SplittableRandom(42);
    long t0 = 1_700_000_000_000L * 1_000_000L;
    int services = 10;
    for (int round = 0; round < rounds; round++) {
      long t = t0 + round * 10_000_000_000L;
      Map<Integer, ResourceMetrics.Builder> byService = new HashMap<>();
      int inBatch = 0;
      for (int s = 0; s < series; s++) {
        int svc = s % services;
        ResourceMetrics.Builder rm =
            byService.computeIfAbsent(
                svc,
                k ->
                    ResourceMetrics.newBuilder()
                        .setResource(
                            Resource.newBuilder()
                                .addAttributes(kv("service.name", "svc-" + k))
                                .addAttributes(kv("service.version", "1.0"))
                                .addAttributes(kv("service.instance.id", "svc-" + k + "-0")))
                        .addScopeMetrics(ScopeMetrics.newBuilder()));
        boolean counter = s % 2 == 0;
        NumberDataPoint.Builder p =
            NumberDataPoint.newBuilder()
                .setTimeUnixNano(t)
                .setStartTimeUnixNano(t0 - 1)
                .addAttributes(kv("http.route", "/r" + (s / services) % 50))
                .addAttributes(kv("http.request.method", s % 3 == 0 ? "GET" : "POST"));
        if (s % 5 == 0) {
          p.addAttributes(kv("http.response.status_code", "200"));
        }
        Metric.Builder m = Metric.newBuilder().setName("m" + (s / (services * 50)));
        if (counter) {
          p.setAsInt(round * 100L + rnd.nextInt(100));
          m.setSum(
              Sum.newBuilder()
                  .setIsMonotonic(true)
                  .setAggregationTemporality(
                      AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                  .addDataPoints(p));
        } else {
          p.setAsDouble(50 + rnd.nextDouble() * 10);
          m.setGauge(Gauge.newBuilder().addDataPoints(p));
        }
        rm.getScopeMetricsBuilder(0).addMetrics(m);
        if (++inBatch == batch) {
          out.add(flush(byService));
          inBatch = 0;
        }
      }
      if (inBatch > 0) {
        out.add(flush(byService));
      }
    }
    return out;
  }

  private static byte[] flush(Map<Integer, ResourceMetrics.Builder> byService) {
    ExportMetricsServiceRequest.Builder req = ExportMetricsServiceRequest.newBuilder();
    byService.values().forEach(req::addResourceMetrics);
    byService.clear();
    return req.build().toByteArray();
  }

  private static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long threadCpuNanos() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      best = Math.min(best, rt.totalMemory() - rt.freeMemory());
    }
    return best;
  }

  private Result runBatch(int batch) throws Exception {
    log.printf(
        "batch %d: generating %d rounds x %d series%n",
        batch, settings.rounds(), settings.series());
    List<byte[]> payloads = payloads(settings.series(), settings.rounds(), batch);
    long points = (long) settings.series() * settings.rounds();
    long bytes = payloads.stream().mapToLong(b -> b.length).sum();
    log.printf(
        "  %d requests, %.1f MB, %.0f bytes/point%n",
        payloads.size(), bytes / 1e6, (double) bytes / points);

    // parse only, on this thread (warm up once, measure the second pass)
    double parsePerCore = 0;
    for (int pass = 0; pass < 2; pass++) {
      long cpu0 = threadCpuNanos();
      long n = 0;
      for (byte[] p : payloads) {
        n += countPoints(ExportMetricsServiceRequest.parseFrom(p));
      }
      parsePerCore = n / ((threadCpuNanos() - cpu0) / 1e9);
    }
    double mapPerCore = 0;
    for (int pass = 0; pass < 2; pass++) {
      long cpu0 = threadCpuNanos();
      long n = 0;
      for (byte[] p : payloads) {
        n += OtlpIngestor.decodeProto(Signal.METRICS, p, 0).batch().size();
      }
      mapPerCore = n / ((threadCpuNanos() - cpu0) / 1e9);
    }
    log.printf(
        "  parse only: %,.0f points/s per core; parse+map: %,.0f%n", parsePerCore, mapPerCore);

    long heapBefore = usedHeapAfterGc();
    Map<String, String> cfg = new HashMap<>();
    cfg.put("store.url", "jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    cfg.put("api.port", "0");
    cfg.put("api.host", "127.0.0.1");
    cfg.put("otlp.grpc-port", "0");
    cfg.put("otlp.http-port", "0");
    cfg.put("otlp.max-request-size", Integer.toString(64 << 20));
    cfg.put(
        "ingest.queue-capacity",
        Integer.toString(Math.max(262144, batch * settings.senders() * 2)));
    cfg.put("ingest.max-active-series", Integer.toString(settings.series() * 2));
    double e2ePerSecond;
    double e2ePerCore;
    double bytesPerSeries;
    try (EngineServer server =
        EngineServer.start(PrecursorConfig.defaults().with(cfg), Clock.systemUTC())) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", server.otlpGrpcPort())
              .usePlaintext()
              .maxInboundMessageSize(64 << 20)
              .build();
      ExecutorService pool = Executors.newFixedThreadPool(settings.senders());
      try {
        // rounds are sent in order; within a round, requests go out concurrently
        int perRound = payloads.size() / settings.rounds();
        // the first rounds create every series and warm the JIT up; they are not timed
        int warmup = Math.min(WARMUP_ROUNDS, settings.rounds() - 1);
        long wall0 = 0;
        long cpu0 = 0;
        for (int round = 0; round < settings.rounds(); round++) {
          if (round == warmup) {
            wall0 = System.nanoTime();
            cpu0 = cpuNanos();
          }
          List<byte[]> slice = payloads.subList(round * perRound, (round + 1) * perRound);
          AtomicInteger next = new AtomicInteger();
          List<Future<?>> fs = new ArrayList<>();
          for (int s = 0; s < settings.senders(); s++) {
            fs.add(
                pool.submit(
                    () -> {
                      int i;
                      while ((i = next.getAndIncrement()) < slice.size()) {
                        ExportMetricsServiceResponse r =
                            ClientCalls.blockingUnaryCall(
                                channel, EXPORT, CallOptions.DEFAULT, slice.get(i));
                        if (r.hasPartialSuccess()
                            && r.getPartialSuccess().getRejectedDataPoints() > 0) {
                          throw new IllegalStateException(
                              "engine rejected points: " + r.getPartialSuccess().getErrorMessage());
                        }
                      }
                      return null;
                    }));
          }
          for (Future<?> f : fs) {
            f.get();
          }
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        long timed = (long) settings.series() * (settings.rounds() - warmup);
        if (Boolean.getBoolean("precursor.bench.threads")) {
          Map<String, Long> byName = new java.util.TreeMap<>();
          var tm = ManagementFactory.getThreadMXBean();
          for (Thread th : Thread.getAllStackTraces().keySet()) {
            String name = th.getName().replaceAll("[-#]?\\d+", "");
            byName.merge(name, Math.max(0, tm.getThreadCpuTime(th.getId())), Long::sum);
          }
          byName.forEach((k, v) -> log.printf("    thread %-40s %6.2f s CPU%n", k, v / 1e9));
        }
        double cpu = (cpuNanos() - cpu0) / 1e9;
        e2ePerSecond = timed / wall;
        e2ePerCore = timed / cpu;
        log.printf(
            "  end to end (gRPC loopback, %d senders, %d points after %d warm-up rounds): %,.0f"
                + " points/s wall, %,.0f points/s per core (%.1f s wall, %.1f s CPU)%n",
            settings.senders(), timed, warmup, e2ePerSecond, e2ePerCore, wall, cpu);
      } finally {
        pool.shutdownNow();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      int active = server.engine().ingest().activeSeries();
      long heapAfter = usedHeapAfterGc();
      bytesPerSeries = (double) (heapAfter - heapBefore) / active;
      log.printf(
          "  %d active series, heap +%.1f MB after GC: %.0f bytes per series (engine included)%n",
          active, (heapAfter - heapBefore) / 1e6, bytesPerSeries);
    }
    return new Result(
        batch, points, parsePerCore, mapPerCore, e2ePerSecond, e2ePerCore, bytesPerSeries);
  }

  private static long countPoints(ExportMetricsServiceRequest req) {
    long n = 0;
    for (ResourceMetrics rm : req.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          n += m.getGauge().getDataPointsCount() + m.getSum().getDataPointsCount();
        }
      }
    }
    return n;
  }
}
