package dev.precursor.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.InvalidTelemetryException;
import dev.precursor.model.Json;
import dev.precursor.model.SimilarIncident;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Measures similar-incident retrieval on a labeled set: queries written as symptoms or alerts, each
 * with the postmortem files that should come back ({@code examples/incident-queries.json}).
 *
 * <p>recall@k is the share of queries with at least one labeled incident among the top k; mean
 * recall@5 is the average share of a query's labeled incidents found in its top 5 (out of at most
 * 5); MRR is the mean reciprocal rank of the first labeled incident.
 */
public final class RetrievalEvaluation {
  private RetrievalEvaluation() {}

  /** One labeled query. */
  public record Query(String text, Set<String> relevant) {}

  /** A query whose first relevant incident was not ranked first. */
  public record Miss(String query, int rank, String top) {}

  /** The figures of one run. */
  public record Result(
      int queries,
      double recallAt1,
      double recallAt5,
      double meanRecallAt5,
      double mrr,
      List<Miss> misses) {
    public String summary() {
      return String.format(
          Locale.ROOT,
          "%d queries: recall@1 %.2f, recall@5 %.2f, mean recall@5 %.2f, MRR %.2f",
          queries,
          recallAt1,
          recallAt5,
          meanRecallAt5,
          mrr);
    }
  }

  /**
   * Reads a labeled set: {@code {"queries": [{"q": "...", "relevant": ["file.md", ...]}]}}.
   *
   * @throws InvalidTelemetryException naming the file and the entry when it is malformed
   */
  public static List<Query> load(Path file) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
    List<Query> out = new ArrayList<>();
    int i = 0;
    for (JsonNode q : root.path("queries")) {
      String text = q.path("q").asText("");
      Set<String> rel = new LinkedHashSet<>();
      q.path("relevant").forEach(r -> rel.add(r.asText()));
      if (text.isBlank() || rel.isEmpty()) {
        throw new InvalidTelemetryException(
            file + ": queries[" + i + "] needs a non-empty 'q' and 'relevant'");
      }
      out.add(new Query(text, rel));
      i++;
    }
    if (out.isEmpty()) {
      throw new InvalidTelemetryException(file + ": no 'queries'");
    }
    return out;
  }

  /**
   * Runs every query against the memory; an incident counts as a file when its source ends with the
   * file name.
   */
  public static Result evaluate(IncidentMemory memory, List<Query> queries) {
    java.util.Map<String, String> fileOfId = new java.util.HashMap<>();
    for (Incident i : memory.all()) {
      String src = i.source();
      int slash = Math.max(src.lastIndexOf('/'), src.lastIndexOf('\\'));
      fileOfId.put(i.id(), src.substring(slash + 1));
    }
    int hit1 = 0;
    int hit5 = 0;
    double meanRecall = 0;
    double mrr = 0;
    List<Miss> misses = new ArrayList<>();
    for (Query q : queries) {
      List<SimilarIncident> top = memory.similar(q.text(), 5);
      int firstRank = 0;
      int found = 0;
      for (int r = 0; r < top.size(); r++) {
        if (q.relevant().contains(fileOfId.get(top.get(r).id()))) {
          found++;
          if (firstRank == 0) {
            firstRank = r + 1;
          }
        }
      }
      if (firstRank == 1) {
        hit1++;
      } else {
        misses.add(new Miss(q.text(), firstRank, top.isEmpty() ? "-" : top.get(0).title()));
      }
      if (firstRank > 0) {
        hit5++;
        mrr += 1.0 / firstRank;
      }
      meanRecall += (double) found / Math.min(5, q.relevant().size());
    }
    int n = queries.size();
    return new Result(n, (double) hit1 / n, (double) hit5 / n, meanRecall / n, mrr / n, misses);
  }
}
