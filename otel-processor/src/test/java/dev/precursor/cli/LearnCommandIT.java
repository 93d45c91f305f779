package dev.precursor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precursor.config.PrecursorConfig;
import dev.precursor.memory.Examples;
import dev.precursor.memory.FailureFamily;
import dev.precursor.memory.JdbcIncidentStore;
import dev.precursor.server.EngineServer;
import dev.precursor.store.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code precursor learn} and {@code precursor similar}, offline and through a running engine. */
class LearnCommandIT {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cl = PrecursorCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A config whose api.port has no engine behind it, so the commands work offline. */
  private Path offlineConfig() throws Exception {
    Path cfg = dir.resolve("precursor.yaml");
    Files.writeString(
        cfg,
        "store:\n  url: jdbc:h2:file:"
            + dir.resolve("data/precursor")
            + "\napi:\n  port: "
            + freePort()
            + "\n");
    return cfg;
  }

  @Test
  void learnsTheExamplesOfflineSkipsBadFilesAndFindsMemoryLeaks() throws Exception {
    Path cfg = offlineConfig();
    Path bad = dir.resolve("broken.json");
    Files.writeString(bad, "{\"title\": \"x\", \"timeline\": [");
    int n = Examples.files().size();

    Run first = run("learn", "-c", cfg.toString(), Examples.dir().toString(), bad.toString());
    assertThat(first.code()).as(first.err()).isEqualTo(2);
    assertThat(first.out()).contains(n + " new").contains("1 failed");
    assertThat(first.err()).contains("skipped").contains("broken.json").contains("malformed JSON");

    Run again = run("learn", "-c", cfg.toString(), Examples.dir().toString());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("0 new").contains(n + " unchanged");

    Run similar =
        run(
            "similar",
            "-c",
            cfg.toString(),
            "p99 latency rising slowly after deploy, memory creeping");
    assertThat(similar.code()).as(similar.err()).isZero();
    List<String> ids = new ArrayList<>();
    for (String line : similar.out().split("\n")) {
      String[] cols = line.trim().split("\\s+");
      if (cols.length > 3 && cols[0].matches("\\d+")) {
        ids.add(cols[3]);
      }
    }
    assertThat(ids).hasSize(5);
    try (Store store =
        Store.open(
            PrecursorConfig.defaults()
                .with(Map.of("store.url", "jdbc:h2:file:" + dir.resolve("data/precursor")))
                .store())) {
      JdbcIncidentStore incidents = new JdbcIncidentStore(store, Clock.systemUTC());
      for (String id : ids.subList(0, 3)) {
        assertThat(incidents.get(id).orElseThrow().family()).isEqualTo(FailureFamily.MEMORY_LEAK);
      }
    }
  }

  @Test
  void goesThroughARunningEngine() throws Exception {
    try (EngineServer server =
        EngineServer.start(
            PrecursorConfig.defaults()
                .with(
                    Map.of(
                        "store.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "api.port", "0",
                        "api.host", "127.0.0.1",
                        "api.token", "tok",
                        "otlp.grpc-port", "0",
                        "otlp.http-port", "0")),
            Clock.systemUTC())) {
      Path cfg = dir.resolve("client.yaml");
      Files.writeString(cfg, "api:\n  token: tok\n");
      String engine = "http://127.0.0.1:" + server.apiPort();
      Run learn =
          run(
              "learn",
              "-c",
              cfg.toString(),
              "--engine",
              engine,
              Examples.file("2023-03-14-checkout-memory-leak.md").toString(),
              Examples.file("2023-02-06-kafka-broker-disk-full.md").toString(),
              Examples.file("2024-12-02-webhook-retry-storm.json").toString());
      assertThat(learn.code()).as(learn.err()).isZero();
      assertThat(learn.out()).contains("3 new").contains(engine);
      assertThat(server.engine().memory().size()).isEqualTo(3);

      Run similar =
          run("similar", "-c", cfg.toString(), "--engine", engine, "-k", "1", "disk", "full");
      assertThat(similar.code()).as(similar.err()).isZero();
      assertThat(similar.out()).contains("Kafka broker disk full");
    }
  }

  @Test
  void explainsAMissingOrUnconfiguredSourceAndMissingFiles() throws Exception {
    Path cfg = offlineConfig();
    Run jira = run("learn", "-c", cfg.toString(), "jira:OPS");
    assertThat(jira.code()).isEqualTo(2);
    assertThat(jira.err()).contains("jira").contains("jira.url");

    Run missing = run("learn", "-c", cfg.toString(), dir.resolve("nope.md").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.md").contains("no such file");
  }

  @Test
  void similarOnAnEmptyMemorySaysHowToFillIt() throws Exception {
    Run r = run("similar", "-c", offlineConfig().toString(), "anything");
    assertThat(r.code()).isZero();
    assertThat(r.err()).contains("precursor learn");
  }
}
