package dev.precursor.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcDeployStorePostgresIT extends DeployStoreContract {
  private final Store store = StoreFixtures.postgres();
  private final DeployStore deploys = new JdbcDeployStore(store);

  @Override
  protected DeployStore store() {
    return deploys;
  }

  @Test
  void runsOnRealPostgres() {
    assertThat(store.kind()).isEqualTo(Store.Kind.POSTGRESQL);
    assertThat(store.isHealthy()).isTrue();
  }

  @AfterEach
  void close() {
    store.close();
  }
}
