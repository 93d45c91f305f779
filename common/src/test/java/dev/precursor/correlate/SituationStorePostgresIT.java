package dev.precursor.correlate;

import dev.precursor.store.Store;
import dev.precursor.store.StoreFixtures;

class SituationStorePostgresIT extends SituationStoreContract {
  @Override
  protected Store store() {
    return StoreFixtures.postgres();
  }
}
