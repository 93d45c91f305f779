package dev.precursor.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.precursor.PrecursorException;
import dev.precursor.config.PrecursorConfig;
import dev.precursor.model.Json;
import dev.precursor.model.SimilarIncident;
import dev.precursor.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The organisation's incident history, learned from postmortems and past tickets and searchable by
 * meaning and by precursor signature.
 *
 * <p>{@link #learn} extracts a structured {@link Incident} from a document, embeds it in the
 * symptom, cause, precursor and resolution spaces and persists everything in the store; re-learning
 * the same content (by content hash) changes nothing, and a changed document from the same source
 * replaces the earlier version. {@link #similar(String, int)} answers free-text queries, {@link
 * #similar(PrecursorSignature, int)} compares live signals (no embedding model involved).
 *
 * <p>Thread-safe. Searches run on an in-memory index loaded from the store on first use and
 * reloaded when the store changed underneath (another engine on the same PostgreSQL). The embedding
 * model is loaded on first need only.
 */
public final class IncidentMemory {
  private static final Logger LOG = Logger.getLogger(IncidentMemory.class.getName());

  private final IncidentStore store;
  private final IncidentExtractor extractor;
  private final Supplier<Embedder> embedderSupplier;
  private volatile Embedder embedder;
  private final Object indexLock = new Object();
  private MemoryIndex index;
  private IncidentStore.Version indexed = new IncidentStore.Version(-1, -1);

  /**
   * @param embedder supplies the embedding model on first need (loading MiniLM takes 1–2 s)
   */
  public IncidentMemory(
      IncidentStore store, IncidentExtractor extractor, Supplier<Embedder> embedder) {
    this.store = Objects.requireNonNull(store, "store");
    this.extractor = Objects.requireNonNull(extractor, "extractor");
    this.embedderSupplier = Objects.requireNonNull(embedder, "embedder");
  }

  /**
   * The memory on the engine's store, with the extractor the configuration asks for ({@code
   * llm.provider}) and the offline MiniLM embedder.
   *
   * @throws dev.precursor.ConfigException when the LLM settings are incomplete
   */
  public static IncidentMemory open(Store store, PrecursorConfig config, Clock clock) {
    return new IncidentMemory(
        new JdbcIncidentStore(store, clock), IncidentExtractor.create(config), MiniLmEmbedder::new);
  }

  /** The extractor in use ({@code deterministic} or {@code llm}). */
  public IncidentExtractor extractor() {
    return extractor;
  }

  public IncidentStore store() {
    return store;
  }

  private Embedder embedder() {
    Embedder e = embedder;
    if (e == null) {
      synchronized (this) {
        e = embedder;
        if (e == null) {
          e = embedderSupplier.get();
          embedder = e;
        }
      }
    }
    return e;
  }

  /**
   * Learns one document.
   *
   * @throws dev.precursor.InvalidTelemetryException when it is not a usable postmortem
   */
  public LearnResult learn(SourceDocument document) {
    return learnAll(List.of(document)).get(0);
  }

  /**
   * Learns several documents, embedding them in one batch (faster than one by one). All or nothing:
   * a document that fails extraction fails the call; {@code precursor learn} calls it per small
   * batch and retries a failed batch one by one to report the bad file.
   *
   * @throws dev.precursor.InvalidTelemetryException when a document is not a usable postmortem
   */
  public List<LearnResult> learnAll(List<SourceDocument> documents) {
    List<LearnResult> results = new ArrayList<>(documents.size());
    List<Pending> pending = new ArrayList<>();
    for (SourceDocument doc : documents) {
      String hash = doc.contentHash();
      Optional<StoredIncident> same = store.findByHash(hash);
      if (same.isEmpty()) {
        same =
            pending.stream()
                .filter(p -> p.hash.equals(hash))
                .map(p -> p.stored)
                .filter(Objects::nonNull)
                .findFirst();
      }
      if (same.isPresent()) {
        results.add(new LearnResult(LearnResult.Status.UNCHANGED, same.get().incident()));
        continue;
      }
      Incident extracted = extractor.extract(doc);
      Optional<StoredIncident> previous =
          doc.source().equals("api") ? Optional.empty() : store.findBySource(doc.source());
      String id = previous.map(p -> p.incident().id()).orElse("inc-" + hash.substring(0, 12));
      Incident incident = extracted.withIdentity(id, doc.source());
      Pending p = new Pending(hash, doc.content(), incident, previous.isPresent());
      pending.add(p);
      results.add(null);
    }
    if (pending.isEmpty()) {
      return results;
    }
    List<String> texts = new ArrayList<>();
    List<Map<Space, String>> perIncident = new ArrayList<>();
    for (Pending p : pending) {
      Map<Space, String> t = SpaceTexts.of(p.incident);
      perIncident.add(t);
      texts.addAll(t.values());
    }
    Embedder emb = embedder();
    List<float[]> vectors = emb.embedAll(texts);
    List<StoredIncident> toSave = new ArrayList<>();
    int v = 0;
    for (int i = 0; i < pending.size(); i++) {
      Pending p = pending.get(i);
      Map<Space, float[]> vs = new java.util.EnumMap<>(Space.class);
      for (Space s : perIncident.get(i).keySet()) {
        vs.put(s, vectors.get(v++));
      }
      p.stored = new StoredIncident(p.incident, p.hash, p.body, emb.model(), vs);
      toSave.add(p.stored);
    }
    store.saveAll(toSave);
    synchronized (indexLock) {
      if (index != null) {
        for (StoredIncident s : toSave) {
          index.put(s);
        }
        indexed = store.version();
        if (indexed.count() != index.size()) {
          index = null; // another writer added incidents meanwhile: reload on next query
        }
      }
    }
    int next = 0;
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i) == null) {
        Pending p = pending.get(next++);
        results.set(
            i,
            new LearnResult(
                p.replaces ? LearnResult.Status.UPDATED : LearnResult.Status.CREATED, p.incident));
      }
    }
    LOG.fine(() -> "learned " + pending.size() + " incident(s)");
    return results;
  }

  /**
   * Adds an already structured incident (e.g. from an integration that has the fields), learned
   * like a JSON postmortem: its JSON form is the document, so adding it twice changes nothing.
   */
  public LearnResult add(Incident incident, String source) {
    try {
      return learn(
          SourceDocument.of(
              source, Json.mapper().writeValueAsString(incident), SourceDocument.Format.JSON));
    } catch (JsonProcessingException e) {
      throw new PrecursorException("cannot serialise incident: " + e.getMessage(), e);
    }
  }

  /**
   * The {@code k} past incidents most similar to a free-text description (symptoms, an alert, a
   * suspected cause), best first. {@code space} says which space matched best; {@code similarity}
   * is in [0,1].
   *
   * @throws IllegalArgumentException when the text is blank or k is not positive
   */
  public List<SimilarIncident> similar(String text, int k) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the query text is empty");
    }
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive: " + k);
    }
    float[] q = embedder().embed(text);
    FailureFamily family = DeterministicExtractor.familyOf(text);
    synchronized (indexLock) {
      return current().search(q, family, k);
    }
  }

  /**
   * The {@code k} past incidents whose precursor signature is most like {@code live} (space {@code
   * signature}), best first; incidents sharing no (metric kind, direction) pair are left out. Does
   * not load the embedding model.
   */
  public List<SimilarIncident> similar(PrecursorSignature live, int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive: " + k);
    }
    synchronized (indexLock) {
      return current().searchSignature(live, k);
    }
  }

  /** A past incident and its signature similarity to a live situation, in [0,1]. */
  public record IncidentMatch(Incident incident, double similarity) {}

  /**
   * Like {@link #similar(PrecursorSignature, int)} but with the whole incidents (family, root-cause
   * service, lead times, changes), for prediction. Quick: in-memory, no embedding model.
   */
  public List<IncidentMatch> match(PrecursorSignature live, int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive: " + k);
    }
    synchronized (indexLock) {
      return current().matchSignature(live, k);
    }
  }

  private MemoryIndex current() {
    IncidentStore.Version v = store.version();
    if (index == null || !v.equals(indexed)) {
      MemoryIndex fresh = new MemoryIndex();
      store.forEach(fresh::put);
      index = fresh;
      indexed = v;
    }
    return index;
  }

  public Optional<Incident> get(String id) {
    return store.get(id);
  }

  /** Every incident, ordered by id. */
  public List<Incident> all() {
    return store.all();
  }

  /** Number of incidents learned. */
  public long size() {
    return store.version().count();
  }

  private static final class Pending {
    final String hash;
    final String body;
    final Incident incident;
    final boolean replaces;
    StoredIncident stored;

    Pending(String hash, String body, Incident incident, boolean replaces) {
      this.hash = hash;
      this.body = body;
      this.incident = incident;
      this.replaces = replaces;
    }
  }
}
