package dev.precursor.servicenow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.precursor.ConfigException;
import dev.precursor.config.ConfigKeyProvider;
import dev.precursor.config.PrecursorConfig;
import dev.precursor.memory.IncidentSourceProvider;
import dev.precursor.ticket.TicketSinkProvider;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ServiceNowConfigTest {
  private static PrecursorConfig with(Map<String, String> m) {
    return PrecursorConfig.defaults().with(m);
  }

  @Test
  void providersAndKeysAreFoundThroughServiceLoader() {
    assertThat(ServiceLoader.load(TicketSinkProvider.class).stream().map(p -> p.get().name()))
        .contains("servicenow");
    assertThat(ServiceLoader.load(IncidentSourceProvider.class).stream().map(p -> p.get().scheme()))
        .contains("servicenow");
    assertThat(
            ServiceLoader.load(ConfigKeyProvider.class).stream()
                .map(p -> p.type().getName())
                .toList())
        .contains(ServiceNowKeys.class.getName());
    assertThat(PrecursorConfig.defaults().schema().find("servicenow.reopen-window")).isPresent();
  }

  @Test
  void disabledWithoutAUrl() {
    assertThat(new ServiceNowTicketSinkProvider().create(PrecursorConfig.defaults())).isEmpty();
    assertThat(new ServiceNowIncidentSourceProvider().create(PrecursorConfig.defaults())).isEmpty();
  }

  @Test
  void readsEveryKeyWithDefaults() {
    ServiceNowConfig c =
        ServiceNowConfig.from(
            with(
                Map.of(
                    "servicenow.url", "https://acme.service-now.com/",
                    "servicenow.user", "svc",
                    "servicenow.password", " pass with spaces ",
                    "servicenow.cmdb-ci", "checkout=abc, *=Online Shop")));
    assertThat(c.url()).isEqualTo("https://acme.service-now.com");
    assertThat(c.auth()).isEqualTo(ServiceNowConfig.Auth.BASIC);
    assertThat(c.password()).isEqualTo(" pass with spaces ");
    assertThat(c.cmdbCiFor("checkout")).contains("abc");
    assertThat(c.cmdbCiFor("payments")).contains("Online Shop");
    assertThat(c.closeCode()).isEqualTo("Solved (Permanently)");
    assertThat(c.resolveState()).isEqualTo("6");
    assertThat(c.reopenState()).isEqualTo("2");
    assertThat(c.reopenWindow()).isEqualTo(Duration.ofHours(24));
    assertThat(c.problemRecords()).isFalse();
    assertThat(c.category()).isEqualTo("software");
    assertThat(c.environment()).isEqualTo("production");
    assertThat(c.toString()).doesNotContain("pass with spaces");
  }

  @Test
  void reportsEveryProblemTogether() {
    assertThatThrownBy(
            () ->
                ServiceNowConfig.from(
                    with(
                        Map.of(
                            "servicenow.url", "acme.service-now.com",
                            "servicenow.auth", "oauth-password",
                            "servicenow.cmdb-ci", "checkout",
                            "servicenow.resolve-state", "Resolved",
                            "servicenow.close-code", " "))))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anyMatch(p -> p.startsWith("servicenow.url: expected an http(s) URL"))
                    .anyMatch(
                        p -> p.startsWith("servicenow.user and servicenow.password: required"))
                    .anyMatch(
                        p -> p.startsWith("servicenow.client-id and servicenow.client-secret"))
                    .anyMatch(p -> p.startsWith("servicenow.cmdb-ci: expected service=ci pairs"))
                    .anyMatch(p -> p.startsWith("servicenow.resolve-state: expected a numeric"))
                    .anyMatch(p -> p.startsWith("servicenow.close-code: must not be empty")));
    assertThatThrownBy(
            () ->
                ServiceNowConfig.from(
                    with(
                        Map.of(
                            "servicenow.url",
                            "https://x.service-now.com",
                            "servicenow.auth",
                            "kerberos"))))
        .hasMessageContaining(
            "servicenow.auth: expected basic, oauth-password or oauth-client-credentials, got 'kerberos'");
  }

  @Test
  void clientCredentialsNeedNoUser() {
    ServiceNowConfig c =
        ServiceNowConfig.from(
            with(
                Map.of(
                    "servicenow.url", "https://x.service-now.com",
                    "servicenow.auth", "oauth-client-credentials",
                    "servicenow.client-id", "id",
                    "servicenow.client-secret", "secret")));
    assertThat(c.auth()).isEqualTo(ServiceNowConfig.Auth.OAUTH_CLIENT_CREDENTIALS);
    assertThat(c.user()).isNull();
  }

  @Test
  void selectionParsing() {
    assertThat(ServiceNowIncidentSource.parse("incident").encoded())
        .isEqualTo("stateIN6,7^ORDERBYsys_created_on");
    assertThat(ServiceNowIncidentSource.parse("").table()).isEqualTo("incident");
    assertThat(ServiceNowIncidentSource.parse("incident?^priority=1").encoded())
        .isEqualTo("stateIN6,7^priority=1^ORDERBYsys_created_on");
    assertThat(ServiceNowIncidentSource.parse("problem?category=network").encoded())
        .isEqualTo("active=false^category=network^ORDERBYsys_created_on");
  }
}
