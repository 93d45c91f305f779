package dev.precursor.memory;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Persistent incident memory: incidents with their source text, content hash and embeddings.
 * Thread-safe; one content hash is one incident.
 */
public interface IncidentStore {
  /**
   * Stores the incident, replacing the one with the same id (and its vectors) if any.
   *
   * @throws DuplicateContentException when another incident already has the content hash
   */
  void save(StoredIncident incident);

  /** Stores many in one transaction (bulk loads, benchmarks); same rules as {@link #save}. */
  void saveAll(List<StoredIncident> incidents);

  Optional<StoredIncident> findByHash(String contentHash);

  /** The incident last learned from this source, if any. */
  Optional<StoredIncident> findBySource(String source);

  Optional<Incident> get(String id);

  /** Every incident, ordered by id. */
  List<Incident> all();

  /** Streams every stored incident with its vectors (loads the in-memory index). */
  void forEach(Consumer<StoredIncident> consumer);

  /** Count and newest update time: changes whenever any engine adds or replaces an incident. */
  Version version();

  /** A cheap fingerprint of the store's content. */
  record Version(long count, long lastUpdatedMs) {}

  /** Another incident already has this content. */
  final class DuplicateContentException extends dev.precursor.PrecursorException {
    private static final long serialVersionUID = 1L;

    public DuplicateContentException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
