package dev.precursor.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns text into a unit-length vector whose dot product with another is their semantic similarity.
 * The default is the offline all-MiniLM-L6-v2 model ({@link MiniLmEmbedder}). Thread-safe.
 */
public interface Embedder {
  /** Identifies the model; vectors of different models are never compared. */
  String model();

  int dimension();

  /** The L2-normalised embedding of the text. */
  float[] embed(String text);

  /** The embeddings of several texts, in order; implementations may batch. */
  default List<float[]> embedAll(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(embed(t));
    }
    return out;
  }
}
