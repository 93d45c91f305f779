package dev.precursor.memory;

import dev.precursor.config.PrecursorConfig.StoreConfig;
import dev.precursor.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Learn throughput without an LLM: every sample postmortem (34) is extracted with the deterministic
 * extractor, embedded in four spaces with MiniLM and stored in a fresh H2 database, in the batches
 * {@code precursor learn} uses. The score is postmortems per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 15)
@Fork(1)
public class LearnBenchmark {
  private static final int BATCH = 8;
  private Embedder embedder;
  private List<SourceDocument> documents;
  private Store store;
  private IncidentMemory memory;

  @Setup(Level.Trial)
  public void loadModel() {
    embedder = new MiniLmEmbedder();
    documents = BenchData.documents();
  }

  @Setup(Level.Invocation)
  public void freshStore() {
    store =
        Store.open(
            new StoreConfig("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
    memory =
        new IncidentMemory(
            new JdbcIncidentStore(store, Clock.systemUTC()),
            IncidentExtractor.deterministic(),
            () -> embedder);
  }

  @TearDown(Level.Invocation)
  public void closeStore() {
    store.close();
  }

  @Benchmark
  @OperationsPerInvocation(34)
  public long learnSamplePostmortems() {
    for (int i = 0; i < documents.size(); i += BATCH) {
      memory.learnAll(documents.subList(i, Math.min(documents.size(), i + BATCH)));
    }
    return memory.size();
  }

  @Benchmark
  @OperationsPerInvocation(34)
  public int extractOnly() {
    int n = 0;
    IncidentExtractor x = IncidentExtractor.deterministic();
    for (SourceDocument d : documents) {
      n += x.extract(d).precursors().size();
    }
    return n;
  }
}
