package dev.precursor.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.precursor.model.Direction;
import dev.precursor.model.SimilarIncident;
import dev.precursor.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What incident memory must do on every store; run on H2 (Test) and PostgreSQL (IT). */
public abstract class IncidentMemoryContract {
  private Store store;
  private IncidentMemory memory;

  /** A fresh, migrated, empty store. */
  protected abstract Store newStore();

  @BeforeEach
  void open() {
    store = newStore();
    memory = memory(store);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static IncidentMemory memory(Store s) {
    return new IncidentMemory(
        new JdbcIncidentStore(s, Clock.systemUTC()),
        IncidentExtractor.deterministic(),
        Examples::embedder);
  }

  private List<LearnResult> learnExamples() {
    return memory.learnAll(Examples.documents());
  }

  @Test
  void learnsEveryExampleOnceAndIsIdempotent() {
    List<LearnResult> first = learnExamples();
    assertThat(first).extracting(LearnResult::status).containsOnly(LearnResult.Status.CREATED);
    assertThat(memory.size()).isEqualTo(Examples.files().size());
    List<LearnResult> again = learnExamples();
    assertThat(again).extracting(LearnResult::status).containsOnly(LearnResult.Status.UNCHANGED);
    assertThat(again)
        .extracting(r -> r.incident().id())
        .containsExactlyElementsOf(first.stream().map(r -> r.incident().id()).toList());
    assertThat(memory.size()).isEqualTo(Examples.files().size());
  }

  @Test
  void replacesAChangedDocumentFromTheSameSource() {
    SourceDocument v1 =
        SourceDocument.of(
            "notes/disk.md",
            "# Disk full on build agents\n\nNo space left on device on the CI agents.\n",
            SourceDocument.Format.MARKDOWN);
    SourceDocument v2 =
        SourceDocument.of(
            "notes/disk.md",
            "# Disk full on build agents\n\nNo space left on device; docker images filled /var.\n",
            SourceDocument.Format.MARKDOWN);
    LearnResult a = memory.learn(v1);
    LearnResult b = memory.learn(v2);
    assertThat(a.status()).isEqualTo(LearnResult.Status.CREATED);
    assertThat(b.status()).isEqualTo(LearnResult.Status.UPDATED);
    assertThat(b.incident().id()).isEqualTo(a.incident().id());
    assertThat(memory.all())
        .singleElement()
        .satisfies(i -> assertThat(i.summary()).contains("docker"));
  }

  @Test
  void findsMemoryLeaksForSlowLatencyAndMemoryCreep() {
    learnExamples();
    List<SimilarIncident> top =
        memory.similar("p99 latency rising slowly after deploy, memory creeping", 5);
    assertThat(top).hasSize(5);
    for (SimilarIncident s : top.subList(0, 3)) {
      assertThat(memory.get(s.id()).orElseThrow().family())
          .as(s.title())
          .isEqualTo(FailureFamily.MEMORY_LEAK);
    }
    assertThat(top.get(0).similarity()).isBetween(0.0, 1.0);
    assertThat(top.get(0).space()).isIn("symptom", "cause", "precursor", "resolution");
    assertThat(top.get(0).resolution()).isNotBlank();
    assertThat(top).isSortedAccordingTo((x, y) -> Double.compare(y.similarity(), x.similarity()));
  }

  @Test
  void matchesLiveSignaturesWithoutTheEmbeddingModel() {
    learnExamples();
    IncidentMemory fresh =
        new IncidentMemory(
            new JdbcIncidentStore(store, Clock.systemUTC()),
            IncidentExtractor.deterministic(),
            () -> {
              throw new AssertionError("signature matching must not load the embedding model");
            });
    PrecursorSignature live =
        PrecursorSignature.of(
            List.of(
                new PrecursorSignature.Component(
                    MetricKind.CONNECTION_POOL, Direction.UP, VelocityBand.FAST),
                new PrecursorSignature.Component(
                    MetricKind.LATENCY, Direction.UP, VelocityBand.FAST)),
            Duration.ofHours(3));
    List<SimilarIncident> top = fresh.similar(live, 3);
    assertThat(top).isNotEmpty();
    assertThat(top.get(0).space()).isEqualTo("signature");
    assertThat(fresh.get(top.get(0).id()).orElseThrow().family())
        .isEqualTo(FailureFamily.CONNECTION_POOL_EXHAUSTION);
  }

  @Test
  void keepsIncidentsAndVectorsAcrossInstances() {
    learnExamples();
    List<SimilarIncident> before = memory.similar("No space left on device", 3);
    IncidentMemory reopened = memory(store);
    assertThat(reopened.similar("No space left on device", 3)).isEqualTo(before);
    assertThat(reopened.all()).hasSize(Examples.files().size());
    Incident any = reopened.all().get(0);
    assertThat(reopened.get(any.id())).contains(any);
    assertThat(reopened.get("inc-does-not-exist")).isEmpty();
  }

  @Test
  void seesIncidentsAddedByAnotherInstance() {
    IncidentMemory other = memory(store);
    memory.learn(
        SourceDocument.of(
            "a.md",
            "# Cert expired\n\nTLS handshake failed: certificate has expired.\n",
            SourceDocument.Format.MARKDOWN));
    assertThat(other.similar("certificate expired", 5)).hasSize(1);
    memory.learn(
        SourceDocument.of(
            "b.md", "# Disk full\n\nNo space left on device.\n", SourceDocument.Format.MARKDOWN));
    assertThat(other.similar("certificate expired", 5)).hasSize(2);
  }

  @Test
  void rejectsEmptyQueries() {
    assertThatThrownBy(() -> memory.similar(" ", 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> memory.similar("x", 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addsAStructuredIncident() {
    Incident i =
        Incident.builder()
            .title("Queue backlog on billing events")
            .family(FailureFamily.QUEUE_BACKLOG)
            .services(List.of("billing-consumer"))
            .precursors(
                List.of(
                    new PrecursorSignal(
                        MetricKind.QUEUE_DEPTH,
                        Direction.UP,
                        VelocityBand.SLOW,
                        Duration.ofMinutes(45),
                        "billing-consumer",
                        "consumer lag rising for 45 minutes",
                        1.0)))
            .build();
    LearnResult r = memory.add(i, "api");
    assertThat(r.status()).isEqualTo(LearnResult.Status.CREATED);
    Incident stored = memory.get(r.incident().id()).orElseThrow();
    assertThat(stored.family()).isEqualTo(FailureFamily.QUEUE_BACKLOG);
    assertThat(stored.precursors()).hasSize(1);
    assertThat(memory.add(i, "api").status()).isEqualTo(LearnResult.Status.UNCHANGED);
  }
}
