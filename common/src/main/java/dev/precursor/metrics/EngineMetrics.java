package dev.precursor.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * The engine's own metrics, rendered in the Prometheus text exposition format for {@code GET
 * /metrics}. Counters and gauges only, named {@code precursor_*}, with optional labels.
 * Thread-safe; counters are striped adders so hot paths can increment them cheaply.
 */
public final class EngineMetrics {
  private final Map<String, Family> families = new ConcurrentHashMap<>();

  private record Family(String name, String help, String type, Map<String, Object> series) {}

  /** A monotonically increasing count. */
  public static final class Counter {
    private final LongAdder adder = new LongAdder();

    public void inc() {
      adder.increment();
    }

    public void add(long n) {
      adder.add(n);
    }

    public long get() {
      return adder.sum();
    }
  }

  /** A value that goes up and down, set directly. */
  public static final class Gauge {
    private final DoubleAdder value = new DoubleAdder();

    public synchronized void set(double v) {
      value.reset();
      value.add(v);
    }

    public double get() {
      return value.sum();
    }
  }

  /**
   * The counter of a name and label set, created on first use.
   *
   * @param labels alternating label names and values: {@code "signal", "metrics"}
   */
  public Counter counter(String name, String help, String... labels) {
    return (Counter)
        family(name, help, "counter")
            .series()
            .computeIfAbsent(labelText(labels), k -> new Counter());
  }

  /** A gauge set by the caller. */
  public Gauge gauge(String name, String help, String... labels) {
    return (Gauge)
        family(name, help, "gauge").series().computeIfAbsent(labelText(labels), k -> new Gauge());
  }

  /** A gauge read from a supplier at scrape time (queue depth, active series). */
  public void gauge(String name, String help, DoubleSupplier supplier, String... labels) {
    family(name, help, "gauge").series().put(labelText(labels), supplier);
  }

  private Family family(String name, String help, String type) {
    Family f =
        families.computeIfAbsent(name, n -> new Family(n, help, type, new ConcurrentHashMap<>()));
    if (!f.type().equals(type)) {
      throw new IllegalArgumentException(name + " is a " + f.type() + ", not a " + type);
    }
    return f;
  }

  private static String labelText(String... labels) {
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name/value pairs");
    }
    if (labels.length == 0) {
      return "";
    }
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < labels.length; i += 2) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(labels[i])
          .append("=\"")
          .append(labels[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
          .append('"');
    }
    return sb.append('}').toString();
  }

  /** Renders every metric in the Prometheus text format 0.0.4. */
  public String scrape() {
    StringBuilder sb = new StringBuilder();
    for (Family f : new TreeMap<>(families).values()) {
      sb.append("# HELP ").append(f.name()).append(' ').append(f.help()).append('\n');
      sb.append("# TYPE ").append(f.name()).append(' ').append(f.type()).append('\n');
      for (Map.Entry<String, Object> s : new TreeMap<>(f.series()).entrySet()) {
        double v;
        Object o = s.getValue();
        if (o instanceof Counter c) {
          v = c.get();
        } else if (o instanceof Gauge g) {
          v = g.get();
        } else {
          v = ((DoubleSupplier) o).getAsDouble();
        }
        sb.append(f.name()).append(s.getKey()).append(' ').append(format(v)).append('\n');
      }
    }
    return sb.toString();
  }

  private static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
