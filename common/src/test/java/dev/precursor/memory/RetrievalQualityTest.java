package dev.precursor.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precursor.store.Store;
import dev.precursor.store.StoreFixtures;
import java.time.Clock;
import java.util.List;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Retrieval quality of the deterministic extractor + MiniLM on the labeled set. The floors are well
 * below the measured figures (docs/memory.md) and catch regressions, not noise: the model and the
 * data are deterministic.
 */
class RetrievalQualityTest {
  private static final Logger LOG = Logger.getLogger(RetrievalQualityTest.class.getName());

  @Test
  void deterministicExtractorRetrievesLabeledIncidents() {
    try (Store store = StoreFixtures.h2()) {
      IncidentMemory memory =
          new IncidentMemory(
              new JdbcIncidentStore(store, Clock.systemUTC()),
              IncidentExtractor.deterministic(),
              Examples::embedder);
      memory.learnAll(Examples.documents());
      List<RetrievalEvaluation.Query> queries =
          RetrievalEvaluation.load(Examples.dir().getParent().resolve("incident-queries.json"));
      RetrievalEvaluation.Result r = RetrievalEvaluation.evaluate(memory, queries);
      LOG.info(() -> "deterministic extractor: " + r.summary());
      r.misses()
          .forEach(m -> LOG.info(() -> "  rank " + m.rank() + ": " + m.query() + " -> " + m.top()));
      assertThat(r.queries()).isGreaterThanOrEqualTo(30);
      assertThat(r.recallAt5()).isGreaterThanOrEqualTo(0.9);
      assertThat(r.recallAt1()).isGreaterThanOrEqualTo(0.7);
    }
  }
}
