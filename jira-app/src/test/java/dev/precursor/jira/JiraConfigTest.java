package dev.precursor.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.precursor.ConfigException;
import dev.precursor.config.PrecursorConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JiraConfigTest {
  @Test
  void reportsEveryProblemAtOnce() {
    PrecursorConfig c =
        PrecursorConfig.defaults()
            .with(
                Map.of(
                    "jira.url", "jira.example.com",
                    "jira.api-version", "4",
                    "jira.priority-mapping", "high=Highest",
                    "jira.custom-fields", "not a field"));
    assertThatThrownBy(() -> JiraConfig.from(c))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .anyMatch(p -> p.startsWith("jira.url"))
                    .anyMatch(p -> p.startsWith("jira.token"))
                    .anyMatch(p -> p.startsWith("jira.project"))
                    .anyMatch(p -> p.startsWith("jira.api-version"))
                    .anyMatch(p -> p.startsWith("jira.priority-mapping"))
                    .anyMatch(p -> p.startsWith("jira.custom-fields")));
  }

  @Test
  void masksTheTokenAndReadsDefaults() {
    JiraConfig c =
        JiraConfig.from(
            PrecursorConfig.defaults()
                .with(
                    Map.of(
                        "jira.url", "https://acme.atlassian.net/",
                        "jira.user", "bot@acme.com",
                        "jira.token", "very-secret",
                        "jira.project", "OPS")));
    assertThat(c.toString()).doesNotContain("very-secret").contains("****");
    assertThat(c.url().toString()).isEqualTo("https://acme.atlassian.net");
    assertThat(c.cloud()).isTrue();
    assertThat(c.resolveTransition()).isEqualTo("Done");
    assertThat(c.isWontDo("won't do")).isTrue();
    assertThat(c.isWontDo("Fixed")).isFalse();
    assertThat(c.priorities().firstEntry().getValue()).isEqualTo("Highest");
    assertThat(PrecursorConfig.defaults().describe()).contains("webhook-secret: ~");
  }

  @Test
  void providersAreFoundAndDisabledWithoutAUrl() {
    assertThat(
            java.util.ServiceLoader.load(dev.precursor.ticket.TicketSinkProvider.class).stream()
                .map(p -> p.get().name()))
        .contains("jira");
    assertThat(new JiraTicketSinkProvider().create(PrecursorConfig.defaults())).isEmpty();
    assertThat(new JiraIncidentSourceProvider().create(PrecursorConfig.defaults())).isEmpty();
  }
}
