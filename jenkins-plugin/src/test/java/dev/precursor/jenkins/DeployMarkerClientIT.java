package dev.precursor.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.precursor.jenkins.FakeEngine.Answer;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DeployMarkerClientIT {
  private final FakeEngine engine = new FakeEngine();
  private final List<Duration> sleeps = new ArrayList<>();

  @AfterEach
  void stop() {
    engine.close();
  }

  private DeployMarkerClient client(String token) {
    return DeployMarkerClient.builder(engine.uri())
        .token(token)
        .initialBackoff(Duration.ofMillis(100))
        .sleeper(sleeps::add)
        .build();
  }

  private static DeployEvent event() {
    return DeployEvent.of(
        "checkout", "1.4.2", "prod", null, null, null, "deploy", CiEnvironment.NONE);
  }

  @Test
  void retries503AndHonoursRetryAfterThenSucceeds() {
    engine.then(
        "/api/v1/deploys",
        Answer.json(503, "{\"error\":\"unavailable\"}"),
        new Answer(429, "{\"error\":\"slow down\"}", Map.of("Retry-After", "2")),
        Answer.json(201, "{\"id\":\"d1\",\"service\":\"checkout\",\"version\":\"1.4.2\"}"));
    assertThat(client("t0k").mark(event()).path("id").asText()).isEqualTo("d1");
    assertThat(engine.requests)
        .hasSize(3)
        .allSatisfy(
            r -> {
              assertThat(r.headers().get("Authorization")).containsExactly("Bearer t0k");
              assertThat(r.body())
                  .contains("\"service\":\"checkout\"")
                  .contains("\"source\":\"manual\"");
            });
    assertThat(sleeps).hasSize(2);
    assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(151));
    assertThat(sleeps.get(1)).isBetween(Duration.ofSeconds(2), Duration.ofMillis(3001));
  }

  @Test
  void badRequestIsFinalAndNamesTheProblem() {
    engine.always(
        "/api/v1/deploys",
        Answer.json(400, "{\"error\":\"invalid deploy\",\"detail\":\"'version' is required\"}"));
    assertThatThrownBy(() -> client(null).mark(event()))
        .isInstanceOfSatisfying(
            DeployMarkerClient.EngineException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("invalid deploy: 'version' is required");
    assertThat(engine.requests).hasSize(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void unreachableEngineSaysWhatToDo() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    DeployMarkerClient c =
        DeployMarkerClient.builder(URI.create("http://127.0.0.1:" + port))
            .maxAttempts(2)
            .sleeper(sleeps::add)
            .build();
    assertThatThrownBy(() -> c.mark(event()))
        .hasMessageContaining("cannot reach the engine")
        .hasMessageContaining("PRECURSOR_ENGINE_URL");
    assertThat(sleeps).hasSize(1);
  }

  @Test
  void cliMarksWithCiEnvironmentAndReportsTheId() {
    engine.always(
        "/api/v1/deploys",
        Answer.json(
            201,
            "{\"id\":\"d9\",\"service\":\"cart\",\"version\":\"7\",\"at\":\"2026-11-23T10:00:00Z\",\"source\":\"jenkins:shop#5\"}"));
    Map<String, String> env =
        Map.of(
            "PRECURSOR_ENGINE_URL",
            engine.uri().toString(),
            "PRECURSOR_API_TOKEN",
            "abc",
            "JOB_NAME",
            "shop",
            "BUILD_NUMBER",
            "5",
            "GIT_COMMIT",
            "c0ffee");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CommandLine cl = new CommandLine(new DeployMarkCommand(env));
    cl.setOut(new PrintWriter(out, true));
    int code = cl.execute("--service", "cart", "--version", "7", "--environment", "staging");
    assertThat(code).isZero();
    assertThat(out.toString()).contains("Recorded deploy d9");
    assertThat(engine.requests)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.body())
                  .contains("\"commit\":\"c0ffee\"")
                  .contains("\"environment\":\"staging\"")
                  .contains("\"source\":\"jenkins:shop#5\"");
              assertThat(r.headers().get("Authorization")).containsExactly("Bearer abc");
            });
  }

  @Test
  void cliRejectsBadTimeWithExitTwo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cl =
        new CommandLine(
            new DeployMarkCommand(Map.of("PRECURSOR_ENGINE_URL", engine.uri().toString())));
    cl.setErr(new PrintWriter(err, true));
    assertThat(cl.execute("--service", "a", "--version", "1", "--at", "yesterday")).isEqualTo(2);
    assertThat(err.toString()).contains("--at").contains("RFC 3339");
    assertThat(engine.requests).isEmpty();
  }
}
