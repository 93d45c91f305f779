package dev.precursor.memory;

import dev.precursor.model.SimilarIncident;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory search index: every incident's unit vectors per space in flat arrays, its family
 * and signature. Exact (brute-force) search: 10 000 incidents × 4 spaces × 384 dimensions is a few
 * milliseconds, and exact means no recall lost to an approximate index. Not thread-safe; {@link
 * IncidentMemory} guards it.
 */
final class MemoryIndex {
  static final int SPACES = Space.values().length;

  /** Weight of each space when a free-text query is compared (symptom-like queries dominate). */
  private static final float[] WEIGHTS = {1.0f, 0.9f, 0.95f, 0.8f};

  /** Added to the score when the query names the incident's failure family. */
  static final double FAMILY_BONUS = 0.08;

  private int dim = -1;
  private int size;
  private String[] ids = new String[16];
  private String[] titles = new String[16];
  private String[] resolutions = new String[16];
  private FailureFamily[] families = new FailureFamily[16];
  private PrecursorSignature[] signatures = new PrecursorSignature[16];
  private Incident[] incidents = new Incident[16];
  private float[][] vectors = new float[SPACES][];
  private boolean[][] present = new boolean[SPACES][];
  private final Map<String, Integer> positions = new HashMap<>();

  MemoryIndex() {
    for (int s = 0; s < SPACES; s++) {
      vectors[s] = new float[0];
      present[s] = new boolean[16];
    }
  }

  /** Fixes the dimension on the first vector seen (all vectors of one model share it). */
  private void initDimension(StoredIncident si) {
    for (float[] v : si.vectors().values()) {
      dim = v.length;
      for (int s = 0; s < SPACES; s++) {
        vectors[s] = new float[ids.length * dim];
      }
      return;
    }
  }

  int size() {
    return size;
  }

  void put(StoredIncident si) {
    Incident inc = si.incident();
    if (dim < 0) {
      initDimension(si);
    }
    Integer pos = positions.get(inc.id());
    int p;
    if (pos == null) {
      ensureCapacity(size + 1);
      p = size++;
      positions.put(inc.id(), p);
    } else {
      p = pos;
    }
    ids[p] = inc.id();
    titles[p] = inc.title();
    resolutions[p] = inc.resolutionSummary();
    families[p] = inc.family();
    signatures[p] = inc.signature();
    incidents[p] = inc;
    for (Space s : Space.values()) {
      float[] v = si.vectors().get(s);
      boolean ok = v != null && v.length == dim;
      present[s.ordinal()][p] = ok;
      if (ok) {
        System.arraycopy(v, 0, vectors[s.ordinal()], p * dim, dim);
      }
    }
  }

  private void ensureCapacity(int n) {
    if (n <= ids.length) {
      return;
    }
    int cap = Math.max(n, ids.length * 2);
    ids = Arrays.copyOf(ids, cap);
    titles = Arrays.copyOf(titles, cap);
    resolutions = Arrays.copyOf(resolutions, cap);
    families = Arrays.copyOf(families, cap);
    signatures = Arrays.copyOf(signatures, cap);
    incidents = Arrays.copyOf(incidents, cap);
    for (int s = 0; s < SPACES; s++) {
      vectors[s] = Arrays.copyOf(vectors[s], cap * Math.max(dim, 0));
      present[s] = Arrays.copyOf(present[s], cap);
    }
  }

  /**
   * The k incidents most similar to a query vector: per incident, {@code 0.7 × best weighted space
   * + 0.3 × mean weighted space}, plus {@link #FAMILY_BONUS} when the query's family (not {@code
   * OTHER}) is the incident's; the reported space is the best one.
   */
  List<SimilarIncident> search(float[] q, FailureFamily queryFamily, int k) {
    PriorityQueue<Hit> top = new PriorityQueue<>(k + 1);
    if (q.length != dim) {
      return List.of();
    }
    for (int i = 0; i < size; i++) {
      double best = -2;
      int bestSpace = -1;
      double sum = 0;
      int n = 0;
      for (int s = 0; s < SPACES; s++) {
        if (!present[s][i]) {
          continue;
        }
        double d = dot(q, vectors[s], i * dim) * WEIGHTS[s];
        sum += d;
        n++;
        if (d > best) {
          best = d;
          bestSpace = s;
        }
      }
      if (n == 0) {
        continue;
      }
      double score = 0.7 * best + 0.3 * (sum / n);
      if (queryFamily != FailureFamily.OTHER && families[i] == queryFamily) {
        score += FAMILY_BONUS;
      }
      offer(top, new Hit(i, score, bestSpace), k);
    }
    return results(top, null);
  }

  /** The k incidents whose precursor signature is most similar (similarity above 0). */
  List<SimilarIncident> searchSignature(PrecursorSignature sig, int k) {
    PriorityQueue<Hit> top = new PriorityQueue<>(k + 1);
    for (int i = 0; i < size; i++) {
      double s = sig.similarity(signatures[i]);
      if (s > 0) {
        offer(top, new Hit(i, s, -1), k);
      }
    }
    return results(top, "signature");
  }

  /** Like {@link #searchSignature} with the whole incidents, for prediction. */
  List<IncidentMemory.IncidentMatch> matchSignature(PrecursorSignature sig, int k) {
    PriorityQueue<Hit> top = new PriorityQueue<>(k + 1);
    for (int i = 0; i < size; i++) {
      double s = sig.similarity(signatures[i]);
      if (s > 0) {
        offer(top, new Hit(i, s, -1), k);
      }
    }
    List<Hit> hits = new ArrayList<>(top);
    hits.sort((a, b) -> b.compareTo(a));
    List<IncidentMemory.IncidentMatch> out = new ArrayList<>(hits.size());
    for (Hit h : hits) {
      out.add(new IncidentMemory.IncidentMatch(incidents[h.pos], Math.min(1, h.score)));
    }
    return out;
  }

  private static void offer(PriorityQueue<Hit> top, Hit h, int k) {
    if (top.size() < k) {
      top.add(h);
    } else if (h.compareTo(top.peek()) > 0) {
      top.poll();
      top.add(h);
    }
  }

  private List<SimilarIncident> results(PriorityQueue<Hit> top, @Nullable String fixedSpace) {
    List<Hit> hits = new ArrayList<>(top);
    hits.sort((a, b) -> b.compareTo(a));
    List<SimilarIncident> out = new ArrayList<>(hits.size());
    for (Hit h : hits) {
      String res = resolutions[h.pos];
      out.add(
          new SimilarIncident(
              ids[h.pos],
              titles[h.pos],
              Math.max(0, Math.min(1, h.score)),
              fixedSpace != null ? fixedSpace : Space.values()[h.space].wire(),
              res.isEmpty() ? null : res));
    }
    return out;
  }

  static float dot(float[] q, float[] m, int off) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int n = q.length;
    int j = 0;
    for (; j + 3 < n; j += 4) {
      s0 += q[j] * m[off + j];
      s1 += q[j + 1] * m[off + j + 1];
      s2 += q[j + 2] * m[off + j + 2];
      s3 += q[j + 3] * m[off + j + 3];
    }
    for (; j < n; j++) {
      s0 += q[j] * m[off + j];
    }
    return s0 + s1 + s2 + s3;
  }

  private record Hit(int pos, double score, int space) implements Comparable<Hit> {
    @Override
    public int compareTo(Hit o) {
      int c = Double.compare(score, o.score);
      // equal scores: the earlier position ranks higher, so results are stable
      return c != 0 ? c : Integer.compare(o.pos, pos);
    }
  }
}
