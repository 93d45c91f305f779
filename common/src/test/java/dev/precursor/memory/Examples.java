package dev.precursor.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The sample postmortems under {@code examples/incidents} and a shared embedding model. */
public final class Examples {
  private static Embedder embedder;

  private Examples() {}

  /** {@code examples/incidents} of the repository, found from the working directory upwards. */
  public static Path dir() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      Path d = p.resolve("examples").resolve("incidents");
      if (Files.isDirectory(d)) {
        return d;
      }
      p = p.getParent();
    }
    throw new IllegalStateException(
        "examples/incidents not found above " + Path.of("").toAbsolutePath());
  }

  public static Path file(String name) {
    return dir().resolve(name);
  }

  /** Every example postmortem, sorted by name. */
  public static List<Path> files() {
    try (Stream<Path> s = Files.list(dir())) {
      return s.filter(SourceDocument::isSupportedFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<SourceDocument> documents() {
    return files().stream().map(SourceDocument::read).toList();
  }

  /**
   * One MiniLM per test JVM (loading it takes 1–2 s), remembering the vectors of texts it has
   * embedded: many tests learn the same examples, and the model's answers do not change.
   */
  public static synchronized Embedder embedder() {
    if (embedder == null) {
      embedder = new CachingEmbedder(new MiniLmEmbedder());
    }
    return embedder;
  }

  /** The real model with a memo of texts already embedded. */
  static final class CachingEmbedder implements Embedder {
    private final Embedder model;
    private final java.util.Map<String, float[]> memo =
        new java.util.concurrent.ConcurrentHashMap<>();

    CachingEmbedder(Embedder model) {
      this.model = model;
    }

    @Override
    public String model() {
      return model.model();
    }

    @Override
    public int dimension() {
      return model.dimension();
    }

    @Override
    public float[] embed(String text) {
      return memo.computeIfAbsent(text, model::embed).clone();
    }

    @Override
    public java.util.List<float[]> embedAll(java.util.List<String> texts) {
      java.util.List<String> missing =
          texts.stream().filter(t -> !memo.containsKey(t)).distinct().toList();
      java.util.List<float[]> vs = model.embedAll(missing);
      for (int i = 0; i < missing.size(); i++) {
        memo.put(missing.get(i), vs.get(i));
      }
      return texts.stream().map(t -> memo.get(t).clone()).toList();
    }
  }
}
