package dev.precursor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.precursor.metrics.EngineMetrics;
import dev.precursor.model.Anomaly;
import dev.precursor.model.Deploy;
import dev.precursor.model.ServiceGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IngestPipelineTest {
  static final long T0 = 1_700_000_000_000L; // epoch ms
  static final long S = 1_000_000_000L; // one second in nanos

  final RecordingScorer scorer = new RecordingScorer();
  final List<Anomaly> anomalies = Collections.synchronizedList(new ArrayList<>());
  final List<Deploy> deploys = Collections.synchronizedList(new ArrayList<>());
  final EngineMetrics metrics = new EngineMetrics();
  IngestPipeline pipeline = pipeline(1000, 1000);

  IngestPipeline pipeline(int queue, int maxSeries) {
    return new IngestPipeline(
        new IngestPipeline.Options(
            queue,
            maxSeries,
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            Duration.ofMinutes(5)),
        scorer,
        anomalies::add,
        deploys::add,
        metrics);
  }

  @AfterEach
  void close() {
    scorer.release();
    pipeline.close();
  }

  static long at(long seconds) {
    return T0 * 1_000_000 + seconds * S;
  }

  static final Resource API = new Resource("api", "1.0", "prod", "pod-1");
  static final Resource API2 = new Resource("api", "1.0", "prod", "pod-2");

  IngestResult send(MetricPoint... points) {
    return pipeline.submit(new IngestBatch.Metrics(List.of(points), System.nanoTime())).join();
  }

  IngestResult sendSpans(SpanRecord... spans) {
    return pipeline.submit(new IngestBatch.Spans(List.of(spans), System.nanoTime())).join();
  }

  IngestResult sendLogs(List<LogEntry> logs) {
    return pipeline.submit(new IngestBatch.Logs(logs, System.nanoTime())).join();
  }

  static MetricPoint.Sum counter(Resource r, long start, long t, double v) {
    return new MetricPoint.Sum(r, "http.requests", Map.of("route", "/a"), start, t, v, true, true);
  }

  @Test
  void cumulativeCounterBecomesRateWithResetDetection() {
    send(counter(API, at(0), at(10), 100));
    send(counter(API, at(0), at(20), 300)); // +200 in 10s
    send(counter(API, at(0), at(30), 400)); // +100 in 10s
    // restart: new start time, value counts from the restart at 35s
    send(counter(API, at(35), at(40), 50)); // 50 in 5s
    // reset seen only as a smaller value (no start time)
    send(counter(API, 0, at(50), 20));
    assertThat(scorer.values("api", "http.requests.rate")).containsExactly(20.0, 10.0, 10.0, 2.0);
    assertThat(scorer.of("api", "http.requests.rate").get(0).key().attributes())
        .containsEntry("route", "/a");
    assertThat(scorer.of("api", "http.requests.rate").get(0).millis()).isEqualTo(T0 + 20_000);
  }

  @Test
  void redeliveredPointsAreNotCountedTwice() {
    send(counter(API, at(0), at(10), 100));
    send(counter(API, at(0), at(20), 300));
    IngestResult again = send(counter(API, at(0), at(20), 300), counter(API, at(0), at(10), 100));
    send(counter(API, at(0), at(30), 400));
    assertThat(again.rejected()).isZero();
    assertThat(again.accepted()).isEqualTo(2);
    assertThat(scorer.values("api", "http.requests.rate")).containsExactly(20.0, 10.0);
    MetricPoint.Sum delta =
        new MetricPoint.Sum(API, "jobs", Map.of(), at(0), at(10), 50, true, false);
    send(delta);
    send(delta);
    assertThat(scorer.values("api", "jobs.rate")).containsExactly(5.0);
    assertThat(metrics.scrape())
        .contains("precursor_ingest_duplicates_total{signal=\"metrics\"} 3");
  }

  @Test
  void instancesAreSummedIntoTheServiceSeries() {
    send(counter(API, at(0), at(10), 100), counter(API2, at(0), at(10), 1000));
    send(counter(API, at(0), at(20), 200)); // pod-1: 10/s
    send(counter(API2, at(0), at(21), 1300)); // pod-2: 300 in 11s
    List<Double> rates = scorer.values("api", "http.requests.rate");
    assertThat(rates.get(0)).isEqualTo(10.0);
    assertThat(rates.get(1)).isCloseTo(10.0 + 300 / 11.0, within(1e-9));
    send(
        new MetricPoint.Gauge(API, "heap", Map.of(), at(1), 100),
        new MetricPoint.Gauge(API2, "heap", Map.of(), at(2), 300));
    assertThat(scorer.values("api", "heap")).containsExactly(100.0, 200.0);
  }

  @Test
  void outOfOrderPointsWithinToleranceCountOlderOnesAreRejected() {
    send(new MetricPoint.Gauge(API, "cpu", Map.of(), at(100), 0.5));
    IngestResult late = send(new MetricPoint.Gauge(API, "cpu", Map.of(), at(80), 0.4));
    IngestResult tooLate =
        send(
            new MetricPoint.Gauge(API, "cpu", Map.of(), at(10), 0.3),
            new MetricPoint.Gauge(API, "cpu", Map.of(), at(101), 0.6));
    assertThat(late).isEqualTo(IngestResult.accepted(1));
    assertThat(tooLate.accepted()).isEqualTo(1);
    assertThat(tooLate.rejected()).isEqualTo(1);
    assertThat(tooLate.message()).contains("older than the out-of-order tolerance (30s)");
    assertThat(scorer.values("api", "cpu")).containsExactly(0.5, 0.4, 0.6);
  }

  @Test
  void activeSeriesLimitRejectsNewSeriesOnly() {
    pipeline.close();
    pipeline = pipeline(1000, 2);
    IngestResult r =
        send(
            new MetricPoint.Gauge(API, "a", Map.of(), at(1), 1),
            new MetricPoint.Gauge(API, "b", Map.of(), at(1), 1),
            new MetricPoint.Gauge(API, "c", Map.of(), at(1), 1),
            new MetricPoint.Gauge(API, "a", Map.of(), at(2), 2));
    assertThat(r.accepted()).isEqualTo(3);
    assertThat(r.rejected()).isEqualTo(1);
    assertThat(r.message()).contains("active-series limit (2");
    assertThat(pipeline.activeSeries()).isEqualTo(2);
    assertThat(metrics.scrape())
        .contains("precursor_ingest_rejected_total{signal=\"metrics\",reason=\"series_limit\"} 1")
        .contains("precursor_ingest_active_series 2");
  }

  @Test
  void cumulativeHistogramGivesRateAndPercentilesOfTheInterval() {
    double[] bounds = {0.1, 0.2, 0.5, 1.0};
    send(
        new MetricPoint.Histogram(
            API,
            "http.server.request.duration",
            Map.of(),
            at(0),
            at(10),
            true,
            10,
            1,
            bounds,
            new long[] {10, 0, 0, 0, 0}));
    // next 10s: 100 requests, all between 0.2 and 0.5 s
    send(
        new MetricPoint.Histogram(
            API,
            "http.server.request.duration",
            Map.of(),
            at(0),
            at(20),
            true,
            110,
            36,
            bounds,
            new long[] {10, 0, 100, 0, 0}));
    assertThat(scorer.values("api", "http.server.request.duration.rate")).containsExactly(10.0);
    assertThat(scorer.values("api", "http.server.request.duration.p50").get(0))
        .isCloseTo(0.35, within(1e-9));
    assertThat(scorer.values("api", "http.server.request.duration.p99").get(0))
        .isCloseTo(0.497, within(1e-9));
  }

  @Test
  void deltaExponentialHistogramPercentiles() {
    // scale 0: bucket i covers (2^i, 2^(i+1)]; 50 values in (1,2], 50 in (4,8]
    send(
        new MetricPoint.ExponentialHistogram(
            API,
            "latency",
            Map.of(),
            at(0),
            at(10),
            false,
            100,
            400,
            0,
            0,
            0,
            new long[] {50, 0, 50},
            0,
            new long[0]));
    assertThat(scorer.values("api", "latency.rate")).containsExactly(10.0);
    assertThat(scorer.values("api", "latency.p50").get(0)).isCloseTo(2.0, within(1e-9));
    assertThat(scorer.values("api", "latency.p95").get(0)).isCloseTo(7.6, within(1e-9));
  }

  @Test
  void exponentialBucketsDifferenceAcrossScales() {
    ExpBuckets a = new ExpBuckets(1, 0, 0, new long[] {1, 1, 2, 2}, 0, new long[0]);
    ExpBuckets b = new ExpBuckets(0, 0, 0, new long[] {1, 2}, 0, new long[0]);
    ExpBuckets d = a.combine(b, -1);
    assertThat(d.scale()).isZero();
    assertThat(d.positive()).containsExactly(1, 2);
    assertThat(d.total()).isEqualTo(3);
  }

  @Test
  void summaryQuantilesAndCountRate() {
    send(
        new MetricPoint.Summary(
            API,
            "rpc",
            Map.of(),
            at(0),
            at(10),
            100,
            5,
            new double[] {0.5, 0.99},
            new double[] {0.01, 0.2}));
    send(
        new MetricPoint.Summary(
            API,
            "rpc",
            Map.of(),
            at(0),
            at(20),
            150,
            7,
            new double[] {0.5, 0.99},
            new double[] {0.02, 0.3}));
    assertThat(scorer.values("api", "rpc.p50")).containsExactly(0.01, 0.02);
    assertThat(scorer.values("api", "rpc.p99")).containsExactly(0.2, 0.3);
    assertThat(scorer.values("api", "rpc.rate")).containsExactly(5.0);
  }

  static long ids = 1;

  static SpanRecord span(
      Resource r,
      SpanRecord.Kind kind,
      long spanId,
      long parent,
      long endSec,
      boolean error,
      Map<String, String> peer,
      List<SpanRecord.Link> links) {
    return new SpanRecord(
        r, 7, 9, spanId, parent, kind, at(endSec) - 50_000_000L, at(endSec), error, links, peer);
  }

  @Test
  void tracesGiveRedSeriesAndTheDependencyGraph() {
    Resource web = Resource.of("web");
    Resource db = Resource.of("orders");
    List<SpanRecord> spans = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long base = 1000L * (i + 1);
      boolean fail = i % 4 == 0;
      spans.add(span(web, SpanRecord.Kind.SERVER, base, 0, 1, false, Map.of(), List.of()));
      spans.add(span(web, SpanRecord.Kind.CLIENT, base + 1, base, 1, fail, Map.of(), List.of()));
      spans.add(span(db, SpanRecord.Kind.SERVER, base + 2, base + 1, 1, fail, Map.of(), List.of()));
      // a call to an uninstrumented database, named by its peer attributes
      spans.add(
          span(
              db,
              SpanRecord.Kind.CLIENT,
              base + 3,
              base + 2,
              1,
              false,
              Map.of("db.system.name", "postgresql", "db.namespace", "ordersdb"),
              List.of()));
      // messaging: producer in orders, consumer in billing linked to it
      spans.add(
          span(db, SpanRecord.Kind.PRODUCER, base + 4, base + 2, 1, false, Map.of(), List.of()));
      spans.add(
          span(
              Resource.of("billing"),
              SpanRecord.Kind.CONSUMER,
              base + 5,
              0,
              2,
              false,
              Map.of(),
              List.of(new SpanRecord.Link(7, 9, base + 4))));
    }
    Collections.reverse(spans); // children before parents must pair as well
    IngestResult r = sendSpans(spans.toArray(new SpanRecord[0]));
    assertThat(r).isEqualTo(IngestResult.accepted(120));
    assertThat(sendSpans(spans.get(0)).accepted()).isEqualTo(1); // redelivery
    pipeline.flush().join();

    assertThat(scorer.values("web", "requests.rate")).containsExactly(2.0);
    assertThat(scorer.values("orders", "requests.error_ratio")).containsExactly(0.25);
    assertThat(scorer.values("web", "requests.duration.p50").get(0)).isCloseTo(50, within(1.5));
    ServiceGraph g = pipeline.serviceGraph();
    assertThat(g.edges())
        .extracting(e -> e.from() + "->" + e.to())
        .containsExactly("orders->billing", "orders->ordersdb", "web->orders");
    ServiceGraph.Edge webOrders = g.edges().get(2);
    assertThat(webOrders.callRate()).isEqualTo(2.0);
    assertThat(webOrders.errorRatio()).isEqualTo(0.25);
    assertThat(g.nodes())
        .extracting(ServiceGraph.Node::service)
        .containsExactly("billing", "orders", "ordersdb", "web");
    assertThat(g.callees("orders")).containsExactlyInAnyOrder("billing", "ordersdb");
    assertThat(scorer.values("web", "calls.rate")).containsExactly(2.0);
    assertThat(scorer.of("web", "calls.rate").get(0).key().attributes())
        .containsEntry("peer", "orders");
  }

  @Test
  void windowsCloseAsEventTimeMovesPastTheTolerance() {
    Resource web = Resource.of("web");
    sendSpans(span(web, SpanRecord.Kind.SERVER, 1, 0, 1, false, Map.of(), List.of()));
    assertThat(scorer.values("web", "requests.rate")).isEmpty();
    sendSpans(span(web, SpanRecord.Kind.SERVER, 2, 0, 45, false, Map.of(), List.of()));
    assertThat(scorer.values("web", "requests.rate")).containsExactly(0.1);
    IngestResult old =
        sendSpans(span(web, SpanRecord.Kind.SERVER, 3, 0, 2, false, Map.of(), List.of()));
    assertThat(old.rejected()).isEqualTo(1);
  }

  @Test
  void logsGiveErrorRateAndNewTemplatesAfterWarmup() {
    Resource api = Resource.of("api");
    List<LogEntry> logs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      logs.add(new LogEntry(api, at(i * 2), 9, "request " + i + " served in " + (i % 7) + " ms"));
      if (i % 10 == 0) {
        logs.add(new LogEntry(api, at(i * 2) + 1, 17, "upstream timeout after " + i + " ms"));
      }
    }
    sendLogs(logs);
    assertThat(anomalies).isEmpty(); // the first templates are learned, not signals
    sendLogs(
        List.of(
            new LogEntry(api, at(401), 17, "connection pool exhausted: 50 of 50 in use"),
            new LogEntry(api, at(402), 17, "connection pool exhausted: 50 of 50 in use"),
            new LogEntry(api, at(403), 9, "request 9 served in 3 ms")));
    pipeline.flush().join();
    assertThat(anomalies).hasSize(1);
    Anomaly a = anomalies.get(0);
    assertThat(a.series().metric()).isEqualTo("logs.new_template");
    assertThat(a.series().attributes().get("template"))
        .isEqualTo("connection pool exhausted: <*> of <*> in use");
    assertThat(a.score()).isEqualTo(0.9);
    assertThat(a.at()).isEqualTo(Instant.ofEpochMilli(T0 + 401_000));
    // 2 errors in the window [400, 410) plus none else: 0.2/s
    List<RecordingScorer.Point> errors = scorer.of("api", "logs.error_rate");
    assertThat(errors.get(0).value()).isEqualTo(0.1); // window [0,10): one error
    assertThat(errors.get(errors.size() - 1).value()).isEqualTo(0.2);
  }

  @Test
  void aNewServiceVersionIsAnImplicitDeploy() {
    send(new MetricPoint.Gauge(new Resource("api", "1.0", "prod", "a"), "x", Map.of(), at(1), 1));
    send(new MetricPoint.Gauge(new Resource("api", "1.1", "prod", "b"), "x", Map.of(), at(5), 1));
    // the old instance keeps reporting during the rollout: no flip-flop
    send(new MetricPoint.Gauge(new Resource("api", "1.0", "prod", "a"), "x", Map.of(), at(6), 1));
    send(new MetricPoint.Gauge(new Resource("api", "1.1", "prod", "b"), "x", Map.of(), at(7), 1));
    assertThat(deploys).hasSize(1);
    Deploy d = deploys.get(0);
    assertThat(d.service()).isEqualTo("api");
    assertThat(d.version()).isEqualTo("1.1");
    assertThat(d.environment()).isEqualTo("prod");
    assertThat(d.at()).isEqualTo(Instant.ofEpochMilli(T0 + 5000));
    assertThat(d.source()).isEqualTo("otlp");
  }

  @Test
  void aFullQueueRefusesBatchesUntilItDrains() throws Exception {
    pipeline.close();
    pipeline = pipeline(3, 1000);
    scorer.holdNextPoint();
    CompletableFuture<IngestResult> first =
        pipeline.submit(
            new IngestBatch.Metrics(
                List.of(new MetricPoint.Gauge(API, "g", Map.of(), at(1), 1)), System.nanoTime()));
    assertThat(scorer.entered.await(10, TimeUnit.SECONDS)).isTrue();
    IngestBatch two =
        new IngestBatch.Metrics(
            List.of(
                new MetricPoint.Gauge(API, "g", Map.of(), at(2), 1),
                new MetricPoint.Gauge(API, "g", Map.of(), at(3), 1)),
            System.nanoTime());
    CompletableFuture<IngestResult> second = pipeline.submit(two);
    assertThat(pipeline.queueDepth()).isEqualTo(3);
    assertThatThrownBy(() -> pipeline.submit(two))
        .isInstanceOf(IngestQueueFullException.class)
        .hasMessageContaining("ingest queue full (3 of 3 items waiting)")
        .satisfies(e -> assertThat(((IngestQueueFullException) e).retryAfter()).isPositive());
    assertThat(pipeline.watermark()).isEmpty();
    scorer.release();
    assertThat(first.get(10, TimeUnit.SECONDS).accepted()).isEqualTo(1);
    assertThat(second.get(10, TimeUnit.SECONDS).accepted()).isEqualTo(2);
    assertThat(pipeline.queueDepth()).isZero();
    assertThat(pipeline.watermark()).contains(Instant.ofEpochMilli(T0 + 3000));
    assertThat(metrics.scrape())
        .contains("precursor_ingest_rejected_total{signal=\"metrics\",reason=\"queue_full\"} 2")
        .contains("precursor_ingest_queue_depth 0");
  }

  @Test
  void quantileNames() {
    assertThat(MetricNormalizer.quantileName(0.5)).isEqualTo("p50");
    assertThat(MetricNormalizer.quantileName(0.999)).isEqualTo("p99.9");
    assertThat(MetricNormalizer.quantileName(0)).isEqualTo("min");
    assertThat(MetricNormalizer.quantileName(1)).isEqualTo("max");
  }
}
