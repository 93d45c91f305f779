package dev.precursor.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.precursor.grafana.frame.DecodedFrame;
import dev.precursor.grafana.goplugin.Empty;
import dev.precursor.grafana.goplugin.GRPCControllerGrpc;
import dev.precursor.grafana.pluginv2.CallResourceRequest;
import dev.precursor.grafana.pluginv2.CallResourceResponse;
import dev.precursor.grafana.pluginv2.CheckHealthRequest;
import dev.precursor.grafana.pluginv2.CheckHealthResponse;
import dev.precursor.grafana.pluginv2.CollectMetricsRequest;
import dev.precursor.grafana.pluginv2.DataGrpc;
import dev.precursor.grafana.pluginv2.DataQuery;
import dev.precursor.grafana.pluginv2.DataResponse;
import dev.precursor.grafana.pluginv2.DataSourceInstanceSettings;
import dev.precursor.grafana.pluginv2.DiagnosticsGrpc;
import dev.precursor.grafana.pluginv2.PluginContext;
import dev.precursor.grafana.pluginv2.QueryDataRequest;
import dev.precursor.grafana.pluginv2.QueryDataResponse;
import dev.precursor.grafana.pluginv2.ResourceGrpc;
import dev.precursor.grafana.pluginv2.TimeRange;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Launches the packaged plugin (the zip {@code package} built) exactly as Grafana does: unpacked
 * with its file modes, the launcher executed with no arguments and only the environment Grafana
 * sets, the handshake line read from stdout, then pluginv2 calls over gRPC on loopback against an
 * engine HTTP API on loopback. Frames are decoded with Arrow's file reader.
 */
class PluginLaunchIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "s3cret";
  private static final Instant FROM = Instant.parse("2026-03-01T09:50:00Z");
  private static final Instant TO = Instant.parse("2026-03-01T10:40:00Z");

  @TempDir static Path unpacked;
  static Path pluginDir;

  @BeforeAll
  static void unpackPlugin() throws IOException {
    pluginDir = unpack(unpacked);
  }

  /** Unpacks the built plugin zip into dir, keeping file modes; returns the plugin folder. */
  static Path unpack(Path unpacked) throws IOException {
    Path zip = Path.of(System.getProperty("precursor.plugin.zip"));
    assertThat(zip).exists();
    try (FileSystem zfs =
        FileSystems.newFileSystem(zip, Map.of("enablePosixFileAttributes", "true"))) {
      Path root = zfs.getPath("/");
      try (Stream<Path> all = Files.walk(root)) {
        for (Path src : (Iterable<Path>) all::iterator) {
          Path dst = unpacked.resolve(root.relativize(src).toString());
          if (Files.isDirectory(src)) {
            Files.createDirectories(dst);
          } else {
            Files.copy(src, dst);
            Files.setPosixFilePermissions(dst, Files.getPosixFilePermissions(src));
          }
        }
      }
    }
    return unpacked.resolve(System.getProperty("precursor.plugin.id"));
  }

  /** A running plugin process and a channel to it. */
  record Launched(
      Process process,
      int port,
      long startupMs,
      StringBuffer stderr,
      StringBuffer laterStdout,
      ManagedChannel channel)
      implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }

    long rssKb() throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
      return -1;
    }
  }

  static ProcessBuilder grafanaLike() {
    return grafanaLike(pluginDir);
  }

  static ProcessBuilder grafanaLike(Path pluginDir) {
    ProcessBuilder pb =
        new ProcessBuilder(pluginDir.resolve("gpx_precursor_linux_amd64").toString());
    Map<String, String> env = pb.environment();
    env.clear(); // like Grafana with host environment forwarding off: no PATH, HOME or JAVA_HOME
    env.put("grafana_plugin_type", "datasource");
    env.put("PLUGIN_PROTOCOL_VERSIONS", "2");
    env.put("PLUGIN_MIN_PORT", "10000");
    env.put("PLUGIN_MAX_PORT", "25000");
    env.put("GF_VERSION", "11.5.0");
    env.put("GF_EDITION", "Open Source");
    // [plugin.precursor-incident-datasource] java_home = <the JDK running this test>
    env.put("GF_PLUGIN_JAVA_HOME", System.getProperty("java.home"));
    return pb;
  }

  static Launched launch() throws Exception {
    return launch(grafanaLike());
  }

  static Launched launch(ProcessBuilder pb) throws Exception {
    long t0 = System.nanoTime();
    Process p = pb.start();
    StringBuffer err = new StringBuffer();
    drain(p.getErrorStream(), err);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS);
    long startupMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(line)
        .as("handshake line; stderr: %s", err)
        .matches("1\\|2\\|tcp\\|127\\.0\\.0\\.1:\\d+\\|grpc");
    int port = Integer.parseInt(line.split("\\|")[3].split(":")[1]);
    assertThat(port)
        .isBetween(
            Integer.parseInt(pb.environment().get("PLUGIN_MIN_PORT")),
            Integer.parseInt(pb.environment().get("PLUGIN_MAX_PORT")));
    StringBuffer later = new StringBuffer();
    CompletableFuture.runAsync(() -> later.append(readAll(out)));
    ManagedChannel ch =
        NettyChannelBuilder.forAddress("127.0.0.1", port)
            .usePlaintext()
            .overrideAuthority("unused")
            .build();
    return new Launched(p, port, startupMs, err, later, ch);
  }

  private static String readLine(BufferedReader r) {
    try {
      return r.readLine();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String readAll(BufferedReader r) {
    StringBuilder sb = new StringBuilder();
    try {
      for (String l; (l = r.readLine()) != null; ) {
        sb.append(l).append('\n');
      }
    } catch (IOException e) {
      // process gone
    }
    return sb.toString();
  }

  private static void drain(InputStream in, StringBuffer into) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                  into.append(l).append('\n');
                }
              } catch (IOException e) {
                // process gone
              }
            });
    t.setDaemon(true);
    t.start();
  }

  static PluginContext context(String url, String token, long lastUpdated) {
    DataSourceInstanceSettings.Builder s =
        DataSourceInstanceSettings.newBuilder()
            .setUid("precursor-ds")
            .setName("Precursor")
            .setLastUpdatedMS(lastUpdated)
            .setJsonData(ByteString.copyFromUtf8(url == null ? "{}" : "{\"url\":\"" + url + "\"}"));
    if (token != null) {
      s.putDecryptedSecureJsonData("token", token);
    }
    return PluginContext.newBuilder()
        .setOrgId(1)
        .setPluginId("precursor-incident-datasource")
        .setPluginVersion("0.1.0")
        .setDataSourceInstanceSettings(s)
        .build();
  }

  static DataQuery query(String refId, String json) {
    String queryType = "";
    try {
      JsonNode n = JSON.readTree(json);
      queryType = n.path("queryType").asText("");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return DataQuery.newBuilder()
        .setRefId(refId)
        .setMaxDataPoints(100)
        .setIntervalMS(60_000)
        .setQueryType(queryType)
        .setTimeRange(
            TimeRange.newBuilder()
                .setFromEpochMS(FROM.toEpochMilli())
                .setToEpochMS(TO.toEpochMilli()))
        .setJson(ByteString.copyFromUtf8(json))
        .build();
  }

  static List<DecodedFrame> frames(DataResponse r) {
    assertThat(r.getError()).isEmpty();
    assertThat(r.getStatus()).isEqualTo(200);
    List<DecodedFrame> out = new ArrayList<>();
    r.getFramesList().forEach(b -> out.add(DecodedFrame.decode(b.toByteArray())));
    return out;
  }

  static JsonNode meta(DecodedFrame f) throws IOException {
    return JSON.readTree(f.metadata().get("meta"));
  }

  static LocalDateTime utc(String t) {
    return LocalDateTime.ofInstant(Instant.parse(t), ZoneOffset.UTC);
  }

  @Test
  void zipHasTheLayoutGrafanaLoads() throws IOException {
    JsonNode pj = JSON.readTree(pluginDir.resolve("plugin.json").toFile());
    assertThat(pj.get("id").asText())
        .isEqualTo("precursor-incident-datasource")
        .matches("^[0-9a-z]+-([0-9a-z]+-)?datasource$");
    assertThat(pj.get("type").asText()).isEqualTo("datasource");
    assertThat(pj.get("backend").asBoolean()).isTrue();
    assertThat(pj.get("alerting").asBoolean()).isTrue();
    assertThat(pj.get("annotations").asBoolean()).isTrue();
    assertThat(pj.get("executable").asText()).isEqualTo("gpx_precursor");
    assertThat(pj.at("/info/version").asText()).matches("\\d+\\.\\d+\\.\\d+");
    assertThat(pj.at("/info/updated").asText()).matches("\\d{4}-\\d\\d-\\d\\d");
    assertThat(pluginDir.resolve(pj.at("/info/logos/small").asText())).exists();
    assertThat(Files.getPosixFilePermissions(pluginDir.resolve("gpx_precursor_linux_amd64")))
        .contains(
            PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_EXECUTE);
    assertThat(pluginDir.resolve("README.md")).exists();
    assertThat(pluginDir.resolve("MANIFEST.txt")).doesNotExist();
    assertThat(pluginDir.resolve("examples/provisioning/datasources/precursor.yaml")).exists();
    assertThat(pluginDir.resolve("examples/dashboards/precursor-overview.json")).exists();
    try (Stream<Path> libs = Files.list(pluginDir.resolve("lib"))) {
      assertThat(libs.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("precursor-grafana-datasource"))
          .noneMatch(
              n ->
                  n.contains("precursor-common")
                      || n.contains("langchain4j")
                      || n.contains("onnx"));
    }
    Path module = pluginDir.resolve("module.js");
    assertThat(module).exists();
    String js = Files.readString(module);
    assertThat(js).startsWith("define(").contains("@grafana/data").contains("@grafana/runtime");
    for (String marker :
        List.of(
            "PanelCtrl",
            "QueryCtrl",
            "app/plugins/sdk",
            "System.register(",
            "ctrl.annotation",
            "getLegacyAngularInjector")) {
      assertThat(js).as("Angular marker %s", marker).doesNotContain(marker);
    }
  }

  @Test
  void refusesToRunWithoutGrafanasCookie() throws Exception {
    ProcessBuilder pb = grafanaLike();
    pb.environment().remove("grafana_plugin_type");
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
    assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("This binary is a plugin");
  }

  @Test
  void servesHealthEveryQueryTypeAndResources() throws Exception {
    try (FakeEngine engine = new FakeEngine(TOKEN);
        Launched plugin = launch()) {
      System.out.printf("plugin start-up (launch to handshake): %d ms%n", plugin.startupMs());

      HealthCheckResponse grpcHealth =
          HealthGrpc.newBlockingStub(plugin.channel())
              .check(HealthCheckRequest.newBuilder().setService("plugin").build());
      assertThat(grpcHealth.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

      var diag =
          DiagnosticsGrpc.newBlockingStub(plugin.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
      CheckHealthResponse ok =
          diag.checkHealth(
              CheckHealthRequest.newBuilder()
                  .setPluginContext(context(engine.url(), TOKEN, 1))
                  .build());
      assertThat(ok.getStatus()).as(ok.getMessage()).isEqualTo(CheckHealthResponse.HealthStatus.OK);
      assertThat(ok.getMessage())
          .contains("Precursor engine 0.1.0")
          .contains("token accepted")
          .contains("2026-03-01T10:30:00Z");
      assertThat(JSON.readTree(ok.getJsonDetails().toStringUtf8()).isObject()).isTrue();

      CheckHealthResponse badToken =
          diag.checkHealth(
              CheckHealthRequest.newBuilder()
                  .setPluginContext(context(engine.url(), "wrong", 2))
                  .build());
      assertThat(badToken.getStatus()).isEqualTo(CheckHealthResponse.HealthStatus.ERROR);
      assertThat(badToken.getMessage())
          .contains("rejected the token")
          .contains("secureJsonData.token");

      CheckHealthResponse down =
          diag.checkHealth(
              CheckHealthRequest.newBuilder()
                  .setPluginContext(context("http://127.0.0.1:1", TOKEN, 3))
                  .build());
      assertThat(down.getStatus()).isEqualTo(CheckHealthResponse.HealthStatus.ERROR);
      assertThat(down.getMessage())
          .contains("cannot reach the Precursor engine at http://127.0.0.1:1");

      CheckHealthResponse noUrl =
          diag.checkHealth(
              CheckHealthRequest.newBuilder().setPluginContext(context(null, null, 4)).build());
      assertThat(noUrl.getStatus()).isEqualTo(CheckHealthResponse.HealthStatus.ERROR);
      assertThat(noUrl.getMessage()).contains("no engine URL");

      PluginContext ctx = context(engine.url(), TOKEN, 5);
      QueryDataResponse resp =
          DataGrpc.newBlockingStub(plugin.channel())
              .withDeadlineAfter(30, TimeUnit.SECONDS)
              .queryData(
                  QueryDataRequest.newBuilder()
                      .setPluginContext(ctx)
                      .putHeaders("FromAlert", "true")
                      .addQueries(query("R", "{\"refId\":\"R\",\"queryType\":\"risk\"}"))
                      .addQueries(
                          query(
                              "A",
                              "{\"refId\":\"A\",\"queryType\":\"anomalies\",\"service\":\"cart\",\"metric\":\"process.memory.usage\"}"))
                      .addQueries(
                          query(
                              "P",
                              "{\"refId\":\"P\",\"queryType\":\"predictions\",\"minConfidence\":0.5}"))
                      .addQueries(
                          query(
                              "S",
                              "{\"refId\":\"S\",\"queryType\":\"situations\",\"service\":\"cart\"}"))
                      .addQueries(
                          query(
                              "G",
                              "{\"refId\":\"G\",\"queryType\":\"graph\",\"service\":\"cart\"}"))
                      .addQueries(
                          query("Anno", "{\"refId\":\"Anno\",\"queryType\":\"annotations\"}"))
                      .addQueries(query("X", "{\"refId\":\"X\",\"queryType\":\"bogus\"}"))
                      .addQueries(
                          query(
                              "Y",
                              "{\"refId\":\"Y\",\"queryType\":\"anomalies\",\"service\":\"explode\"}"))
                      .build());
      Map<String, DataResponse> r = resp.getResponsesMap();
      assertThat(r).containsOnlyKeys("R", "A", "P", "S", "G", "Anno", "X", "Y");

      // risk: one typed time series per service, float64 only (alertable), labels service=...
      List<DecodedFrame> risk = frames(r.get("R"));
      assertThat(risk).hasSize(3);
      for (DecodedFrame f : risk) {
        assertThat(f.metadata()).containsEntry("refId", "R");
        assertThat(meta(f).get("type").asText()).isEqualTo("timeseries-multi");
        assertThat(meta(f).get("typeVersion").toString()).isEqualTo("[0,1]");
        assertThat(f.columns()).hasSize(2);
        assertThat(f.columns().get(0).type().toString()).isEqualTo("Timestamp(NANOSECOND, null)");
        assertThat(f.columns().get(0).nullable()).isFalse();
        assertThat(f.columns().get(1).type().toString()).isEqualTo("FloatingPoint(DOUBLE)");
        assertThat(f.columns().get(0).values())
            .isSortedAccordingTo((a, b) -> ((LocalDateTime) a).compareTo((LocalDateTime) b));
      }
      List<String> riskServices = new ArrayList<>();
      for (DecodedFrame f : risk) {
        riskServices.add(
            JSON.readTree(f.column("risk").metadata().get("labels")).get("service").asText());
      }
      assertThat(riskServices).containsExactly("cart", "checkout", "payments");
      DecodedFrame checkout = risk.get(1);
      List<Object> times = checkout.column("time").values();
      List<Object> values = checkout.column("risk").values();
      assertThat(times.get(times.size() - 1)).isEqualTo(utc("2026-03-01T10:40:00Z"));
      assertThat(values.get(values.size() - 1)).isEqualTo(0.91);
      assertThat(values.get(times.indexOf(utc("2026-03-01T10:08:00Z")))).isEqualTo(0.74);
      assertThat(values.get(0)).isEqualTo(0.0);
      assertThat(risk.get(0).column("risk").values()).allMatch(v -> (Double) v == 0.0);

      // anomalies: filtered to the service and metric asked for
      List<DecodedFrame> anomalies = frames(r.get("A"));
      assertThat(anomalies).hasSize(1);
      assertThat(anomalies.get(0).column("score").values()).containsExactly(0.1, 0.55, 0.93);
      JsonNode labels = JSON.readTree(anomalies.get(0).column("score").metadata().get("labels"));
      assertThat(labels.get("service").asText()).isEqualTo("cart");
      assertThat(labels.get("metric").asText()).isEqualTo("process.memory.usage");
      assertThat(meta(anomalies.get(0)).get("type").asText()).isEqualTo("timeseries-multi");

      // predictions table: latest of situation s1 (both pages read), the 0.4 one below
      // minConfidence
      DecodedFrame preds = frames(r.get("P")).get(0);
      assertThat(meta(preds).get("preferredVisualisationType").asText()).isEqualTo("table");
      assertThat(preds.rows()).isEqualTo(1);
      assertThat(preds.column("service").values()).containsExactly("checkout");
      assertThat(preds.column("pattern").values()).containsExactly("memory leak after deploy");
      assertThat(preds.column("confidence").values()).containsExactly(0.91);
      assertThat(preds.column("timeToImpact").values()).containsExactly(1500.0);
      assertThat(preds.column("similarIncident").values())
          .containsExactly("cart OOM after v2.1 rollout (88%)");
      assertThat(preds.column("rootCause").values())
          .containsExactly("cart: heap grows since deploy v2.3.1");
      assertThat(preds.column("recommendedAction").values())
          .containsExactly("roll back cart to v2.3.0");
      assertThat((String) preds.column("link").values().get(0))
          .isEqualTo(engine.url() + "/api/v1/situations/s1");

      DecodedFrame sits = frames(r.get("S")).get(0);
      assertThat(sits.rows()).isEqualTo(1);
      assertThat(sits.column("rootCause").values()).containsExactly("cart: deploy v2.3.1");
      assertThat(sits.column("tickets").values()).containsExactly("OPS-17");
      assertThat(sits.column("deploys").values()).containsExactly("cart v2.3.1");
      assertThat(sits.column("resolvedAt").values()).containsExactly((Object) null);
      assertThat(sits.column("anomalies").values()).containsExactly(1L);

      List<DecodedFrame> graph = frames(r.get("G"));
      assertThat(graph).extracting(f -> f.metadata().get("name")).containsExactly("nodes", "edges");
      assertThat(meta(graph.get(0)).get("preferredVisualisationType").asText())
          .isEqualTo("nodeGraph");
      assertThat(graph.get(0).column("id").values()).containsExactlyInAnyOrder("checkout", "cart");
      assertThat(graph.get(0).column("mainstat").values()).containsExactlyInAnyOrder(42.0, 40.0);
      assertThat(graph.get(1).column("source").values()).containsExactly("checkout");
      assertThat(graph.get(1).column("target").values()).containsExactly("cart");
      assertThat(graph.get(1).column("secondarystat").values()).containsExactly(0.12);

      DecodedFrame anno = frames(r.get("Anno")).get(0);
      assertThat(anno.metadata()).containsEntry("refId", "Anno");
      assertThat(anno.column("time").values())
          .containsExactly(utc("2026-03-01T09:58:00Z"), utc("2026-03-01T10:12:00Z"));
      assertThat(anno.column("timeEnd").values())
          .containsExactly(null, utc("2026-03-01T10:37:00Z"));
      assertThat((String) anno.column("title").values().get(0)).isEqualTo("Deploy: cart v2.3.1");
      assertThat((String) anno.column("text").values().get(1))
          .contains("Predicted memory leak after deploy on checkout (91%)")
          .contains("roll back cart");
      assertThat(anno.column("tags").values())
          .containsExactly(
              "deploy,service:cart,version:v2.3.1", "prediction,alert,service:checkout");

      // a failing query fails only its own response
      assertThat(r.get("X").getStatus()).isEqualTo(400);
      assertThat(r.get("X").getErrorSource()).isEqualTo("plugin");
      assertThat(r.get("X").getError()).contains("unknown queryType 'bogus'");
      assertThat(r.get("X").getFramesCount()).isZero();
      assertThat(r.get("Y").getStatus()).isEqualTo(502);
      assertThat(r.get("Y").getErrorSource()).isEqualTo("downstream");
      assertThat(r.get("Y").getError()).contains("scorer unavailable");

      assertThat(engine.requests)
          .filteredOn(q -> q.method().equals("GET") && !q.authorization().equals("Bearer wrong"))
          .allMatch(q -> q.authorization().equals("Bearer " + TOKEN));
      assertThat(engine.requests)
          .anyMatch(
              q ->
                  q.path().equals("/api/v1/predictions")
                      && "page-2".equals(q.query().get("cursor")));

      var resources =
          ResourceGrpc.newBlockingStub(plugin.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
      CallResourceResponse services =
          single(
              resources.callResource(
                  CallResourceRequest.newBuilder()
                      .setPluginContext(ctx)
                      .setMethod("GET")
                      .setPath("services")
                      .setUrl("services")
                      .build()));
      assertThat(services.getCode()).isEqualTo(200);
      assertThat(services.getHeadersMap().get("Content-Type").getValues(0))
          .isEqualTo("application/json");
      assertThat(JSON.readTree(services.getBody().toStringUtf8()).toString())
          .isEqualTo("[\"cart\",\"checkout\",\"payments\"]");
      CallResourceResponse metrics =
          single(
              resources.callResource(
                  CallResourceRequest.newBuilder()
                      .setPluginContext(ctx)
                      .setMethod("GET")
                      .setPath("metrics")
                      .setUrl("metrics?service=cart")
                      .build()));
      assertThat(metrics.getBody().toStringUtf8()).isEqualTo("[\"process.memory.usage\"]");
      CallResourceResponse missing =
          single(
              resources.callResource(
                  CallResourceRequest.newBuilder()
                      .setPluginContext(ctx)
                      .setMethod("GET")
                      .setPath("nope")
                      .setUrl("nope")
                      .build()));
      assertThat(missing.getCode()).isEqualTo(404);

      String prom =
          diag.collectMetrics(CollectMetricsRequest.newBuilder().setPluginContext(ctx).build())
              .getMetrics()
              .getPrometheus()
              .toStringUtf8();
      assertThat(prom)
          .contains("precursor_plugin_queries_total{query_type=\"risk\"} 1")
          .contains(
              "precursor_plugin_query_failures_total{query_type=\"anomalies\",error_source=\"downstream\"} 1");

      System.out.printf("plugin resident memory after the queries: %d KiB%n", plugin.rssKb());

      // stderr carries only log lines Grafana understands (hclog JSON); stdout nothing after the
      // handshake
      for (String line : plugin.stderr().toString().split("\n")) {
        if (!line.isBlank()) {
          JsonNode n = JSON.readTree(line);
          assertThat(n.has("@level") && n.has("@message")).as("stderr line %s", line).isTrue();
        }
      }
      assertThat(plugin.stderr().toString()).contains("listening on 127.0.0.1:" + plugin.port());
      assertThat(plugin.laterStdout().toString()).isEmpty();
    }
  }

  private static CallResourceResponse single(Iterator<CallResourceResponse> it) {
    assertThat(it.hasNext()).isTrue();
    CallResourceResponse first = it.next();
    assertThat(it.hasNext()).isFalse();
    return first;
  }

  @Test
  void skipsPortsAlreadyInUse() throws Exception {
    // another plugin (or anything) holds the first port of the range
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int busy = taken.getLocalPort();
      ProcessBuilder pb = grafanaLike();
      pb.environment().put("PLUGIN_MIN_PORT", Integer.toString(busy));
      pb.environment().put("PLUGIN_MAX_PORT", Integer.toString(Math.min(busy + 50, 65535)));
      try (Launched plugin = launch(pb)) {
        assertThat(plugin.port()).isNotEqualTo(busy);
        HealthCheckResponse h =
            HealthGrpc.newBlockingStub(plugin.channel())
                .check(HealthCheckRequest.newBuilder().setService("plugin").build());
        assertThat(h.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
      }
    }
  }

  @Test
  void laterStartsMapTheClassDataArchiveTheFirstStartTrained(@TempDir Path own) throws Exception {
    Path dir = unpack(own);
    Path jsa = dir.resolve("lib/precursor-plugin.jsa");
    assertThat(jsa).doesNotExist();
    long first;
    try (Launched plugin = launch(grafanaLike(dir))) {
      first = plugin.startupMs();
    }
    org.awaitility.Awaitility.await("class-data archive trained in the background")
        .atMost(java.time.Duration.ofSeconds(120))
        .pollInterval(java.time.Duration.ofMillis(500))
        .until(() -> Files.exists(jsa));
    try (Launched plugin = launch(grafanaLike(dir))) {
      String maps = Files.readString(Path.of("/proc/" + plugin.process().pid() + "/maps"));
      assertThat(maps).as("the JVM maps the archive").contains("precursor-plugin.jsa");
      HealthCheckResponse h =
          HealthGrpc.newBlockingStub(plugin.channel())
              .check(HealthCheckRequest.newBuilder().setService("plugin").build());
      assertThat(h.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
      System.out.printf(
          "plugin start-up without / with the class-data archive: %d / %d ms, resident memory with it: %d KiB%n",
          first, plugin.startupMs(), plugin.rssKb());
    }
  }

  @Test
  void exitsWhenGrafanaCallsShutdown() throws Exception {
    try (Launched plugin = launch()) {
      long t0 = System.nanoTime();
      GRPCControllerGrpc.newBlockingStub(plugin.channel())
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .shutdown(Empty.getDefaultInstance());
      // Grafana waits 2 s before it kills the process
      assertThat(plugin.process().waitFor(2, TimeUnit.SECONDS))
          .as("exited within 2 s of Shutdown")
          .isTrue();
      System.out.printf(
          "plugin exit after Shutdown: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      assertThat(plugin.process().exitValue()).isZero();
      assertThat(plugin.laterStdout().toString()).isEmpty();
    }
  }
}
