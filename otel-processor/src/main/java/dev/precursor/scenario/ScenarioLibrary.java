package dev.precursor.scenario;

import dev.precursor.model.Deploy;
import dev.precursor.scenario.Scenario.Change;
import dev.precursor.scenario.Scenario.Load;
import dev.precursor.scenario.Scenario.Sample;
import dev.precursor.scenario.Scenario.Threshold;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The built-in scenarios: three incident families with a known root cause and clean days with
 * benign deploys, traffic ramps and noise. Every value is a deterministic function of the minute
 * plus seeded Gaussian noise, so a run is reproducible.
 */
public final class ScenarioLibrary {
  /** The incident starts after this much healthy data, so detectors have a baseline. */
  static final double ONSET_MINUTE = 75;

  private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
  private static final Duration STEP = Duration.ofSeconds(30);
  private static final Duration LENGTH = Duration.ofMinutes(210);

  private ScenarioLibrary() {}

  /** Names accepted by {@link #byName}. */
  public static final List<String> NAMES =
      List.of("memory-leak", "pool-exhaustion", "retry-storm", "clean-day");

  /**
   * A scenario by name and seed.
   *
   * @throws IllegalArgumentException naming the known scenarios
   */
  public static Scenario byName(String name, long seed) {
    return switch (name) {
      case "memory-leak" -> memoryLeakAfterDeploy(seed);
      case "pool-exhaustion" -> poolExhaustionAfterTimeoutChange(seed);
      case "retry-storm" -> retryStorm(seed);
      case "clean-day" -> cleanDay(seed);
      default ->
          throw new IllegalArgumentException(
              "unknown scenario '" + name + "'; expected one of " + NAMES);
    };
  }

  /** Healthy state of the graph, with traffic scaled by {@code traffic}. */
  static Sample healthy(Random r, double traffic) {
    Map<String, Map<String, Double>> gauges = new LinkedHashMap<>();
    Map<String, Load> load = new LinkedHashMap<>();
    double[] mem = {0.50, 0.55, 0.42, 0.48};
    double[] rps = {20, 8, 30, 12};
    double[] own = {20, 35, 4, 25};
    for (int i = 0; i < Scenario.SERVICES.size(); i++) {
      String s = Scenario.SERVICES.get(i);
      Map<String, Double> g = new HashMap<>();
      g.put("process.memory.utilization", mem[i] + 0.02 * (traffic - 1) + 0.006 * r.nextGaussian());
      g.put("jvm.gc.duration", Math.max(1, 40 * traffic + 4 * r.nextGaussian()));
      gauges.put(s, g);
      load.put(
          s,
          new Load(
              rps[i] * traffic,
              own[i] * (1 + 0.12 * (traffic - 1)) * Math.max(0.5, 1 + 0.06 * r.nextGaussian()),
              0.0));
    }
    gauges
        .get("checkout")
        .put(
            "db.client.connections.utilization",
            Math.min(1, 0.30 * traffic + 0.02 * r.nextGaussian()));
    gauges.get("frontend").put("http.client.retries", Math.max(0, 0.2 + 0.05 * r.nextGaussian()));
    return new Sample(gauges, load);
  }

  private static List<Threshold> standardThresholds() {
    return List.of(
        new Threshold("cache", "process.memory.utilization", 0.90, "cache memory ≥ 90%"),
        new Threshold(
            "checkout", "db.client.connections.utilization", 0.95, "checkout DB pool ≥ 95%"),
        new Threshold("frontend", "latency.ms", 170, "frontend latency ≥ 170 ms (2× normal)"),
        new Threshold("frontend", "error.ratio", 0.05, "frontend errors ≥ 5%"));
  }

  /** cache v2.3.1 leaks memory: heap climbs, GC time and latency follow, then errors. */
  public static Scenario memoryLeakAfterDeploy(long seed) {
    return new Scenario(
        "memory-leak",
        "memory leak in cache after deploy v2.3.1",
        START,
        STEP,
        LENGTH,
        seed,
        "cache",
        "memory leak",
        List.of(new Change("cache", "2.3.1", Deploy.Kind.DEPLOY, ONSET_MINUTE - 5)),
        standardThresholds(),
        (minute, r) -> {
          Sample s = healthy(r, 1);
          double growth = Math.max(0, minute - (ONSET_MINUTE - 5)) / 60.0 * 0.30;
          Map<String, Double> g = s.gauges().get("cache");
          double u = Math.min(0.995, g.get("process.memory.utilization") + growth);
          g.put("process.memory.utilization", u);
          g.put(
              "jvm.gc.duration",
              g.get("jvm.gc.duration") + 3000 * Math.pow(Math.max(0, u - 0.62), 2));
          Load l = s.load().get("cache");
          double slow = 1 + 40 * Math.pow(Math.max(0, u - 0.68), 2);
          double err = Math.max(0, u - 0.95) * 3;
          s.load().put("cache", new Load(l.rps(), l.ownLatencyMs() * slow, err));
          return s;
        });
  }

  /**
   * A checkout config change raises the DB timeout: connections are held longer, the pool drains.
   */
  public static Scenario poolExhaustionAfterTimeoutChange(long seed) {
    return new Scenario(
        "pool-exhaustion",
        "checkout DB pool exhaustion after a timeout config change",
        START,
        STEP,
        LENGTH,
        seed,
        "checkout",
        "connection pool exhaustion",
        List.of(new Change("checkout", "db.timeout=30s", Deploy.Kind.CONFIG, ONSET_MINUTE - 5)),
        standardThresholds(),
        (minute, r) -> {
          Sample s = healthy(r, 1);
          Map<String, Double> g = s.gauges().get("checkout");
          double p =
              Math.min(
                  1.0,
                  g.get("db.client.connections.utilization")
                      + Math.max(0, minute - (ONSET_MINUTE - 5)) / 60.0 * 0.45);
          g.put("db.client.connections.utilization", p);
          Load l = s.load().get("checkout");
          double wait = p >= 0.97 ? 180 : 0;
          double slow = 1 + 10 * Math.pow(Math.max(0, p - 0.7), 2);
          double err = p >= 0.99 ? 0.12 : 0;
          s.load().put("checkout", new Load(l.rps(), l.ownLatencyMs() * slow + wait, err));
          return s;
        });
  }

  /** search starts failing a little; frontend retries amplify the load until search collapses. */
  public static Scenario retryStorm(long seed) {
    return new Scenario(
        "retry-storm",
        "retry storm from frontend into a degrading search",
        START,
        STEP,
        LENGTH,
        seed,
        "search",
        "retry storm",
        List.of(),
        standardThresholds(),
        (minute, r) -> {
          Sample s = healthy(r, 1);
          double e0 = Math.max(0, minute - ONSET_MINUTE) / 60.0 * 0.03;
          Load search = s.load().get("search");
          double retries = 0.2 + search.rps() * e0 * 4 * (1 + 20 * e0);
          double amplification = 1 + retries / search.rps();
          double err = Math.min(0.5, e0 * amplification);
          s.load()
              .put(
                  "search",
                  new Load(
                      search.rps() * amplification,
                      search.ownLatencyMs() * (1 + 1.5 * (amplification - 1)),
                      err));
          s.gauges().get("frontend").put("http.client.retries", retries + 0.05 * r.nextGaussian());
          Map<String, Double> sg = s.gauges().get("search");
          sg.put("jvm.gc.duration", sg.get("jvm.gc.duration") * amplification);
          return s;
        });
  }

  /** A normal day: two benign deploys, a 50% traffic ramp over an hour, noise. */
  public static Scenario cleanDay(long seed) {
    return new Scenario(
        "clean-day",
        "clean day: benign deploys, a traffic ramp, noise",
        START,
        STEP,
        LENGTH,
        seed,
        null,
        null,
        List.of(
            new Change("search", "1.8.0", Deploy.Kind.DEPLOY, 60),
            new Change("checkout", "2.1.0", Deploy.Kind.DEPLOY, 150)),
        standardThresholds(),
        (minute, r) -> {
          double ramp = minute < 90 ? 0 : Math.min(1, (minute - 90) / 60.0);
          return healthy(r, 1 + 0.5 * ramp);
        });
  }
}
