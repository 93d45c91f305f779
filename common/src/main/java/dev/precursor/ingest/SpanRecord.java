package dev.precursor.ingest;

import java.util.List;
import java.util.Map;

/**
 * One span as the engine needs it: identity (128-bit trace id as two longs, 64-bit span ids, 0 =
 * none), kind, event times, whether it failed, its links, and only the attributes that name an
 * uninstrumented peer ({@link #PEER_ATTRIBUTES}).
 */
public record SpanRecord(
    Resource resource,
    long traceIdHigh,
    long traceIdLow,
    long spanId,
    long parentSpanId,
    Kind kind,
    long startNanos,
    long endNanos,
    boolean error,
    List<Link> links,
    Map<String, String> peerAttributes) {

  /**
   * Span attributes that name the callee of a CLIENT/PRODUCER span no SERVER/CONSUMER span pairs
   * with, in order of preference (semconv v1.44 names first, deprecated names after).
   */
  public static final List<String> PEER_ATTRIBUTES =
      List.of(
          "service.peer.name",
          "peer.service",
          "db.namespace",
          "db.name",
          "db.system.name",
          "db.system",
          "messaging.destination.name",
          "server.address");

  public SpanRecord {
    links = List.copyOf(links);
    peerAttributes = Map.copyOf(peerAttributes);
  }

  public long durationNanos() {
    return Math.max(0, endNanos - startNanos);
  }

  /** OTLP span kinds. */
  public enum Kind {
    UNSPECIFIED,
    INTERNAL,
    SERVER,
    CLIENT,
    PRODUCER,
    CONSUMER;

    private static final Kind[] BY_NUMBER = values();

    /** The kind of an OTLP {@code SpanKind} number (unknown numbers are UNSPECIFIED). */
    public static Kind ofNumber(int n) {
      return n >= 0 && n < BY_NUMBER.length ? BY_NUMBER[n] : UNSPECIFIED;
    }
  }

  /** A link to another span (producer → consumer relations). */
  public record Link(long traceIdHigh, long traceIdLow, long spanId) {}
}
