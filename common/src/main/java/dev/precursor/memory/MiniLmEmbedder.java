package dev.precursor.memory;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The quantized all-MiniLM-L6-v2 sentence-embedding model (384 dimensions), run in-process through
 * ONNX Runtime from the model file inside LangChain4j's jar: no download, no service. Loading takes
 * 1–2 s; the first use extracts the DJL tokenizer's native library under {@code ~/.djl.ai} (set
 * {@code DJL_CACHE_DIR} to move it).
 */
public final class MiniLmEmbedder implements Embedder {
  private static final Logger LOG = Logger.getLogger(MiniLmEmbedder.class.getName());
  public static final String MODEL = "all-minilm-l6-v2-q";
  private final AllMiniLmL6V2QuantizedEmbeddingModel model;

  public MiniLmEmbedder() {
    long t0 = System.nanoTime();
    this.model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    LOG.fine(() -> "embedding model loaded in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
  }

  @Override
  public String model() {
    return MODEL;
  }

  @Override
  public int dimension() {
    return 384;
  }

  @Override
  public float[] embed(String text) {
    return normalised(model.embed(text.isBlank() ? "-" : text).content());
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String t : texts) {
      segments.add(TextSegment.from(t.isBlank() ? "-" : t));
    }
    List<Embedding> es = model.embedAll(segments).content();
    List<float[]> out = new ArrayList<>(es.size());
    for (Embedding e : es) {
      out.add(normalised(e));
    }
    return out;
  }

  private static float[] normalised(Embedding e) {
    float[] v = e.vector();
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    float inv = n == 0 ? 0f : (float) (1 / Math.sqrt(n));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }
}
