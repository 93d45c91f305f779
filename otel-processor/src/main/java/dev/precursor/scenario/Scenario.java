package dev.precursor.scenario;

import dev.precursor.model.Deploy;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * A synthetic but realistic stretch of telemetry with ground truth: a small service graph ({@code
 * frontend → checkout → cache}, {@code frontend → search}), per-step gauges and request load per
 * service, the deploys and config changes made, the root-cause service and failure family when it
 * is an incident, and the static threshold alerts a conventional setup would have.
 *
 * @param rootCause the service at fault, null on a clean day
 * @param family the failure family (memory leak, connection pool exhaustion, retry storm), null on
 *     a clean day
 */
public record Scenario(
    String name,
    String description,
    Instant start,
    Duration step,
    Duration length,
    long seed,
    @Nullable String rootCause,
    @Nullable String family,
    List<Change> changes,
    List<Threshold> thresholds,
    Model model) {
  /** The call graph of every scenario: caller → callees. */
  public static final Map<String, List<String>> CALLS = calls();

  /** Services in call order. */
  public static final List<String> SERVICES = List.of("frontend", "checkout", "cache", "search");

  public Scenario {
    changes = List.copyOf(changes);
    thresholds = List.copyOf(thresholds);
  }

  private static Map<String, List<String>> calls() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("frontend", List.of("checkout", "search"));
    m.put("checkout", List.of("cache"));
    m.put("cache", List.of());
    m.put("search", List.of());
    return m;
  }

  /** A deploy (new {@code service.version}, seen through OTLP) or a config change (API). */
  public record Change(String service, String version, Deploy.Kind kind, double minute) {}

  /**
   * A static threshold alert: fires when {@code metric} of {@code service} (a gauge, or {@code
   * latency.ms} / {@code error.ratio} of its requests) stays at or above {@code value} for three
   * consecutive steps.
   */
  public record Threshold(String service, String metric, double value, String description) {}

  /** The state of every service at one moment. */
  public record Sample(Map<String, Map<String, Double>> gauges, Map<String, Load> load) {}

  /**
   * Requests a service handles in one step: how many per second, its own processing time (callees
   * add theirs) and the fraction that fail.
   */
  public record Load(double rps, double ownLatencyMs, double errorRatio) {}

  /** Produces the sample at a minute since the start. */
  @FunctionalInterface
  public interface Model {
    Sample sample(double minute, Random noise);
  }

  public int steps() {
    return (int) (length.toMillis() / step.toMillis());
  }

  /** The version a service runs at a minute (deploys apply from their minute on). */
  public String versionAt(String service, double minute) {
    String v = "1.0.0";
    for (Change c : changes) {
      if (c.kind() == Deploy.Kind.DEPLOY && c.service().equals(service) && c.minute() <= minute) {
        v = c.version();
      }
    }
    return v;
  }

  /** Total latency a caller sees from a service: its own time plus its callees'. */
  public static double latency(Sample s, String service) {
    Load l = s.load().get(service);
    double own = l == null ? 0 : l.ownLatencyMs();
    for (String callee : CALLS.getOrDefault(service, List.of())) {
      own += latency(s, callee);
    }
    return own;
  }

  /** Error ratio a caller sees from a service, including its callees' failures. */
  public static double errors(Sample s, String service) {
    Load l = s.load().get(service);
    double ok = 1 - (l == null ? 0 : l.errorRatio());
    for (String callee : CALLS.getOrDefault(service, List.of())) {
      ok *= 1 - errors(s, callee);
    }
    return 1 - ok;
  }

  /** The value a threshold looks at in a sample. */
  public static double observed(Sample s, Threshold t) {
    if (t.metric().equals("latency.ms")) {
      return latency(s, t.service());
    }
    if (t.metric().equals("error.ratio")) {
      return errors(s, t.service());
    }
    Map<String, Double> g = s.gauges().get(t.service());
    Double v = g == null ? null : g.get(t.metric());
    return v == null ? Double.NaN : v;
  }

  /**
   * When the first static threshold would fire (three consecutive steps at or above), from the
   * noiseless model; null when none fires.
   */
  public @Nullable Instant staticAlertAt() {
    Instant best = null;
    for (Threshold t : thresholds) {
      int run = 0;
      Random r = new Random(seed);
      for (int i = 0; i < steps(); i++) {
        double minute = i * step.toMillis() / 60_000.0;
        double v = observed(model.sample(minute, r), t);
        run = v >= t.value() ? run + 1 : 0;
        if (run >= 3) {
          Instant at = start.plus(step.multipliedBy(i));
          if (best == null || at.isBefore(best)) {
            best = at;
          }
          break;
        }
      }
    }
    return best;
  }

  /** Which threshold fires first, for the timeline. */
  public @Nullable Threshold firstThreshold() {
    Instant best = null;
    Threshold which = null;
    for (Threshold t : thresholds) {
      Scenario single =
          new Scenario(
              name,
              description,
              start,
              step,
              length,
              seed,
              rootCause,
              family,
              changes,
              List.of(t),
              model);
      Instant at = single.staticAlertAt();
      if (at != null && (best == null || at.isBefore(best))) {
        best = at;
        which = t;
      }
    }
    return which;
  }
}
