package dev.precursor.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The sample postmortems and labeled queries of the repository, for benchmarks. */
final class BenchData {
  private BenchData() {}

  /** {@code examples/} of the repository, from the working directory upwards. */
  static Path examples() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.isDirectory(p.resolve("examples/incidents"))) {
        return p.resolve("examples");
      }
      p = p.getParent();
    }
    throw new IllegalStateException("run from the repository: examples/incidents not found");
  }

  static List<SourceDocument> documents() {
    try (Stream<Path> s = Files.list(examples().resolve("incidents"))) {
      return s.filter(SourceDocument::isSupportedFile).sorted().map(SourceDocument::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> queries() {
    try {
      JsonNode set = Json.mapper().readTree(examples().resolve("incident-queries.json").toFile());
      List<String> qs = new ArrayList<>();
      for (JsonNode q : set.path("queries")) {
        qs.add(q.path("q").asText());
      }
      return qs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
