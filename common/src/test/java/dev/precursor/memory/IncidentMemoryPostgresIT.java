package dev.precursor.memory;

import dev.precursor.store.Store;
import dev.precursor.store.StoreFixtures;

class IncidentMemoryPostgresIT extends IncidentMemoryContract {
  @Override
  protected Store newStore() {
    return StoreFixtures.postgres();
  }
}
