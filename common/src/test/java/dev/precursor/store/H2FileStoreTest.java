package dev.precursor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precursor.config.PrecursorConfig.StoreConfig;
import dev.precursor.model.Deploy;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2FileStoreTest {
  @TempDir Path dir;

  @Test
  void keepsDataAcrossReopenAndMigratesOnce() {
    StoreConfig cfg = new StoreConfig("jdbc:h2:file:" + dir.resolve("sub/precursor"), null, null);
    try (Store s = Store.open(cfg)) {
      new JdbcDeployStore(s)
          .save(
              new Deploy(
                  "d1", "svc", "1", null, Instant.EPOCH, Deploy.Kind.CONFIG, null, null, "test"));
    }
    try (Store s = Store.open(cfg)) {
      assertThat(new JdbcDeployStore(s).list(null, null, null, 10, null).items())
          .extracting(Deploy::id)
          .containsExactly("d1");
    }
  }
}
