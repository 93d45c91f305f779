package dev.precursor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.config.PrecursorConfig;
import dev.precursor.jenkins.CiEnvironment;
import dev.precursor.jenkins.DeployEvent;
import dev.precursor.jenkins.DeployMarkerClient;
import dev.precursor.model.Deploy;
import dev.precursor.server.EngineServer;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CI client and the deploy-mark command against a real engine on loopback. */
class DeployMarkIT {
  private final EngineServer server =
      EngineServer.start(
          PrecursorConfig.defaults()
              .with(
                  Map.of(
                      "store.url",
                      "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                      "api.port",
                      "0",
                      "api.host",
                      "127.0.0.1",
                      "api.token",
                      "s3cret",
                      "otlp.grpc-port",
                      "0",
                      "otlp.http-port",
                      "0")),
          Clock.systemUTC());

  @AfterEach
  void stop() {
    server.close();
  }

  private URI engine() {
    return URI.create("http://127.0.0.1:" + server.apiPort());
  }

  @Test
  void clientMarkAppearsInDeploysAndRepeatsAreOneDeploy() {
    DeployMarkerClient client = DeployMarkerClient.builder(engine()).token("s3cret").build();
    Instant at = Instant.parse("2026-11-23T10:00:00Z");
    CiEnvironment ci =
        CiEnvironment.detect(
            Map.of(
                "JOB_NAME",
                "shop/cache",
                "BUILD_NUMBER",
                "4521",
                "BUILD_URL",
                "https://ci/job/4521/",
                "GIT_COMMIT",
                "3f9c2ab"));
    JsonNode first =
        client.mark(DeployEvent.of("cache", "2.3.1", "production", null, null, at, "deploy", ci));
    JsonNode again =
        client.mark(DeployEvent.of("cache", "2.3.1", "production", null, null, at, "deploy", ci));
    assertThat(again.path("id").asText()).isEqualTo(first.path("id").asText());

    assertThat(server.engine().deploys().list(null, null, "cache", 10, null).items())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.version()).isEqualTo("2.3.1");
              assertThat(d.at()).isEqualTo(at);
              assertThat(d.commit()).isEqualTo("3f9c2ab");
              assertThat(d.url()).isEqualTo("https://ci/job/4521/");
              assertThat(d.source()).isEqualTo("jenkins:shop/cache#4521");
              assertThat(d.kind()).isEqualTo(Deploy.Kind.DEPLOY);
            });
    JsonNode listed = client.get("/api/v1/deploys", Map.of("service", "cache"));
    assertThat(listed.path("items")).hasSize(1);
  }

  @Test
  void writeWithoutTokenIsRejectedAndChangesNothing() {
    DeployMarkerClient client = DeployMarkerClient.builder(engine()).maxAttempts(1).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                client.mark(
                    DeployEvent.of(
                        "cache", "1", null, null, null, null, "deploy", CiEnvironment.NONE)))
        .hasMessageContaining("401")
        .hasMessageContaining("PRECURSOR_API_TOKEN");
    assertThat(server.engine().deploys().list(null, null, null, 10, null).items()).isEmpty();
  }

  @Test
  void badDeployBodiesGet400AndChangeNothing() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    for (String body :
        new String[] {
          "{\"service\":\"a\"}",
          "{\"version\":\"1\"}",
          "[1,2]",
          "{not json",
          "{\"service\":\"a\",\"version\":\"1\",\"at\":\"yesterday\"}",
          "{\"service\":\"a\",\"version\":\"1\",\"kind\":\"rollout\"}"
        }) {
      var resp =
          http.send(
              java.net.http.HttpRequest.newBuilder(engine().resolve("/api/v1/deploys"))
                  .header("Authorization", "Bearer s3cret")
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(resp.statusCode()).as(body).isEqualTo(400);
      assertThat(resp.body()).as(body).contains("\"error\"").contains("\"detail\"");
    }
    assertThat(server.engine().deploys().list(null, null, null, 10, null).items()).isEmpty();
  }

  @Test
  void cliDeployMarkThroughThePrecursorCommand() {
    // the engine URL comes from --engine; the token from the environment is not set here, so use a
    // token-free engine
    int code =
        PrecursorCli.execute(
            "deploy-mark", "--engine", engine().toString(), "--service", "x", "--version", "1");
    assertThat(code)
        .isEqualTo(1); // 401: this engine requires api.token and PRECURSOR_API_TOKEN is unset
    assertThat(server.engine().deploys().list(null, null, null, 10, null).items()).isEmpty();
  }
}
