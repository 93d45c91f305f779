package dev.precursor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.precursor.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;
  private final ConfigSchema schema = ConfigSchema.load();

  @Test
  void defaultsMatchTheDesign() {
    PrecursorConfig c = ConfigLoader.load(schema, null, Map.of()).config();
    assertThat(c.api().port()).isEqualTo(8470);
    assertThat(c.otlp().grpcPort()).isEqualTo(4317);
    assertThat(c.otlp().httpPort()).isEqualTo(4318);
    assertThat(c.store().url()).isEqualTo("jdbc:h2:file:./data/precursor");
    assertThat(c.prediction().alertConfidence()).isEqualTo(0.85);
    assertThat(c.prediction().watchConfidence()).isEqualTo(0.70);
    assertThat(c.llm().isEnabled()).isFalse();
    assertThat(c.string("jira.issue-type")).contains("Bug");
    assertThat(c.list("kafka.topics")).containsExactly("otlp_metrics", "otlp_spans", "otlp_logs");
  }

  @Test
  void environmentOverridesTheFile() throws Exception {
    Path f = dir.resolve("p.yaml");
    Files.writeString(
        f, "api:\n  port: 9000\njira:\n  url: https://a.atlassian.net\nllm:\n  timeout: 2m\n");
    ConfigLoader.Result r =
        ConfigLoader.load(
            schema, f, Map.of("PRECURSOR_API_PORT", "9100", "PRECURSOR_ENGINE_URL", "x"));
    assertThat(r.config().api().port()).isEqualTo(9100);
    assertThat(r.config().string("jira.url")).contains("https://a.atlassian.net");
    assertThat(r.config().duration("llm.timeout")).isEqualTo(Duration.ofMinutes(2));
    assertThat(r.warnings()).singleElement().asString().contains("PRECURSOR_ENGINE_URL");
    assertThat(r.config().sources()).containsEntry("api.port", "env PRECURSOR_API_PORT");
  }

  @Test
  void reportsEveryProblemTogether() throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, "api:\n  prot: 1\notlp:\n  grpc-port: 70000\nbogus: true\n");
    assertThatThrownBy(() -> ConfigLoader.load(schema, f, Map.of("PRECURSOR_API_PORT", "abc")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(4)
                    .anySatisfy(p -> assertThat(p).contains("unknown key 'api.prot'"))
                    .anySatisfy(p -> assertThat(p).contains("unknown key 'bogus'"))
                    .anySatisfy(p -> assertThat(p).contains("otlp.grpc-port").contains("70000"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .contains("api.port")
                                .contains("PRECURSOR_API_PORT")
                                .contains("'abc'")));
  }

  @Test
  void missingFileIsAnError() {
    assertThatThrownBy(() -> ConfigLoader.load(schema, dir.resolve("nope.yaml"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nope.yaml");
  }

  @Test
  void tiersMustBeOrdered() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    schema, null, Map.of("PRECURSOR_PREDICTION_WATCH_CONFIDENCE", "0.9")))
        .hasMessageContaining("must not exceed");
  }

  @Test
  void describeMasksSecrets() {
    PrecursorConfig c =
        ConfigLoader.load(
                schema,
                null,
                Map.of("PRECURSOR_JIRA_TOKEN", "s3cret", "PRECURSOR_API_TOKEN", "t0k"))
            .config();
    assertThat(c.describe())
        .doesNotContain("s3cret")
        .doesNotContain("t0k")
        .contains("token: '****'");
  }

  @Test
  void durationsAcceptCommonForms() {
    assertThat(ConfigKey.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(ConfigKey.parseDuration("PT5S")).isEqualTo(Duration.ofSeconds(5));
    assertThat(ConfigKey.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThatThrownBy(() -> ConfigKey.parseDuration("soon")).hasMessageContaining("30s");
  }
}
