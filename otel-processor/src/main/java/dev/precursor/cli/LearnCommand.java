package dev.precursor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precursor.ConfigException;
import dev.precursor.InvalidTelemetryException;
import dev.precursor.config.ConfigKey;
import dev.precursor.config.PrecursorConfig;
import dev.precursor.memory.IncidentMemory;
import dev.precursor.memory.IncidentSource;
import dev.precursor.memory.IncidentSourceProvider;
import dev.precursor.memory.LearnResult;
import dev.precursor.memory.SourceDocument;
import dev.precursor.model.Json;
import dev.precursor.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code precursor learn SOURCE...}: imports incident history into incident memory. */
@Command(
    name = "learn",
    mixinStandardHelpOptions = true,
    description = {
      "Import incident history into incident memory: postmortem files or folders (Markdown whose"
          + " first heading is the title, .txt, or JSON), jira:PROJECT or servicenow:incident.",
      "Each postmortem is decomposed (title, date, severity, services, timeline, hypotheses, root"
          + " cause, precursor signals, resolution, deploy/config change) and embedded for"
          + " similar-incident search. Re-importing unchanged content does nothing (content hash);"
          + " a changed file replaces its earlier version. A bad file is reported and skipped.",
      "Goes through a running engine's API when one answers (--engine, PRECURSOR_ENGINE_URL, or"
          + " http://localhost:<api.port>), else opens the store itself.",
      "Exit codes: 0 all imported, 1 runtime failure, 2 bad usage or at least one bad file."
    })
final class LearnCommand implements Callable<Integer> {
  private static final Pattern REMOTE = Pattern.compile("^([a-z][a-z0-9-]+):(.*)$");
  static final int BATCH = 8;

  @Mixin ConfigOptions config = new ConfigOptions();

  @Option(
      names = "--engine",
      paramLabel = "URL",
      description =
          "Engine API to send the incidents to (default: PRECURSOR_ENGINE_URL, else"
              + " http://localhost:<api.port>); when given, it must answer.")
  @Nullable String engine;

  @Option(names = "--offline", description = "Open the store directly even if an engine answers.")
  boolean offline;

  @Parameters(
      arity = "1..*",
      paramLabel = "SOURCE",
      description =
          "Postmortem files or folders (searched recursively for .md, .markdown, .txt,"
              + " .json), or jira:PROJECT[ JQL], servicenow:incident[^QUERY].")
  List<String> sources = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrecursorConfig cfg = config.load();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> files = new ArrayList<>();
    List<String> remotes = new ArrayList<>();
    for (String s : sources) {
      Path p = Path.of(s);
      if (Files.exists(p)) {
        files.addAll(expand(p));
      } else if (REMOTE.matcher(s).matches() && s.indexOf(':') > 1) {
        remotes.add(s);
      } else {
        throw new InvalidTelemetryException(s + ": no such file or directory");
      }
    }
    List<IncidentSource> opened = new ArrayList<>();
    List<String> queries = new ArrayList<>();
    for (String r : remotes) {
      var m = REMOTE.matcher(r);
      m.matches();
      opened.add(source(m.group(1), cfg));
      queries.add(m.group(2));
    }
    Target target = target(cfg, err);
    Progress progress = new Progress(err, files.size(), System.console() != null);
    long t0 = System.nanoTime();
    try (target) {
      List<SourceDocument> batch = new ArrayList<>();
      for (Path f : files) {
        SourceDocument doc;
        try {
          doc = SourceDocument.read(f.toAbsolutePath().normalize());
        } catch (InvalidTelemetryException | UncheckedIOException e) {
          progress.failed(f.toString(), message(e));
          continue;
        }
        batch.add(doc);
        if (batch.size() == BATCH) {
          learn(target, batch, progress);
          batch.clear();
        }
      }
      learn(target, batch, progress);
      batch.clear();
      for (int i = 0; i < opened.size(); i++) {
        try (IncidentSource src = opened.get(i)) {
          List<SourceDocument> tickets = new ArrayList<>();
          src.fetch(
              queries.get(i),
              t -> {
                tickets.add(SourceDocument.ofTicket(t));
                if (tickets.size() == BATCH) {
                  learn(target, tickets, progress);
                  tickets.clear();
                }
              });
          learn(target, tickets, progress);
        }
      }
    }
    progress.finish();
    double secs = (System.nanoTime() - t0) / 1e9;
    out.printf(
        Locale.ROOT,
        "learned %d incident(s) into %s: %d new, %d updated, %d unchanged, %d failed"
            + " (%.1f s, %.1f/s)%n",
        progress.done - progress.failed,
        target.describe(),
        progress.created,
        progress.updated,
        progress.unchanged,
        progress.failed,
        secs,
        progress.done / Math.max(secs, 1e-3));
    out.flush();
    return progress.failed > 0 ? 2 : 0;
  }

  private static String message(RuntimeException e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  /** Learns a batch; when the batch fails on a bad document, learns one by one to name it. */
  private static void learn(Target target, List<SourceDocument> batch, Progress progress) {
    if (batch.isEmpty()) {
      return;
    }
    List<Outcome> outcomes;
    try {
      outcomes = target.learn(batch);
    } catch (InvalidTelemetryException e) {
      outcomes = new ArrayList<>();
      for (SourceDocument d : batch) {
        try {
          outcomes.addAll(target.learn(List.of(d)));
        } catch (InvalidTelemetryException e1) {
          outcomes.add(new Outcome(d.source(), null, message(e1)));
        }
      }
    }
    for (Outcome o : outcomes) {
      if (o.status() == null) {
        progress.failed(o.source(), o.problem());
      } else {
        progress.learned(o.source(), o.status());
      }
    }
  }

  static List<Path> expand(Path p) {
    if (!Files.isDirectory(p)) {
      return List.of(p);
    }
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile)
          .filter(SourceDocument::isSupportedFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(p + ": cannot list: " + e.getMessage(), e);
    }
  }

  /** The incident source of a scheme, configured; a clear error names the keys to set. */
  static IncidentSource source(String scheme, PrecursorConfig cfg) {
    List<String> known = new ArrayList<>();
    for (IncidentSourceProvider p : ServiceLoader.load(IncidentSourceProvider.class)) {
      known.add(p.scheme());
      if (p.scheme().equals(scheme)) {
        Optional<IncidentSource> src = p.create(cfg);
        if (src.isEmpty()) {
          throw new ConfigException(
              scheme
                  + ": is not configured; set "
                  + keysOf(scheme, cfg)
                  + " in precursor.yaml or the matching PRECURSOR_* environment variables");
        }
        return src.get();
      }
    }
    throw new ConfigException(
        "no incident source for '"
            + scheme
            + ":' on the classpath"
            + (known.isEmpty() ? "" : " (available: " + String.join(", ", known) + ")")
            + (cfg.schema().keys().stream().anyMatch(k -> k.name().startsWith(scheme + "."))
                ? "; its connector also needs " + keysOf(scheme, cfg)
                : ""));
  }

  private static String keysOf(String scheme, PrecursorConfig cfg) {
    List<String> keys = new ArrayList<>();
    for (ConfigKey k : cfg.schema().keys()) {
      if (k.name().startsWith(scheme + ".")) {
        keys.add(
            k.name()
                + " ("
                + "PRECURSOR_"
                + k.name().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')
                + ")");
      }
    }
    return keys.isEmpty() ? "the " + scheme + ".* keys" : String.join(", ", keys);
  }

  private Target target(PrecursorConfig cfg, PrintWriter err) {
    if (!offline) {
      String url = EngineApiClient.url(engine, cfg);
      Optional<EngineApiClient> api = EngineApiClient.probe(url, cfg.api().token(), engine != null);
      if (api.isPresent()) {
        return new ApiTarget(api.get());
      }
    }
    Store store = Store.open(cfg.store());
    try {
      err.println("precursor: no engine answers; learning into " + store.describe());
      err.flush();
      return new LocalTarget(store, IncidentMemory.open(store, cfg, Clock.systemUTC()));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** The outcome of one document: a status, or the problem that made it fail. */
  record Outcome(String source, LearnResult.@Nullable Status status, @Nullable String problem) {}

  /** Where incidents go: a running engine's API or the store opened here. */
  interface Target extends AutoCloseable {
    List<Outcome> learn(List<SourceDocument> docs);

    String describe();

    @Override
    void close();
  }

  private static final class LocalTarget implements Target {
    private final Store store;
    private final IncidentMemory memory;

    LocalTarget(Store store, IncidentMemory memory) {
      this.store = store;
      this.memory = memory;
    }

    @Override
    public List<Outcome> learn(List<SourceDocument> docs) {
      List<LearnResult> rs = memory.learnAll(docs);
      List<Outcome> out = new ArrayList<>();
      for (int i = 0; i < rs.size(); i++) {
        out.add(new Outcome(docs.get(i).source(), rs.get(i).status(), null));
      }
      return out;
    }

    @Override
    public String describe() {
      return store.describe();
    }

    @Override
    public void close() {
      store.close();
    }
  }

  private static final class ApiTarget implements Target {
    private final EngineApiClient api;

    ApiTarget(EngineApiClient api) {
      this.api = api;
    }

    @Override
    public List<Outcome> learn(List<SourceDocument> docs) {
      List<Outcome> out = new ArrayList<>();
      for (SourceDocument d : docs) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("source", d.source());
        body.put("content", d.content());
        body.put("format", d.format().wire());
        if (d.title() != null) {
          body.put("title", d.title());
        }
        if (d.occurredAt() != null) {
          body.put("occurredAt", d.occurredAt().toString());
        }
        var labels = body.putArray("labels");
        d.labels().forEach(labels::add);
        EngineApiClient.Response r = api.postJson("/api/v1/incidents", body.toString());
        if (r.status() == 200 || r.status() == 201) {
          String st =
              r.learnStatus() == null
                  ? (r.status() == 201 ? "created" : "unchanged")
                  : r.learnStatus();
          out.add(
              new Outcome(
                  d.source(), LearnResult.Status.valueOf(st.toUpperCase(Locale.ROOT)), null));
        } else if (r.status() >= 400 && r.status() < 500) {
          out.add(new Outcome(d.source(), null, errorDetail(r)));
        } else {
          throw new dev.precursor.DownstreamException(
              "engine", r.status(), r.status() >= 500, "POST /api/v1/incidents: " + errorDetail(r));
        }
      }
      return out;
    }

    private static String errorDetail(EngineApiClient.Response r) {
      try {
        JsonNode n = Json.mapper().readTree(r.body());
        String detail = n.path("detail").asText("");
        return n.path("error").asText("HTTP " + r.status())
            + (detail.isEmpty() ? "" : ": " + detail);
      } catch (IOException | RuntimeException e) {
        return "HTTP " + r.status();
      }
    }

    @Override
    public String describe() {
      return "the engine at " + api.baseUrl();
    }

    @Override
    public void close() {}
  }

  /** Progress on stderr: a redrawn bar on a terminal, a line per tenth of the work otherwise. */
  static final class Progress {
    private final PrintWriter err;
    private final int total;
    private final boolean bar;
    int done;
    int created;
    int updated;
    int unchanged;
    int failed;

    Progress(PrintWriter err, int total, boolean bar) {
      this.err = err;
      this.total = total;
      this.bar = bar;
    }

    void learned(String source, LearnResult.Status status) {
      switch (status) {
        case CREATED -> created++;
        case UPDATED -> updated++;
        case UNCHANGED -> unchanged++;
      }
      step(source);
    }

    void failed(String source, @Nullable String problem) {
      failed++;
      if (bar) {
        err.print("\r\033[K");
      }
      err.println("precursor: skipped " + source + ": " + problem);
      step(source);
    }

    private void step(String source) {
      done++;
      if (bar) {
        int width = 30;
        int filled = total > 0 ? Math.min(width, done * width / total) : 0;
        String name =
            Path.of(source).getFileName() == null
                ? source
                : Path.of(source).getFileName().toString();
        err.print(
            "\r\033[K["
                + "#".repeat(filled)
                + ".".repeat(width - filled)
                + "] "
                + done
                + (total > 0 ? "/" + total : "")
                + " "
                + (name.length() > 40 ? name.substring(0, 40) : name));
      } else if (total == 0 || done == total || done % Math.max(1, total / 10) == 0) {
        err.println("learn: " + done + (total > 0 ? "/" + total : "") + " processed");
      }
      err.flush();
    }

    void finish() {
      if (bar && done > 0) {
        err.println();
      }
      err.flush();
    }
  }
}
