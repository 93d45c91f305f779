package dev.precursor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precursor.config.PrecursorConfig;
import dev.precursor.correlate.SituationDetail;
import dev.precursor.correlate.SituationEvent;
import dev.precursor.draft.AdfValidator;
import dev.precursor.model.Anomaly;
import dev.precursor.model.Deploy;
import dev.precursor.model.Direction;
import dev.precursor.model.Evidence;
import dev.precursor.model.Hypothesis;
import dev.precursor.model.Json;
import dev.precursor.model.Prediction;
import dev.precursor.model.RootCause;
import dev.precursor.model.SeriesKey;
import dev.precursor.model.SimilarIncident;
import dev.precursor.model.Situation;
import dev.precursor.model.Tier;
import dev.precursor.model.Velocity;
import dev.precursor.server.Engine;
import dev.precursor.server.EngineServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The draft endpoints and the draft command, through a real engine and its store. */
class DraftIT {
  @TempDir Path dir;
  private EngineServer server;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  static Instant t(String hhmmss) {
    return Instant.parse("2026-11-23T" + hhmmss + "Z");
  }

  private Map<String, String> settings() {
    return Map.of(
        "store.url", "jdbc:h2:file:" + dir.resolve("store") + ";AUTO_SERVER=FALSE",
        "api.port", "0",
        "api.host", "127.0.0.1",
        "otlp.grpc-port", "0",
        "otlp.http-port", "0");
  }

  @BeforeEach
  void start() {
    server = EngineServer.start(PrecursorConfig.defaults().with(settings()), Clock.systemUTC());
    Engine e = server.engine();
    Deploy deploy =
        new Deploy(
            "d-1",
            "payments-api",
            "2.14.0",
            "production",
            t("13:58:00"),
            Deploy.Kind.DEPLOY,
            "9f3c2ab1",
            null,
            "jenkins");
    e.deploys().save(deploy);
    Anomaly a =
        new Anomaly(
            SeriesKey.of("checkout-api", "http.server.error_ratio"),
            t("14:05:00"),
            t("14:07:00"),
            0.9,
            Direction.UP,
            0.032,
            0.004,
            Velocity.UNKNOWN);
    Anomaly pool =
        new Anomaly(
            SeriesKey.of("payments-api", "db.client.connections.usage"),
            t("14:01:30"),
            t("14:06:00"),
            0.97,
            Direction.UP,
            48,
            12,
            Velocity.UNKNOWN);
    Situation s =
        new Situation(
            "s-1",
            "resolved",
            t("14:02:00"),
            t("14:41:00"),
            List.of("payments-api", "checkout-api"),
            List.of(pool, a),
            List.of(
                new Hypothesis(
                    "payments-api",
                    "Connection pool exhausted after 2.14.0",
                    0.8,
                    List.of(
                        new Evidence(
                            "deploy",
                            null,
                            t("13:58:00"),
                            null,
                            "payments-api 2.14.0 deployed before the first anomaly")))),
            List.of(deploy),
            List.of());
    Prediction p =
        new Prediction(
            "p-1",
            "s-1",
            "checkout-api",
            Tier.ALERT,
            0.91,
            t("14:07:30"),
            t("14:20:00"),
            "connection-pool-exhaustion",
            List.of(
                new SimilarIncident(
                    "INC-1042",
                    "Checkout 5xx after pool resize",
                    0.87,
                    "signature",
                    "Rolled back payments-api")),
            new RootCause("payments-api", "deploy", "Pool exhausted after deploy 2.14.0"),
            "Roll back payments-api to 2.13.4",
            "resolved");
    e.predictions().save(p);
    e.situations()
        .save(
            new SituationDetail(
                s,
                p.similarIncidents(),
                p,
                List.of(new SituationEvent(t("14:19:00"), "threshold", "error ratio above 5%")),
                t("14:41:00")));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.apiPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private int cli(String... args) {
    CommandLine cl = PrecursorCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void ticketEndpointRendersEveryFormat() throws Exception {
    HttpResponse<String> md = get("/api/v1/situations/s-1/ticket");
    assertThat(md.statusCode()).isEqualTo(200);
    assertThat(md.headers().firstValue("Content-Type").orElse("")).startsWith("text/markdown");
    assertThat(md.body())
        .startsWith(
            "# Predicted incident: connection pool exhaustion on checkout-api"
                + " (probable cause: payments-api 2.14.0 deploy)")
        .contains("| checkout-api | http.server.error_ratio | 3.2% | 0.4% | +700% |")
        .contains("INC-1042")
        .contains("[s-1](http://localhost:");

    HttpResponse<String> adf = get("/api/v1/situations/s-1/ticket?format=adf");
    assertThat(adf.statusCode()).isEqualTo(200);
    assertThat(AdfValidator.validate(Json.mapper().readTree(adf.body()))).isEmpty();

    HttpResponse<String> bad = get("/api/v1/situations/s-1/ticket?format=html");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(Json.mapper().readTree(bad.body()).path("detail").asText())
        .isEqualTo("unknown format 'html', expected one of markdown, adf, wiki, text");

    assertThat(get("/api/v1/situations/nope/postmortem").statusCode()).isEqualTo(404);
  }

  @Test
  void postmortemUsesTheThresholdEventForLeadTime() throws Exception {
    HttpResponse<String> wiki = get("/api/v1/situations/s-1/postmortem?format=wiki");
    assertThat(wiki.statusCode()).isEqualTo(200);
    assertThat(wiki.body())
        .startsWith("h1. Postmortem: connection pool exhaustion on checkout-api, 2026-11-23")
        .contains("h2. Detection")
        .contains(
            "Lead time: the alert-tier prediction came 12 min before the static"
                + " threshold alert.");
  }

  @Test
  void commandAsksTheRunningEngine() {
    int code =
        cli(
            "draft",
            "--engine",
            "http://127.0.0.1:" + server.apiPort(),
            "--situation",
            "s-1",
            "--kind",
            "postmortem",
            "--format",
            "text");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .startsWith("Postmortem: connection pool exhaustion on checkout-api, 2026-11-23\n====")
        .contains("\nDetection\n---------\n");
    assertThat(err.toString()).contains("asking the engine at http://127.0.0.1:");
  }

  @Test
  void commandReadsTheStoreWhenNoEngineAnswers() throws Exception {
    int port = server.apiPort();
    server.close();
    server = null;
    Path cfg = dir.resolve("precursor.yaml");
    Files.writeString(
        cfg,
        "store:\n  url: \"" + settings().get("store.url") + "\"\napi:\n  port: " + port + "\n");
    int code =
        cli(
            "draft",
            "--config",
            cfg.toString(),
            "--engine",
            "http://127.0.0.1:" + port,
            "--situation",
            "s-1");
    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).contains("no engine answers at http://127.0.0.1:" + port);
    assertThat(out.toString()).startsWith("# Predicted incident: connection pool exhaustion");

    assertThat(
            cli(
                "draft",
                "--config",
                cfg.toString(),
                "--engine",
                "http://127.0.0.1:" + port,
                "--situation",
                "s-404"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("situation 's-404' not found in the store");
  }

  @Test
  void badUsageExitsTwo() {
    assertThat(cli("draft", "--situation", "s-1", "--kind", "rca")).isEqualTo(2);
    assertThat(err.toString()).contains("--kind: expected ticket or postmortem, got 'rca'");
    assertThat(cli("draft", "--situation", "s-1", "--format", "pdf")).isEqualTo(2);
    assertThat(cli("draft")).isEqualTo(2);
  }
}
