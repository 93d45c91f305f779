package dev.precursor.correlate;

import dev.precursor.store.Store;
import dev.precursor.store.StoreFixtures;

class SituationStoreH2Test extends SituationStoreContract {
  @Override
  protected Store store() {
    return StoreFixtures.h2();
  }
}
