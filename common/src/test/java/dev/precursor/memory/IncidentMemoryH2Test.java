package dev.precursor.memory;

import dev.precursor.store.Store;
import dev.precursor.store.StoreFixtures;

class IncidentMemoryH2Test extends IncidentMemoryContract {
  @Override
  protected Store newStore() {
    return StoreFixtures.h2();
  }
}
