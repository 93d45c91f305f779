package dev.precursor.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.precursor.grafana.PluginLaunchIT.Launched;
import dev.precursor.grafana.frame.DecodedFrame;
import dev.precursor.grafana.pluginv2.CheckHealthRequest;
import dev.precursor.grafana.pluginv2.CheckHealthResponse;
import dev.precursor.grafana.pluginv2.DataGrpc;
import dev.precursor.grafana.pluginv2.DataResponse;
import dev.precursor.grafana.pluginv2.DiagnosticsGrpc;
import dev.precursor.grafana.pluginv2.QueryDataRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged plugin against the real engine ({@code precursor serve} from otel-processor's
 * packaged jar, in its own process with an H2 file store and {@code api.token}): CheckHealth's
 * reachability and token check against the engine's real authorisation, and deploy annotations from
 * a deploy recorded through the engine's API. Needs otel-processor packaged first, which the full
 * reactor build ({@code ./mvnw -B verify}) does; skipped otherwise.
 */
class RealEngineIT {
  private static final String TOKEN = "real-s3cret";

  @TempDir Path tmp;

  @Test
  void checksHealthAndMarksDeploysAgainstTheRealEngine() throws Exception {
    Path jar =
        Path.of("..", "otel-processor", "target", "precursor.jar").toAbsolutePath().normalize();
    assumeThat(Files.exists(jar)).as("otel-processor packaged (%s)", jar).isTrue();
    int apiPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      apiPort = s.getLocalPort();
    }
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "-XX:+UseSerialGC",
            "-Xmx512m",
            "-jar",
            jar.toString(),
            "serve");
    pb.directory(tmp.toFile());
    pb.environment().put("PRECURSOR_API_PORT", Integer.toString(apiPort));
    pb.environment().put("PRECURSOR_OTLP_GRPC_PORT", "0");
    pb.environment().put("PRECURSOR_OTLP_HTTP_PORT", "0");
    pb.environment().put("PRECURSOR_API_TOKEN", TOKEN);
    pb.environment()
        .put("PRECURSOR_STORE_URL", "jdbc:h2:file:" + tmp.resolve("store").toAbsolutePath());
    pb.redirectErrorStream(true);
    pb.redirectOutput(tmp.resolve("engine.log").toFile());
    long t0 = System.nanoTime();
    Process engine = pb.start();
    String url = "http://127.0.0.1:" + apiPort;
    HttpClient http = HttpClient.newHttpClient();
    try {
      Awaitility.await("engine health on " + url)
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .until(
              () ->
                  engine.isAlive()
                      && http.send(
                                  HttpRequest.newBuilder(URI.create(url + "/api/v1/health"))
                                      .build(),
                                  HttpResponse.BodyHandlers.discarding())
                              .statusCode()
                          == 200);
      System.out.printf("real engine ready after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      HttpResponse<String> posted =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/api/v1/deploys"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"service\":\"cart\",\"version\":\"v2.3.1\",\"environment\":\"prod\",\"at\":\"2026-03-01T09:58:00Z\",\"source\":\"it\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);

      Path pluginDir = PluginLaunchIT.unpack(tmp.resolve("plugins"));
      try (Launched plugin = PluginLaunchIT.launch(PluginLaunchIT.grafanaLike(pluginDir))) {
        var diag =
            DiagnosticsGrpc.newBlockingStub(plugin.channel())
                .withDeadlineAfter(30, TimeUnit.SECONDS);
        CheckHealthResponse ok =
            diag.checkHealth(
                CheckHealthRequest.newBuilder()
                    .setPluginContext(PluginLaunchIT.context(url, TOKEN, 1))
                    .build());
        assertThat(ok.getStatus())
            .as(ok.getMessage())
            .isEqualTo(CheckHealthResponse.HealthStatus.OK);
        assertThat(ok.getMessage()).contains("is reachable").contains("token accepted");

        CheckHealthResponse wrong =
            diag.checkHealth(
                CheckHealthRequest.newBuilder()
                    .setPluginContext(PluginLaunchIT.context(url, "nope", 2))
                    .build());
        assertThat(wrong.getStatus()).isEqualTo(CheckHealthResponse.HealthStatus.ERROR);
        assertThat(wrong.getMessage())
            .contains("rejected the token")
            .contains("does not match api.token");

        CheckHealthResponse none =
            diag.checkHealth(
                CheckHealthRequest.newBuilder()
                    .setPluginContext(PluginLaunchIT.context(url, null, 3))
                    .build());
        assertThat(none.getStatus()).isEqualTo(CheckHealthResponse.HealthStatus.OK);
        assertThat(none.getMessage()).contains("the engine requires one for writes");

        DataResponse anno =
            DataGrpc.newBlockingStub(plugin.channel())
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .queryData(
                    QueryDataRequest.newBuilder()
                        .setPluginContext(PluginLaunchIT.context(url, TOKEN, 1))
                        .addQueries(
                            PluginLaunchIT.query(
                                "Anno",
                                "{\"refId\":\"Anno\",\"queryType\":\"annotations\",\"service\":\"cart\"}"))
                        .build())
                .getResponsesOrThrow("Anno");
        assertThat(anno.getError()).isEmpty();
        List<DecodedFrame> frames = PluginLaunchIT.frames(anno);
        DecodedFrame f = frames.get(0);
        assertThat(f.column("title").values()).contains("Deploy: cart v2.3.1");
        assertThat(f.column("time").values()).contains(PluginLaunchIT.utc("2026-03-01T09:58:00Z"));
        assertThat((String) f.column("text").values().get(0))
            .contains("to prod")
            .contains("from it");
      }
    } finally {
      engine.destroy();
      if (!engine.waitFor(10, TimeUnit.SECONDS)) {
        engine.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      if (engine.exitValue() != 0 && engine.exitValue() != 143) {
        System.out.println(readLog());
      }
    }
  }

  private String readLog() {
    try {
      return Files.readString(tmp.resolve("engine.log"));
    } catch (IOException e) {
      return "(no engine log: " + e + ")";
    }
  }
}
