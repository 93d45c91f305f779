package dev.precursor.ingest;

import dev.precursor.detect.SeriesScorer;
import dev.precursor.model.SeriesKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Test double of the scorer for ingest unit tests: records every point it is given (score 0). Can
 * hold the ingest worker on its first point until released, to fill the queue.
 */
final class RecordingScorer implements SeriesScorer {
  record Point(SeriesKey key, long millis, double value) {}

  private final List<Point> points = new ArrayList<>();
  private volatile CountDownLatch gate = new CountDownLatch(0);
  final CountDownLatch entered = new CountDownLatch(1);

  void holdNextPoint() {
    gate = new CountDownLatch(1);
  }

  void release() {
    gate.countDown();
  }

  @Override
  public double accept(SeriesKey key, long epochMillis, double value) {
    entered.countDown();
    try {
      if (!gate.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test never released the scorer");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (points) {
      points.add(new Point(key, epochMillis, value));
    }
    return 0;
  }

  List<Point> points() {
    synchronized (points) {
      return List.copyOf(points);
    }
  }

  List<Point> of(String service, String metric) {
    return points().stream()
        .filter(p -> p.key().service().equals(service) && p.key().metric().equals(metric))
        .toList();
  }

  List<Double> values(String service, String metric) {
    return of(service, metric).stream().map(Point::value).toList();
  }

  @Override
  public List<ScorePoint> scores(SeriesKey key, Instant from, Instant to) {
    List<ScorePoint> out = new ArrayList<>();
    for (Point p : points()) {
      if (p.key().equals(key)
          && p.millis() >= from.toEpochMilli()
          && p.millis() < to.toEpochMilli()) {
        out.add(new ScorePoint(p.millis(), p.value(), 0));
      }
    }
    return out;
  }

  @Override
  public List<SeriesKey> series() {
    LinkedHashSet<SeriesKey> keys = new LinkedHashSet<>();
    for (Point p : points()) {
      keys.add(p.key());
    }
    return new ArrayList<>(keys);
  }

  @Override
  public long watermark() {
    return points().stream().mapToLong(Point::millis).max().orElse(Long.MIN_VALUE);
  }
}
