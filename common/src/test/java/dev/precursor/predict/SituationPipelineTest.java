package dev.precursor.predict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precursor.correlate.JdbcSituationStore;
import dev.precursor.correlate.SituationDetail;
import dev.precursor.correlate.SituationEvent;
import dev.precursor.model.Deploy;
import dev.precursor.model.Direction;
import dev.precursor.model.Prediction;
import dev.precursor.model.SeriesKey;
import dev.precursor.model.Situation;
import dev.precursor.model.Tier;
import dev.precursor.rca.MetricRole;
import dev.precursor.store.JdbcDeployStore;
import dev.precursor.store.Store;
import dev.precursor.store.StoreFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SituationPipelineTest {
  private final Store store = StoreFixtures.h2();
  private final JdbcSituationStore situations = new JdbcSituationStore(store);
  private final JdbcPredictionStore predictions = new JdbcPredictionStore(store);
  private final JdbcDeployStore deploys = new JdbcDeployStore(store);
  private final List<Situation> published = new ArrayList<>();
  private final List<Prediction> publishedPredictions = new ArrayList<>();

  @AfterEach
  void close() {
    store.close();
  }

  static PastIncidents memoryLeakHistory() {
    return new CataloguePastIncidents(
        List.of(
            CataloguePastIncidents.known(
                "inc-42",
                "Checkout outage: cache memory leak after release",
                "memory leak",
                "cache",
                Fixtures.T0.minus(Duration.ofDays(60)),
                Duration.ofMinutes(40),
                Duration.ofMinutes(50),
                "rolled back cache; fixed the unbounded map",
                List.of(
                    new CataloguePastIncidents.Signal(MetricRole.MEMORY, Direction.UP),
                    new CataloguePastIncidents.Signal(MetricRole.LATENCY, Direction.UP))),
            CataloguePastIncidents.known(
                "inc-7",
                "Retry storm between frontend and search",
                "retry storm",
                "search",
                Fixtures.T0.minus(Duration.ofDays(300)),
                Duration.ofMinutes(10),
                null,
                "added retry budget",
                List.of(
                    new CataloguePastIncidents.Signal(MetricRole.RETRIES, Direction.UP),
                    new CataloguePastIncidents.Signal(MetricRole.TRAFFIC, Direction.UP)))));
  }

  private SituationPipeline pipeline(PastIncidents past) {
    return new SituationPipeline(
        SituationPipeline.Settings.defaults(),
        situations,
        predictions,
        deploys,
        Fixtures::graph,
        past,
        k -> Optional.empty(),
        (s, p) -> {
          published.add(s);
          if (p != null) {
            publishedPredictions.add(p);
          }
        });
  }

  @Test
  void memoryLeakAfterDeployBecomesAnAlertNamingTheCache() {
    deploys.save(
        new Deploy(
            "d1",
            "cache",
            "v2.3.1",
            null,
            Fixtures.T0.minus(Duration.ofMinutes(8)),
            Deploy.Kind.DEPLOY,
            null,
            null,
            "ci"));
    SituationPipeline p = pipeline(memoryLeakHistory());
    p.onAnomaly(Fixtures.anomaly("cache", "process.memory.usage", 0, 2, 0.8));
    p.onAnomaly(Fixtures.anomaly("checkout", "http.server.request.duration", 5, 6, 0.8));
    p.onAnomaly(Fixtures.anomaly("frontend", "http.server.request.duration", 6, 7, 0.8));

    assertThat(situations.list(null, null, null, 10, null).items()).hasSize(1);
    SituationDetail d = situations.list(null, null, "open", 10, null).items().get(0);
    assertThat(d.situation().services()).containsExactly("cache", "checkout", "frontend");
    assertThat(d.situation().hypotheses().get(0).service()).isEqualTo("cache");
    Prediction pred = d.prediction();
    assertThat(pred).isNotNull();
    assertThat(pred.tier()).isEqualTo(Tier.ALERT);
    assertThat(pred.pattern()).isEqualTo("memory leak");
    assertThat(pred.rootCause().service()).isEqualTo("cache");
    assertThat(pred.service()).isEqualTo("frontend");
    assertThat(pred.recommendedAction()).contains("Roll back cache v2.3.1");
    assertThat(pred.expectedAt()).isEqualTo(Fixtures.T0.plus(Duration.ofMinutes(40)));
    assertThat(pred.similarIncidents().get(0).id()).isEqualTo("inc-42");
    assertThat(d.timeline()).extracting(SituationEvent::kind).contains("opened", "prediction");
    assertThat(predictions.list(null, null, "cache", Tier.ALERT, 10, null).items()).hasSize(1);
    assertThat(published).isNotEmpty();
    assertThat(publishedPredictions.get(publishedPredictions.size() - 1).tier())
        .isEqualTo(Tier.ALERT);

    p.onRecovered(
        SeriesKey.of("cache", "process.memory.usage"),
        Fixtures.T0.plusSeconds(3600).toEpochMilli());
    p.onRecovered(
        SeriesKey.of("checkout", "http.server.request.duration"),
        Fixtures.T0.plusSeconds(3600).toEpochMilli());
    p.onRecovered(
        SeriesKey.of("frontend", "http.server.request.duration"),
        Fixtures.T0.plusSeconds(3660).toEpochMilli());
    SituationDetail resolved = situations.get(d.id()).orElseThrow();
    assertThat(resolved.situation().state()).isEqualTo("resolved");
    assertThat(predictions.get(pred.id()).orElseThrow().state()).isEqualTo("resolved");
    assertThat(published.get(published.size() - 1).state()).isEqualTo("resolved");
  }

  @Test
  void unrecognisedNoiseRaisesNoPrediction() {
    SituationPipeline p = pipeline(memoryLeakHistory());
    p.onAnomaly(Fixtures.anomaly("search", "queue.depth", 0, 1, 0.7));
    SituationDetail d = situations.list(null, null, null, 10, null).items().get(0);
    assertThat(d.prediction()).isNull();
    assertThat(predictions.list(null, null, null, null, 10, null).items()).isEmpty();
  }

  @Test
  void feedbackRecalibratesThePatternAndSurvivesARestart() {
    SituationPipeline p = pipeline(memoryLeakHistory());
    p.onAnomaly(Fixtures.anomaly("cache", "process.memory.usage", 0, 2, 0.8));
    p.onAnomaly(Fixtures.anomaly("checkout", "http.server.request.duration", 1, 3, 0.8));
    Prediction pred = predictions.list(null, null, null, null, 10, null).items().get(0);
    for (int i = 0; i < 10; i++) {
      p.feedback(pred.id(), FeedbackLabel.FALSE_POSITIVE, "noise", Fixtures.T0.plusSeconds(i));
    }
    TrackRecord r = p.trackRecords().get("memory leak");
    assertThat(r.labels()).isEqualTo(10);
    assertThat(r.precision()).isEqualTo(0.0);
    assertThat(p.calibrated("memory leak", pred.confidence())).isLessThan(pred.confidence());
    SituationPipeline restarted = pipeline(memoryLeakHistory());
    assertThat(restarted.trackRecords().get("memory leak").labels()).isEqualTo(10);
    assertThat(p.feedback("nope", FeedbackLabel.TRUE_POSITIVE, null, Fixtures.T0)).isEmpty();
  }
}
