package dev.precursor.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.DownstreamException;
import dev.precursor.config.PrecursorConfig;
import dev.precursor.memory.IncidentMemory;
import dev.precursor.memory.RetrievalEvaluation;
import dev.precursor.model.Json;
import dev.precursor.model.SimilarIncident;
import dev.precursor.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code precursor similar "TEXT"}: the past incidents most like a description. */
@Command(
    name = "similar",
    mixinStandardHelpOptions = true,
    description = {
      "Print the past incidents most similar to a description of symptoms, an alert or a"
          + " suspected cause, with the similarity (0-1), the space that matched (symptom, cause,"
          + " precursor, resolution) and how each was resolved.",
      "Goes through a running engine's API when one answers (--engine, PRECURSOR_ENGINE_URL, or"
          + " http://localhost:<api.port>), else opens the store itself."
    })
final class SimilarCommand implements Callable<Integer> {
  @Mixin ConfigOptions config = new ConfigOptions();

  @Option(
      names = "--engine",
      paramLabel = "URL",
      description =
          "Engine API to ask (default: PRECURSOR_ENGINE_URL, else"
              + " http://localhost:<api.port>); when given, it must answer.")
  @Nullable String engine;

  @Option(names = "--offline", description = "Open the store directly even if an engine answers.")
  boolean offline;

  @Option(
      names = {"-k", "--top"},
      paramLabel = "N",
      defaultValue = "5",
      description = "How many incidents to show (1-100, default ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--json", description = "Print the result as JSON (the API's items).")
  boolean json;

  @Option(
      names = "--evaluate",
      paramLabel = "FILE",
      description =
          "Instead of one query, run a labeled retrieval set (e.g."
              + " examples/incident-queries.json) against the memory and print recall@1,"
              + " recall@5, mean recall@5 and MRR; works on the store directly.")
  @Nullable Path evaluate;

  @Parameters(
      arity = "0..*",
      paramLabel = "TEXT",
      description = "The description (words are joined).")
  List<String> words = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (k < 1 || k > 100) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--top must be between 1 and 100, got " + k);
    }
    PrecursorConfig cfg = config.load();
    PrintWriter out = spec.commandLine().getOut();
    if (evaluate != null) {
      return evaluate(cfg, evaluate, out);
    }
    String text = String.join(" ", words).trim();
    if (text.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "TEXT is empty");
    }
    List<SimilarIncident> items;
    long size = -1;
    Optional<EngineApiClient> api =
        offline
            ? Optional.empty()
            : EngineApiClient.probe(
                EngineApiClient.url(engine, cfg), cfg.api().token(), engine != null);
    if (api.isPresent()) {
      EngineApiClient.Response r =
          api.get().get("/api/v1/incidents/similar?k=" + k + "&q=" + EngineApiClient.encode(text));
      if (r.status() != 200) {
        throw new DownstreamException(
            "engine", r.status(), r.status() >= 500, "GET /api/v1/incidents/similar: " + r.body());
      }
      JsonNode body = Json.mapper().readTree(r.body());
      items =
          Json.mapper()
              .convertValue(body.path("items"), new TypeReference<List<SimilarIncident>>() {});
    } else {
      try (Store store = Store.open(cfg.store())) {
        IncidentMemory memory = IncidentMemory.open(store, cfg, Clock.systemUTC());
        size = memory.size();
        items = size == 0 ? List.of() : memory.similar(text, k);
      }
    }
    if (json) {
      out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(items));
      out.flush();
      return 0;
    }
    if (items.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "precursor: incident memory is empty; import history first: precursor learn"
                  + " PATH|jira:PROJECT|servicenow:incident");
      spec.commandLine().getErr().flush();
      return 0;
    }
    out.printf(
        Locale.ROOT, "%-3s %-10s %-10s %-17s %s%n", "#", "similarity", "space", "id", "title");
    int rank = 1;
    for (SimilarIncident s : items) {
      out.printf(
          Locale.ROOT,
          "%-3d %-10.2f %-10s %-17s %s%n",
          rank++,
          s.similarity(),
          s.space() == null ? "-" : s.space(),
          s.id(),
          s.title());
      if (s.resolution() != null) {
        String res = s.resolution();
        out.println(
            "    resolution: " + (res.length() > 160 ? res.substring(0, 157) + "..." : res));
      }
    }
    out.flush();
    return 0;
  }

  private int evaluate(PrecursorConfig cfg, Path file, PrintWriter out) {
    List<RetrievalEvaluation.Query> queries = RetrievalEvaluation.load(file);
    try (Store store = Store.open(cfg.store())) {
      IncidentMemory memory = IncidentMemory.open(store, cfg, Clock.systemUTC());
      if (memory.size() == 0) {
        throw new dev.precursor.InvalidTelemetryException(
            "incident memory at " + store.describe() + " is empty; run precursor learn first");
      }
      RetrievalEvaluation.Result r = RetrievalEvaluation.evaluate(memory, queries);
      out.println(r.summary() + " (" + memory.size() + " incidents, " + store.describe() + ")");
      for (RetrievalEvaluation.Miss m : r.misses()) {
        out.println(
            "  first relevant at "
                + (m.rank() == 0 ? "none of top 5" : "rank " + m.rank())
                + ": \""
                + m.query()
                + "\" (top: "
                + m.top()
                + ")");
      }
      out.flush();
      return 0;
    }
  }
}
