package dev.precursor.correlate;

import dev.precursor.model.Anomaly;
import dev.precursor.model.SeriesKey;
import dev.precursor.model.ServiceGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Groups anomalies into one group per emerging incident ("one situation, not a flood").
 *
 * <p>An anomaly joins an open group when its onset lies within {@code window} of the group's latest
 * activity and its service is already in the group or within {@code maxHops} calls of one of the
 * group's services on the dependency graph (services the graph does not know yet join by time
 * alone); otherwise it opens a new group. Anomalies inside a {@link MaintenanceWindow} are counted
 * and dropped. A group resolves when every series in it has recovered, or when it has been silent
 * (no anomaly updates) for four windows of event time.
 *
 * <p>All times are event times. Thread-safe (calls are serialised).
 */
public final class Correlator {
  private final Duration window;
  private final int maxHops;
  private final List<MaintenanceWindow> maintenance;
  private final Supplier<String> ids;
  private final Map<String, Group> open = new LinkedHashMap<>();
  private final Map<String, String> groupOfSeries = new HashMap<>();
  private long suppressed;
  private long now = Long.MIN_VALUE;

  public Correlator(Duration window, int maxHops, List<MaintenanceWindow> maintenance) {
    this(window, maxHops, maintenance, () -> "sit-" + UUID.randomUUID());
  }

  Correlator(
      Duration window, int maxHops, List<MaintenanceWindow> maintenance, Supplier<String> ids) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive: " + window);
    }
    this.window = window;
    this.maxHops = maxHops;
    this.maintenance = List.copyOf(maintenance);
    this.ids = ids;
  }

  /** What an event did to a group. */
  public enum Change {
    /** A new group was opened. */
    OPENED,
    /** A series or service joined the group. */
    GREW,
    /** An anomaly already in the group was updated. */
    UPDATED,
    /** The group resolved. */
    RESOLVED
  }

  /** One change of one group, with the group as it is after the change. */
  public record Event(Change change, Group group) {}

  /**
   * Takes one anomaly (new or an update of an ongoing one).
   *
   * @return the changes it caused: empty when suppressed by a maintenance window; groups that
   *     expired because event time moved on come first
   */
  public synchronized List<Event> onAnomaly(Anomaly a, ServiceGraph graph) {
    Objects.requireNonNull(a, "anomaly");
    List<Event> events = advance(a.at().toEpochMilli());
    for (MaintenanceWindow m : maintenance) {
      if (m.covers(a.service(), a.onset()) || m.covers(a.service(), a.at())) {
        suppressed++;
        return events;
      }
    }
    String sid = a.series().id();
    String gid = groupOfSeries.get(sid);
    Group g = gid == null ? null : open.get(gid);
    if (g != null) {
      boolean wasRecovered = g.recovered.remove(sid);
      Anomaly previous = g.anomalies.put(sid, a);
      g.touch(a.at());
      boolean sameEpisode = previous != null && previous.onset().equals(a.onset());
      events.add(new Event(sameEpisode && !wasRecovered ? Change.UPDATED : Change.GREW, g));
      return events;
    }
    Group best = null;
    for (Group c : open.values()) {
      if (a.onset().toEpochMilli() > c.lastActivity.toEpochMilli() + window.toMillis()) {
        continue;
      }
      if (!related(a.service(), c.services(), graph)) {
        continue;
      }
      if (best == null || c.lastActivity.isAfter(best.lastActivity)) {
        best = c;
      }
    }
    if (best == null) {
      Group n = new Group(ids.get(), a.onset());
      n.anomalies.put(sid, a);
      n.touch(a.at());
      open.put(n.id, n);
      groupOfSeries.put(sid, n.id);
      events.add(new Event(Change.OPENED, n));
    } else {
      best.anomalies.put(sid, a);
      if (a.onset().isBefore(best.openedAt)) {
        best.openedAt = a.onset();
      }
      best.touch(a.at());
      groupOfSeries.put(sid, best.id);
      events.add(new Event(Change.GREW, best));
    }
    return events;
  }

  /**
   * Takes the recovery of a series.
   *
   * @return the changes: the series' group resolves when all its series have recovered
   */
  public synchronized List<Event> onRecovered(SeriesKey series, long epochMillis) {
    List<Event> events = advance(epochMillis);
    String gid = groupOfSeries.get(series.id());
    Group g = gid == null ? null : open.get(gid);
    if (g == null) {
      return events;
    }
    g.recovered.add(series.id());
    if (g.recovered.containsAll(g.anomalies.keySet())) {
      events.add(new Event(Change.RESOLVED, resolve(g, Instant.ofEpochMilli(epochMillis))));
    }
    return events;
  }

  /** Moves event time on: groups silent for four windows resolve. */
  public synchronized List<Event> advance(long epochMillis) {
    List<Event> events = new ArrayList<>();
    if (epochMillis <= now) {
      return events;
    }
    now = epochMillis;
    long silentFor = 4 * window.toMillis();
    for (Group g : List.copyOf(open.values())) {
      if (epochMillis - g.lastActivity.toEpochMilli() > silentFor) {
        events.add(
            new Event(Change.RESOLVED, resolve(g, g.lastActivity.plusMillis(window.toMillis()))));
      }
    }
    return events;
  }

  private Group resolve(Group g, Instant at) {
    open.remove(g.id);
    g.anomalies.keySet().forEach(groupOfSeries::remove);
    g.resolvedAt = at;
    return g;
  }

  /** Open groups, oldest first. */
  public synchronized List<Group> openGroups() {
    return open.values().stream().sorted(Comparator.comparing(Group::openedAt)).toList();
  }

  /** Anomalies dropped because they fell in a maintenance window. */
  public synchronized long suppressed() {
    return suppressed;
  }

  private boolean related(String service, Set<String> services, ServiceGraph graph) {
    if (services.contains(service)) {
      return true;
    }
    Set<String> known = new HashSet<>();
    for (ServiceGraph.Node n : graph.nodes()) {
      known.add(n.service());
    }
    for (ServiceGraph.Edge e : graph.edges()) {
      known.add(e.from());
      known.add(e.to());
    }
    if (!known.contains(service)) {
      return true;
    }
    boolean anyKnown = false;
    for (String s : services) {
      if (known.contains(s)) {
        anyKnown = true;
        break;
      }
    }
    if (!anyKnown) {
      return true;
    }
    return distance(graph, service, services, maxHops) <= maxHops;
  }

  /** Undirected hop distance from {@code from} to the nearest of {@code targets}. */
  static int distance(ServiceGraph graph, String from, Set<String> targets, int limit) {
    Map<String, Set<String>> adj = new HashMap<>();
    for (ServiceGraph.Edge e : graph.edges()) {
      adj.computeIfAbsent(e.from(), k -> new LinkedHashSet<>()).add(e.to());
      adj.computeIfAbsent(e.to(), k -> new LinkedHashSet<>()).add(e.from());
    }
    Deque<String> queue = new ArrayDeque<>();
    Map<String, Integer> dist = new HashMap<>();
    queue.add(from);
    dist.put(from, 0);
    while (!queue.isEmpty()) {
      String s = queue.poll();
      int d = dist.get(s);
      if (targets.contains(s)) {
        return d;
      }
      if (d >= limit) {
        continue;
      }
      for (String n : adj.getOrDefault(s, Set.of())) {
        if (!dist.containsKey(n)) {
          dist.put(n, d + 1);
          queue.add(n);
        }
      }
    }
    return Integer.MAX_VALUE;
  }

  /** One group of anomalies: the seed of a situation. Read it only inside an {@link Event}. */
  public static final class Group {
    private final String id;
    private Instant openedAt;
    private Instant lastActivity;
    private @Nullable Instant resolvedAt;
    private final Map<String, Anomaly> anomalies = new LinkedHashMap<>();
    private final Set<String> recovered = new HashSet<>();

    Group(String id, Instant openedAt) {
      this.id = id;
      this.openedAt = openedAt;
      this.lastActivity = openedAt;
    }

    void touch(Instant at) {
      if (at.isAfter(lastActivity)) {
        lastActivity = at;
      }
    }

    public String id() {
      return id;
    }

    /** The earliest onset of its anomalies. */
    public Instant openedAt() {
      return openedAt;
    }

    public Instant lastActivity() {
      return lastActivity;
    }

    public @Nullable Instant resolvedAt() {
      return resolvedAt;
    }

    public boolean isOpen() {
      return resolvedAt == null;
    }

    /** The latest state of each series' anomaly, in order of arrival. */
    public List<Anomaly> anomalies() {
      return List.copyOf(anomalies.values());
    }

    /** Services involved, in order of their first anomaly's onset. */
    public Set<String> services() {
      Map<String, Instant> first = new LinkedHashMap<>();
      for (Anomaly a : anomalies.values()) {
        first.merge(a.service(), a.onset(), (x, y) -> x.isBefore(y) ? x : y);
      }
      Set<String> out = new LinkedHashSet<>();
      first.entrySet().stream()
          .sorted(Map.Entry.comparingByValue())
          .forEach(e -> out.add(e.getKey()));
      return out;
    }
  }
}
