package dev.precursor.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.precursor.InvalidTelemetryException;
import dev.precursor.model.Deploy;
import dev.precursor.model.Direction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterministicExtractorTest {
  private final IncidentExtractor extractor = IncidentExtractor.deterministic();

  private Incident example(String name) {
    return extractor.extract(SourceDocument.read(Examples.file(name)));
  }

  @Test
  void decomposesAMarkdownPostmortem() {
    Incident i = example("2023-03-14-checkout-memory-leak.md");
    assertThat(i.title()).isEqualTo("Checkout latency degradation and OOM kills after v2.14.0");
    assertThat(i.family()).isEqualTo(FailureFamily.MEMORY_LEAK);
    assertThat(i.severity()).isEqualTo("SEV2");
    assertThat(i.services()).containsExactly("checkout-service", "cart-service", "api-gateway");
    assertThat(i.rootCauseService()).isEqualTo("checkout-service");
    assertThat(i.occurredAt()).isEqualTo(Instant.parse("2023-03-14T16:02:00Z"));
    assertThat(i.timeline()).hasSize(10);
    assertThat(i.timeline().get(0).at()).isEqualTo(Instant.parse("2023-03-14T09:55:00Z"));
    assertThat(i.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.version()).isEqualTo("v2.14.0");
              assertThat(c.kind()).isEqualTo(Deploy.Kind.DEPLOY);
              assertThat(c.at()).isEqualTo(Instant.parse("2023-03-14T09:55:00Z"));
            });
    assertThat(i.deployToImpact()).isEqualTo(Duration.ofMinutes(6 * 60 + 7));
    assertThat(i.precursors())
        .anySatisfy(
            p -> {
              assertThat(p.kind()).isEqualTo(MetricKind.MEMORY);
              assertThat(p.direction()).isEqualTo(Direction.UP);
              assertThat(p.velocity()).isEqualTo(VelocityBand.SLOW);
              assertThat(p.leadTime()).isEqualTo(Duration.ofMinutes(270));
            });
    assertThat(i.hypotheses()).anySatisfy(h -> assertThat(h.correct()).isFalse());
    assertThat(i.rootCauseFactors()).isNotEmpty();
    assertThat(i.contributingFactors()).hasSize(2);
    assertThat(i.resolution().get(0).action()).contains("Rolled back");
    assertThat(i.resolution().get(0).effect()).contains("recovered");
    assertThat(i.confidence()).containsKeys("title", "family", "precursors", "services");
    assertThat(i.confidenceOf("title")).isGreaterThan(0.9);
    assertThat(i.extractor()).isEqualTo("deterministic");
  }

  @Test
  void readsStructuredJsonFieldsWithFullConfidence() {
    Incident i = example("2023-11-02-image-resizer-native-leak.json");
    assertThat(i.family()).isEqualTo(FailureFamily.MEMORY_LEAK);
    assertThat(i.confidenceOf("family")).isEqualTo(1.0);
    assertThat(i.precursors()).hasSize(3);
    assertThat(i.precursors().get(0).leadTime()).isEqualTo(Duration.ofHours(12));
    assertThat(i.deployToImpact()).isEqualTo(Duration.parse("PT14H32M"));
    assertThat(i.hypotheses()).extracting(ConsideredHypothesis::correct).contains(true, false);
    assertThat(i.timeline()).hasSize(8);
  }

  @Test
  void readsPlainTextTicketsWithStampedWorkNotes() {
    Incident i = example("2024-10-29-websocket-gateway-listener-leak.txt");
    assertThat(i.family()).isEqualTo(FailureFamily.MEMORY_LEAK);
    assertThat(i.timeline()).hasSizeGreaterThan(5);
    assertThat(i.occurredAt()).isEqualTo(Instant.parse("2024-10-29T11:20:00Z"));
    assertThat(i.confidenceOf("title")).isLessThan(0.9);
  }

  @Test
  void recognisesEveryExampleFamily() {
    for (Path f : Examples.files()) {
      Incident i = extractor.extract(SourceDocument.read(f));
      assertThat(i.family()).as(f.getFileName().toString()).isNotEqualTo(FailureFamily.OTHER);
      assertThat(i.services()).as(f.getFileName().toString()).isNotEmpty();
      assertThat(i.resolution()).as(f.getFileName().toString()).isNotEmpty();
    }
  }

  @Test
  void classifiesConnectionPoolExhaustionAfterATimeoutChange() {
    Incident i = example("2023-05-17-orders-db-pool-exhaustion.md");
    assertThat(i.family()).isEqualTo(FailureFamily.CONNECTION_POOL_EXHAUSTION);
    assertThat(i.changes()).anySatisfy(c -> assertThat(c.version()).isEqualTo("r-1187"));
    assertThat(i.signature().components())
        .anySatisfy(c -> assertThat(c.kind()).isEqualTo(MetricKind.CONNECTION_POOL));
  }

  @Test
  void rejectsMalformedJsonNamingFileAndLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "{\n  \"title\": \"x\",\n  \"services\": [\n}");
    assertThatThrownBy(() -> extractor.extract(SourceDocument.read(f)))
        .isInstanceOf(InvalidTelemetryException.class)
        .hasMessageContaining("bad.json")
        .hasMessageContaining("line 4");
  }

  @Test
  void rejectsJsonWithoutTitleAndEmptyFiles(@TempDir Path dir) throws Exception {
    Path noTitle = dir.resolve("no-title.json");
    Files.writeString(noTitle, "{\"summary\": \"something broke\"}");
    assertThatThrownBy(() -> extractor.extract(SourceDocument.read(noTitle)))
        .isInstanceOf(InvalidTelemetryException.class)
        .hasMessageContaining("'title'");
    Path empty = dir.resolve("empty.md");
    Files.writeString(empty, "  \n\n");
    assertThatThrownBy(() -> SourceDocument.read(empty))
        .isInstanceOf(InvalidTelemetryException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void rejectsUnknownFamilyInJson(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("fam.json");
    Files.writeString(f, "{\"title\": \"t\", \"family\": \"gremlins\"}");
    assertThatThrownBy(() -> extractor.extract(SourceDocument.read(f)))
        .isInstanceOf(InvalidTelemetryException.class)
        .hasMessageContaining("gremlins")
        .hasMessageContaining("memory-leak");
  }

  @Test
  void detectsTheFamilyOfAQuery() {
    assertThat(DeterministicExtractor.familyOf("memory creeping after deploy"))
        .isEqualTo(FailureFamily.MEMORY_LEAK);
    assertThat(DeterministicExtractor.familyOf("No space left on device"))
        .isEqualTo(FailureFamily.DISK_FULL);
    assertThat(DeterministicExtractor.familyOf("the weather is nice"))
        .isEqualTo(FailureFamily.OTHER);
  }

  @Test
  void contentHashIgnoresLineEndingsAndTrailingSpaces() {
    SourceDocument a = SourceDocument.of("a", "# T\nline  \n", SourceDocument.Format.MARKDOWN);
    SourceDocument b = SourceDocument.of("b", "# T\r\nline\r\n", SourceDocument.Format.MARKDOWN);
    SourceDocument c = SourceDocument.of("c", "# T\nother\n", SourceDocument.Format.MARKDOWN);
    assertThat(a.contentHash()).isEqualTo(b.contentHash()).isNotEqualTo(c.contentHash());
  }
}
