package dev.precursor.store;

import org.junit.jupiter.api.AfterEach;

class JdbcDeployStoreH2Test extends DeployStoreContract {
  private final Store store = StoreFixtures.h2();
  private final DeployStore deploys = new JdbcDeployStore(store);

  @Override
  protected DeployStore store() {
    return deploys;
  }

  @AfterEach
  void close() {
    store.close();
  }
}
