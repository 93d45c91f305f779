package dev.precursor.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precursor.model.Anomaly;
import dev.precursor.model.Deploy;
import dev.precursor.model.Direction;
import dev.precursor.model.Evidence;
import dev.precursor.model.Hypothesis;
import dev.precursor.model.Prediction;
import dev.precursor.model.RootCause;
import dev.precursor.model.SeriesKey;
import dev.precursor.model.SimilarIncident;
import dev.precursor.model.Situation;
import dev.precursor.model.Tier;
import dev.precursor.model.Velocity;
import dev.precursor.predict.Feedback;
import dev.precursor.predict.FeedbackLabel;
import dev.precursor.predict.JdbcPredictionStore;
import dev.precursor.store.Page;
import dev.precursor.store.Store;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Contract of the situation and prediction stores; run on H2 and PostgreSQL. */
public abstract class SituationStoreContract {
  protected abstract Store store();

  private Store store;

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  private Store open() {
    if (store == null) {
      store = store();
    }
    return store;
  }

  static SituationDetail detail(String id, long openedSec, String state) {
    Instant at = Instant.ofEpochSecond(openedSec);
    Anomaly a =
        new Anomaly(
            SeriesKey.of("cache", "process.memory.usage"),
            at,
            at.plusSeconds(60),
            0.9,
            Direction.UP,
            900,
            500,
            new Velocity(1, Double.NaN, 0.5));
    Prediction p =
        new Prediction(
            "p-" + id,
            id,
            "frontend",
            Tier.ALERT,
            0.91,
            at.plusSeconds(60),
            null,
            "memory leak",
            List.of(new SimilarIncident("inc-1", "Leak", 0.9, "signature", "rolled back")),
            new RootCause("cache", "deploy", "cache: memory rising"),
            "Roll back cache",
            "open");
    Situation s =
        new Situation(
            id,
            state,
            at,
            state.equals("resolved") ? at.plusSeconds(600) : null,
            List.of("cache", "frontend"),
            List.of(a),
            List.of(
                new Hypothesis(
                    "cache",
                    "memory rising",
                    0.7,
                    List.of(new Evidence("deploy", null, at, null, "started 8 min after deploy")))),
            List.of(
                new Deploy(
                    "d1",
                    "cache",
                    "v2",
                    null,
                    at.minusSeconds(480),
                    Deploy.Kind.DEPLOY,
                    null,
                    null,
                    "ci")),
            List.of());
    return new SituationDetail(
        s,
        p.similarIncidents(),
        p,
        List.of(new SituationEvent(at, "opened", "first anomaly")),
        at.plusSeconds(60));
  }

  @Test
  void savesReadsReplacesAndPages() {
    JdbcSituationStore s = new JdbcSituationStore(open());
    s.save(detail("a", 1000, "open"));
    s.save(detail("b", 2000, "open"));
    s.save(detail("c", 3000, "resolved"));
    s.save(detail("b", 2000, "resolved"));
    SituationDetail b = s.get("b").orElseThrow();
    assertThat(b.situation().state()).isEqualTo("resolved");
    assertThat(b.situation().anomalies().get(0).velocity().per1h()).isNaN();
    assertThat(b.situation().hypotheses().get(0).evidence().get(0).summary())
        .isEqualTo("started 8 min after deploy");
    assertThat(b.prediction().rootCause().service()).isEqualTo("cache");
    assertThat(b.timeline()).hasSize(1);
    assertThat(s.get("zzz")).isEmpty();
    assertThat(s.list(null, null, "resolved", 10, null).items())
        .extracting(SituationDetail::id)
        .containsExactly("b", "c");
    Page<SituationDetail> first = s.list(null, null, null, 2, null);
    assertThat(first.items()).extracting(SituationDetail::id).containsExactly("a", "b");
    assertThat(first.nextCursor()).isNotNull();
    assertThat(s.list(null, null, null, 2, first.nextCursor()).items())
        .extracting(SituationDetail::id)
        .containsExactly("c");
    assertThat(
            s.list(Instant.ofEpochSecond(1500), Instant.ofEpochSecond(3000), null, 10, null)
                .items())
        .extracting(SituationDetail::id)
        .containsExactly("b");
  }

  @Test
  void predictionsFilterByTierAndServiceAndKeepFeedback() {
    JdbcPredictionStore p = new JdbcPredictionStore(open());
    p.save(detail("a", 1000, "open").prediction());
    Prediction watch =
        new Prediction(
            "p-w",
            "b",
            "search",
            Tier.WATCH,
            0.72,
            Instant.ofEpochSecond(2000),
            null,
            "retry storm",
            List.of(),
            null,
            "check search",
            "open");
    p.save(watch);
    assertThat(p.list(null, null, null, null, 10, null).items()).hasSize(2);
    assertThat(p.list(null, null, null, Tier.ALERT, 10, null).items())
        .extracting(Prediction::id)
        .containsExactly("p-a");
    assertThat(p.list(null, null, "cache", null, 10, null).items())
        .extracting(Prediction::id)
        .containsExactly("p-a");
    assertThat(p.list(null, null, "search", null, 10, null).items())
        .extracting(Prediction::id)
        .containsExactly("p-w");
    assertThat(p.get("p-w").orElseThrow().confidence()).isEqualTo(0.72);
    p.addFeedback(
        new Feedback(
            "f1",
            "p-a",
            "memory leak",
            FeedbackLabel.NEAR_MISS,
            0.91,
            Instant.ofEpochSecond(5),
            "caught it"));
    assertThat(p.feedback("memory leak")).hasSize(1);
    assertThat(p.feedback("memory leak").get(0).label()).isEqualTo(FeedbackLabel.NEAR_MISS);
    assertThat(p.allFeedback()).hasSize(1);
  }
}
