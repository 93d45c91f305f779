package dev.precursor.memory;

import dev.precursor.config.PrecursorConfig.StoreConfig;
import dev.precursor.model.SimilarIncident;
import dev.precursor.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Similar-incident query latency over a memory of {@code incidents} incidents in H2: the sample
 * postmortems are learned for real (extraction + MiniLM embeddings), then replicated with slightly
 * perturbed vectors up to the size. Each call is one {@code similar(text, 5)}: embed the query,
 * check the store for changes, score every incident in four spaces, keep the top 5. Read p0.99 of
 * the SampleTime result. H2 must be on the classpath (see docs/memory.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class SimilarIncidentBenchmark {
  @Param({"10000"})
  int incidents;

  private Store store;
  private IncidentMemory memory;
  private PrecursorSignature live;
  private List<String> queries;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    store =
        Store.open(
            new StoreConfig("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
    JdbcIncidentStore jdbc = new JdbcIncidentStore(store, Clock.systemUTC());
    Embedder embedder = new MiniLmEmbedder();
    memory = new IncidentMemory(jdbc, IncidentExtractor.deterministic(), () -> embedder);
    memory.learnAll(BenchData.documents());
    List<StoredIncident> seeds = new ArrayList<>();
    jdbc.forEach(seeds::add);
    Random rnd = new Random(42);
    List<StoredIncident> batch = new ArrayList<>();
    for (int i = seeds.size(); i < incidents; i++) {
      StoredIncident s = seeds.get(i % seeds.size());
      Map<Space, float[]> vs = new EnumMap<>(Space.class);
      s.vectors().forEach((space, v) -> vs.put(space, perturb(v, rnd)));
      String id = "syn-" + i;
      batch.add(
          new StoredIncident(
              s.incident().withIdentity(id, "synthetic/" + i),
              "synthetic-" + i,
              "",
              s.model(),
              vs));
      if (batch.size() == 500) {
        jdbc.saveAll(batch);
        batch.clear();
      }
    }
    jdbc.saveAll(batch);
    queries = BenchData.queries();
    live = seeds.get(0).incident().signature();
    if (memory.size() != incidents) {
      throw new IllegalStateException(
          "expected " + incidents + " incidents, have " + memory.size());
    }
    memory.similar(queries.get(0), 5); // loads the index
  }

  private static float[] perturb(float[] v, Random rnd) {
    float[] out = new float[v.length];
    double n = 0;
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] + (float) (rnd.nextGaussian() * 0.02);
      n += out[i] * out[i];
    }
    float inv = (float) (1 / Math.sqrt(n));
    for (int i = 0; i < out.length; i++) {
      out[i] *= inv;
    }
    return out;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    store.close();
  }

  @Benchmark
  public List<SimilarIncident> similarText() {
    String q = queries.get(next++ % queries.size());
    return memory.similar(q, 5);
  }

  @Benchmark
  public List<SimilarIncident> similarSignature() {
    return memory.similar(live, 5);
  }
}
