package dev.precursor.ingest;

import dev.precursor.model.SeriesKey;
import dev.precursor.model.ServiceGraph;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Spans → per-service RED series and the service dependency graph, in event-time windows.
 *
 * <p>SERVER and CONSUMER spans are the requests a service handled: per window it yields {@code
 * requests.rate} (per second), {@code requests.error_ratio} and {@code
 * requests.duration.p50/p95/p99} (milliseconds). Edges come from pairing a CLIENT (or PRODUCER)
 * span with the SERVER (or CONSUMER) span whose parent — or, for messaging, one of whose links — it
 * is; a CLIENT span that nothing pairs with within half the tolerance becomes an edge to a virtual
 * node named by its peer attributes ({@link SpanRecord#PEER_ATTRIBUTES}). Each edge yields {@code
 * calls.rate} and {@code calls.error_ratio} on the caller with attribute {@code peer}. A window is
 * closed (scored, and the graph snapshot updated) once spans a tolerance later than its end have
 * been seen, or on {@link #flushAll()}. Spans seen twice (same trace and span id) are counted once.
 * Confined to the ingest worker, except {@link #graph()}.
 */
final class TraceAggregator {
  enum Outcome {
    ACCEPTED,
    DUPLICATE,
    TOO_OLD
  }

  /** Windows a service stays in the graph and gets zero-rate points after it goes quiet. */
  private static final int QUIET_WINDOWS = 30;

  private final SeriesRegistry series;
  private final long windowMillis;
  private final long toleranceMillis;
  private final TreeMap<Long, Bucket> buckets = new TreeMap<>();
  private final Map<Long, Pending> clients = new HashMap<>();
  private final Map<Long, List<Pending>> waitingServers = new HashMap<>();
  private final ArrayDeque<Pending> expiries = new ArrayDeque<>();
  private LongSet seenCurrent = new LongSet();
  private LongSet seenPrevious = new LongSet();
  private long seenGenerationStart = Long.MIN_VALUE;
  private long maxSeenMillis = Long.MIN_VALUE;
  private long closedBefore = Long.MIN_VALUE;
  private final Map<String, NodeState> nodes = new HashMap<>();
  private final Map<EdgeKey, double[]> edges = new HashMap<>();
  private final Map<String, RedKeys> redKeys = new HashMap<>();
  private final Map<EdgeKey, SeriesKey[]> edgeKeys = new HashMap<>();
  private volatile ServiceGraph graph = ServiceGraph.EMPTY;

  TraceAggregator(SeriesRegistry series, long windowMillis, long toleranceMillis) {
    this.series = series;
    this.windowMillis = windowMillis;
    this.toleranceMillis = toleranceMillis;
  }

  private record EdgeKey(String from, String to) {}

  private record RedKeys(
      SeriesKey rate, SeriesKey errorRatio, SeriesKey p50, SeriesKey p95, SeriesKey p99) {}

  private static final class NodeState {
    long lastActiveWindow;
    double rate;
    double errorRatio;
  }

  private static final class Red {
    long count;
    long errors;
    final DurationHistogram durations = new DurationHistogram();
  }

  private static final class EdgeStat {
    long calls;
    long errors;
  }

  private static final class Bucket {
    final Map<String, Red> reds = new HashMap<>();
    final Map<EdgeKey, EdgeStat> edges = new HashMap<>();
    final Map<String, Boolean> callers = new HashMap<>();
  }

  private static final class Pending {
    final long key;
    final String service;
    final boolean error;
    final long windowStart;
    final long expiresAt;
    final boolean client;
    final @Nullable String peer;
    boolean done;

    Pending(
        long key,
        String service,
        boolean error,
        long windowStart,
        long expiresAt,
        boolean client,
        @Nullable String peer) {
      this.key = key;
      this.service = service;
      this.error = error;
      this.windowStart = windowStart;
      this.expiresAt = expiresAt;
      this.client = client;
      this.peer = peer;
    }
  }

  Outcome accept(SpanRecord s) {
    long endMillis = s.endNanos() / 1_000_000;
    if (endMillis < closedBefore) {
      return Outcome.TOO_OLD;
    }
    long fingerprint = s.spanId() * 31 + s.traceIdLow() * 17 + s.traceIdHigh();
    if (seenCurrent.contains(fingerprint) || seenPrevious.contains(fingerprint)) {
      return Outcome.DUPLICATE;
    }
    seenCurrent.add(fingerprint);
    if (endMillis > maxSeenMillis) {
      maxSeenMillis = endMillis;
    }
    long windowStart = Math.floorDiv(endMillis, windowMillis) * windowMillis;
    Bucket bucket = buckets.computeIfAbsent(windowStart, w -> new Bucket());
    String service = s.resource().service();
    switch (s.kind()) {
      case SERVER, CONSUMER -> {
        Red red = bucket.reds.computeIfAbsent(service, k -> new Red());
        red.count++;
        if (s.error()) {
          red.errors++;
        }
        red.durations.record(s.durationNanos());
        Pending server =
            new Pending(
                s.spanId(),
                service,
                s.error(),
                windowStart,
                endMillis + toleranceMillis / 2,
                false,
                null);
        if (s.parentSpanId() != 0) {
          matchOrWait(s.parentSpanId(), server);
        }
        for (SpanRecord.Link l : s.links()) {
          if (l.spanId() != 0) {
            matchOrWait(l.spanId(), server);
          }
        }
      }
      case CLIENT, PRODUCER -> {
        bucket.callers.put(service, Boolean.TRUE);
        Pending client =
            new Pending(
                s.spanId(),
                service,
                s.error(),
                windowStart,
                endMillis + toleranceMillis / 2,
                true,
                peerName(s.peerAttributes()));
        clients.put(s.spanId(), client);
        expiries.add(client);
        List<Pending> waiting = waitingServers.remove(s.spanId());
        if (waiting != null) {
          for (Pending server : waiting) {
            pair(client, server);
          }
        }
      }
      default -> {
        // INTERNAL and unspecified spans carry no request or call of their own
      }
    }
    return Outcome.ACCEPTED;
  }

  private void matchOrWait(long parentKey, Pending server) {
    Pending client = clients.get(parentKey);
    if (client != null) {
      pair(client, server);
    } else {
      waitingServers.computeIfAbsent(parentKey, k -> new ArrayList<>(1)).add(server);
      expiries.add(new Pending(parentKey, server.service, false, 0, server.expiresAt, false, null));
    }
  }

  private void pair(Pending client, Pending server) {
    client.done = true;
    if (client.service.equals(server.service)) {
      return;
    }
    record(client.windowStart, client.service, server.service, client.error || server.error);
  }

  private void record(long windowStart, String from, String to, boolean error) {
    Bucket b = buckets.get(windowStart);
    if (b == null) {
      return; // its window is closed already
    }
    EdgeStat e = b.edges.computeIfAbsent(new EdgeKey(from, to), k -> new EdgeStat());
    e.calls++;
    if (error) {
      e.errors++;
    }
  }

  static @Nullable String peerName(Map<String, String> attributes) {
    for (String k : SpanRecord.PEER_ATTRIBUTES) {
      String v = attributes.get(k);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  /** Pairs expire and windows close as event time moves on. */
  void advance() {
    if (maxSeenMillis == Long.MIN_VALUE) {
      return;
    }
    expireUpTo(maxSeenMillis);
    closeBefore(maxSeenMillis - toleranceMillis - windowMillis + 1);
    rotateSeen();
  }

  /** Closes every open window (no more data is expected for them). */
  void flushAll() {
    if (buckets.isEmpty()) {
      return;
    }
    expireUpTo(Long.MAX_VALUE);
    long end = buckets.lastKey() + windowMillis;
    closeBefore(end);
  }

  private void expireUpTo(long now) {
    while (!expiries.isEmpty() && expiries.peekFirst().expiresAt <= now) {
      Pending p = expiries.pollFirst();
      if (p.client) {
        if (clients.get(p.key) == p) {
          clients.remove(p.key);
          if (!p.done && p.peer != null && !p.peer.equals(p.service)) {
            record(p.windowStart, p.service, p.peer, p.error);
          }
        }
      } else {
        List<Pending> waiting = waitingServers.get(p.key);
        if (waiting != null && waiting.get(0).expiresAt <= now) {
          waitingServers.remove(p.key);
        }
      }
    }
  }

  private void rotateSeen() {
    long generation = toleranceMillis + windowMillis;
    if (seenGenerationStart == Long.MIN_VALUE) {
      seenGenerationStart = maxSeenMillis;
    } else if (maxSeenMillis - seenGenerationStart > generation) {
      // the current generation becomes the previous one; the oldest is forgotten
      LongSet oldest = seenPrevious;
      oldest.clear();
      seenPrevious = seenCurrent;
      seenCurrent = oldest;
      seenGenerationStart = maxSeenMillis;
    }
  }

  /** Closes (scores) every window that starts before {@code limit}. */
  private void closeBefore(long limit) {
    boolean changed = false;
    while (!buckets.isEmpty() && buckets.firstKey() < limit) {
      Map.Entry<Long, Bucket> e = buckets.pollFirstEntry();
      close(e.getKey(), e.getValue());
      closedBefore = Math.max(closedBefore, e.getKey() + windowMillis);
      changed = true;
    }
    if (changed) {
      graph = snapshot();
    }
  }

  private void close(long start, Bucket b) {
    long windowIndex = start / windowMillis;
    long at = start + windowMillis;
    double seconds = windowMillis / 1000.0;
    for (Map.Entry<String, Red> e : b.reds.entrySet()) {
      Red r = e.getValue();
      RedKeys k = redKeys(e.getKey());
      NodeState n = nodes.computeIfAbsent(e.getKey(), s -> new NodeState());
      n.lastActiveWindow = windowIndex;
      n.rate = r.count / seconds;
      n.errorRatio = r.count == 0 ? 0 : (double) r.errors / r.count;
      if (k != null) {
        series.emit(k.rate(), at, n.rate);
        series.emit(k.errorRatio(), at, n.errorRatio);
        series.emit(k.p50(), at, r.durations.quantileMillis(0.5));
        series.emit(k.p95(), at, r.durations.quantileMillis(0.95));
        series.emit(k.p99(), at, r.durations.quantileMillis(0.99));
      }
    }
    for (String caller : b.callers.keySet()) {
      nodes.computeIfAbsent(caller, s -> new NodeState());
    }
    for (Map.Entry<String, NodeState> e : nodes.entrySet()) {
      NodeState n = e.getValue();
      if (!b.reds.containsKey(e.getKey()) && n.rate != 0) {
        n.rate = 0;
        n.errorRatio = 0;
        RedKeys k = redKeys.get(e.getKey());
        if (k != null && windowIndex - n.lastActiveWindow <= QUIET_WINDOWS) {
          series.emit(k.rate(), at, 0);
        }
      }
    }
    for (Map.Entry<EdgeKey, EdgeStat> e : b.edges.entrySet()) {
      EdgeStat s = e.getValue();
      double rate = s.calls / seconds;
      double err = s.calls == 0 ? 0 : (double) s.errors / s.calls;
      edges.put(e.getKey(), new double[] {rate, err});
      nodes.computeIfAbsent(e.getKey().to(), x -> new NodeState());
      SeriesKey[] keys = edgeKeys(e.getKey());
      if (keys != null) {
        series.emit(keys[0], at, rate);
        series.emit(keys[1], at, err);
      }
    }
    for (Map.Entry<EdgeKey, double[]> e : edges.entrySet()) {
      if (!b.edges.containsKey(e.getKey())) {
        e.getValue()[0] = 0;
        e.getValue()[1] = 0;
      }
    }
  }

  private @Nullable RedKeys redKeys(String service) {
    RedKeys k = redKeys.get(service);
    if (k != null) {
      return k;
    }
    RedKeys fresh =
        new RedKeys(
            SeriesKey.of(service, "requests.rate"),
            SeriesKey.of(service, "requests.error_ratio"),
            SeriesKey.of(service, "requests.duration.p50"),
            SeriesKey.of(service, "requests.duration.p95"),
            SeriesKey.of(service, "requests.duration.p99"));
    if (!series.admit(
        List.of(fresh.rate(), fresh.errorRatio(), fresh.p50(), fresh.p95(), fresh.p99()))) {
      return null;
    }
    redKeys.put(service, fresh);
    return fresh;
  }

  private SeriesKey @Nullable [] edgeKeys(EdgeKey e) {
    SeriesKey[] k = edgeKeys.get(e);
    if (k != null) {
      return k;
    }
    Map<String, String> attrs = Map.of("peer", e.to());
    SeriesKey[] fresh = {
      new SeriesKey(e.from(), "calls.rate", attrs),
      new SeriesKey(e.from(), "calls.error_ratio", attrs)
    };
    if (!series.admit(List.of(fresh))) {
      return null;
    }
    edgeKeys.put(e, fresh);
    return fresh;
  }

  private ServiceGraph snapshot() {
    Map<String, double[]> nodeValues = new HashMap<>();
    for (Map.Entry<String, NodeState> e : nodes.entrySet()) {
      nodeValues.put(e.getKey(), new double[] {e.getValue().rate, e.getValue().errorRatio});
    }
    // a node only ever seen as a callee (a database, an uninstrumented API) gets its incoming calls
    for (Map.Entry<EdgeKey, double[]> e : edges.entrySet()) {
      String to = e.getKey().to();
      if (!redKeys.containsKey(to)) {
        double[] v = nodeValues.get(to);
        double calls = v[0] + e.getValue()[0];
        double errors = v[0] * v[1] + e.getValue()[0] * e.getValue()[1];
        v[0] = calls;
        v[1] = calls == 0 ? 0 : errors / calls;
      }
    }
    List<ServiceGraph.Node> ns = new ArrayList<>();
    nodeValues.forEach((k, v) -> ns.add(new ServiceGraph.Node(k, v[0], v[1])));
    ns.sort(Comparator.comparing(ServiceGraph.Node::service));
    List<ServiceGraph.Edge> es = new ArrayList<>();
    edges.forEach((k, v) -> es.add(new ServiceGraph.Edge(k.from(), k.to(), v[0], v[1])));
    es.sort(Comparator.comparing(ServiceGraph.Edge::from).thenComparing(ServiceGraph.Edge::to));
    return new ServiceGraph(ns, es);
  }

  ServiceGraph graph() {
    return graph;
  }

  boolean hasOpenWindows() {
    return !buckets.isEmpty();
  }
}
