package dev.precursor.server;

import dev.precursor.config.PrecursorConfig;
import dev.precursor.metrics.EngineMetrics;
import dev.precursor.model.Prediction;
import dev.precursor.model.Situation;
import dev.precursor.store.DeployStore;
import dev.precursor.store.JdbcDeployStore;
import dev.precursor.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The assembled engine: the store and every capability wired from one configuration. Servers (HTTP
 * API, OTLP receivers) are started around it by {@link EngineServer}; CLI commands that work
 * offline open an Engine directly. Closing it closes what it opened, in reverse order.
 */
public final class Engine implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Engine.class.getName());
  private final PrecursorConfig config;
  private final Clock clock;
  private final Instant startedAt;
  private final EngineMetrics metrics = new EngineMetrics();
  private final Store store;
  private final DeployStore deploys;
  private final dev.precursor.detect.SeriesScorer scorer;
  private final dev.precursor.ingest.IngestPipeline ingest;
  private final dev.precursor.memory.IncidentMemory memory;
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private final dev.precursor.draft.Drafter drafter;
  private final dev.precursor.detect.CompositeAnomalyListener anomalyBus =
      new dev.precursor.detect.CompositeAnomalyListener();
  private final java.util.List<java.util.function.Consumer<dev.precursor.model.Deploy>>
      deployListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.List<dev.precursor.model.SituationListener> situationListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile java.util.function.Supplier<dev.precursor.model.ServiceGraph>
      serviceGraphSource = () -> dev.precursor.model.ServiceGraph.EMPTY;
  private volatile java.util.function.Supplier<java.util.Optional<Instant>> watermarkSource =
      java.util.Optional::empty;
  private final dev.precursor.correlate.SituationStore situations;
  private final dev.precursor.predict.PredictionStore predictions;
  private final dev.precursor.predict.SituationPipeline situationPipeline;
  private volatile dev.precursor.predict.PastIncidents pastIncidents =
      dev.precursor.predict.PastIncidents.none();
  private volatile java.util.function.Function<
          dev.precursor.model.SeriesKey, java.util.Optional<dev.precursor.detect.Forecast>>
      forecastSource = k -> java.util.Optional.empty();

  private Engine(PrecursorConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.startedAt = clock.instant();
    // before the store opens: a bad llm.* setting fails start-up with nothing to close
    this.drafter = dev.precursor.draft.Drafter.create(config);
    this.store = Store.open(config.store());
    closeables.push(store);
    this.deploys = new JdbcDeployStore(store);
    this.memory = dev.precursor.memory.IncidentMemory.open(store, config, clock);
    this.situations = new dev.precursor.correlate.JdbcSituationStore(store);
    this.predictions = new dev.precursor.predict.JdbcPredictionStore(store);
    this.situationPipeline =
        new dev.precursor.predict.SituationPipeline(
            dev.precursor.predict.SituationPipeline.Settings.from(config),
            situations,
            predictions,
            deploys,
            this::serviceGraph,
            (anomalies, age, k) -> pastIncidents.match(anomalies, age, k),
            key -> forecastSource.apply(key),
            this::publishSituation);
    anomalyBus.add(situationPipeline);
    deployListeners.add(situationPipeline::onDeploy);
    // incident memory on the same store backs predictions (signature matching needs no model)
    pastIncidentsFrom(new dev.precursor.predict.MemoryPastIncidents(memory));
    this.scorer = dev.precursor.detect.SeriesScorer.create(anomalyBus);
    this.ingest =
        closeWithEngine(
            new dev.precursor.ingest.IngestPipeline(
                dev.precursor.ingest.IngestPipeline.Options.from(config),
                scorer,
                anomalyBus,
                d -> onDeploy(deploys.save(d)),
                metrics));
    watermarkFrom(ingest::watermark);
    serviceGraphFrom(ingest::serviceGraph);
    forecastsFrom(scorer::forecast);
  }

  /** Scores every series (OTLP-derived and replayed); anomalies go to {@link #anomalies()}. */
  public dev.precursor.detect.SeriesScorer scorer() {
    return scorer;
  }

  /** The ingest pipeline the OTLP receivers and the Kafka consumer feed. */
  public dev.precursor.ingest.IngestPipeline ingest() {
    return ingest;
  }

  /** Opens the store (migrating it) and wires every capability. */
  public static Engine open(PrecursorConfig config, Clock clock) {
    return new Engine(config, clock);
  }

  public PrecursorConfig config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public EngineMetrics metrics() {
    return metrics;
  }

  public Store store() {
    return store;
  }

  /** Writes ticket bodies and postmortems: the LLM drafter of llm.provider, else the template. */
  public dev.precursor.draft.Drafter drafter() {
    return drafter;
  }

  public DeployStore deploys() {
    return deploys;
  }

  /**
   * Incident memory on the engine's store: learned postmortems and past tickets, similar-incident
   * search by text and by live precursor signature. The embedding model loads on first use.
   */
  public dev.precursor.memory.IncidentMemory memory() {
    return memory;
  }

  /** The event time up to which everything received has been scored, empty before any data. */
  public java.util.Optional<Instant> watermark() {
    return watermarkSource.get();
  }

  /** Sets where {@link #watermark()} comes from (the ingest pipeline, once wired). */
  public void watermarkFrom(java.util.function.Supplier<java.util.Optional<Instant>> source) {
    this.watermarkSource = source;
  }

  /** Tells the capabilities that care (correlation, RCA, annotations) about a new deploy marker. */
  public void onDeploy(dev.precursor.model.Deploy deploy) {
    metrics
        .counter(
            "precursor_deploys_total", "Deploy markers received.", "kind", deploy.kind().wire())
        .inc();
    for (java.util.function.Consumer<dev.precursor.model.Deploy> l : deployListeners) {
      try {
        l.accept(deploy);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "deploy listener " + l + " failed", e);
      }
    }
  }

  /** Subscribes to new deploy markers (annotations; correlation reads the store). */
  public void addDeployListener(java.util.function.Consumer<dev.precursor.model.Deploy> listener) {
    deployListeners.add(listener);
  }

  /** Situations: anomalies grouped per emerging incident, with hypotheses and timeline. */
  public dev.precursor.correlate.SituationStore situations() {
    return situations;
  }

  /** Predictions and their feedback labels. */
  public dev.precursor.predict.PredictionStore predictions() {
    return predictions;
  }

  /** The live anomaly → situation → prediction path (feedback and track records go here). */
  public dev.precursor.predict.SituationPipeline situationPipeline() {
    return situationPipeline;
  }

  /** Sets where prediction finds similar past incidents (incident memory, once wired). */
  public void pastIncidentsFrom(dev.precursor.predict.PastIncidents source) {
    this.pastIncidents = source;
  }

  /** Sets where prediction reads trend-to-limit forecasts (the scorer, once wired). */
  public void forecastsFrom(
      java.util.function.Function<
              dev.precursor.model.SeriesKey, java.util.Optional<dev.precursor.detect.Forecast>>
          source) {
    this.forecastSource = source;
  }

  /** Where scorers report anomalies; correlation and other consumers subscribe with add(). */
  public dev.precursor.detect.CompositeAnomalyListener anomalies() {
    return anomalyBus;
  }

  /** Subscribes to situation changes (ticket dispatch, annotations). */
  public void addSituationListener(dev.precursor.model.SituationListener listener) {
    situationListeners.add(listener);
  }

  /** Tells every situation listener; one failing listener does not stop the rest. */
  public void publishSituation(Situation situation, @Nullable Prediction prediction) {
    for (dev.precursor.model.SituationListener l : situationListeners) {
      try {
        l.onSituation(situation, prediction);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "situation listener " + l + " failed", e);
      }
    }
  }

  /** The current service dependency graph (empty until traces arrive). */
  public dev.precursor.model.ServiceGraph serviceGraph() {
    return serviceGraphSource.get();
  }

  /** Sets where {@link #serviceGraph()} comes from (the trace pipeline, once wired). */
  public void serviceGraphFrom(
      java.util.function.Supplier<dev.precursor.model.ServiceGraph> source) {
    this.serviceGraphSource = source;
  }

  private volatile java.util.function.Function<
          String, java.util.List<dev.precursor.model.TicketLink>>
      ticketSource = id -> java.util.List.of();

  /** The tickets filed for a situation (every ticket system), empty when none. */
  public java.util.List<dev.precursor.model.TicketLink> tickets(String situationId) {
    return ticketSource.apply(situationId);
  }

  /** Sets where {@link #tickets(String)} comes from (the ticket dispatcher, once wired). */
  public void ticketsFrom(
      java.util.function.Function<String, java.util.List<dev.precursor.model.TicketLink>> source) {
    this.ticketSource = source;
  }

  /** Registers something to close with the engine (closed in reverse order of registration). */
  public <T extends AutoCloseable> T closeWithEngine(T resource) {
    closeables.push(resource);
    return resource;
  }

  @Override
  public void close() {
    while (!closeables.isEmpty()) {
      AutoCloseable c = closeables.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "error while closing " + c, e);
      }
    }
  }
}
