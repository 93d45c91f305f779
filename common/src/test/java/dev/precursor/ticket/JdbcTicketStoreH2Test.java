package dev.precursor.ticket;

import dev.precursor.store.Store;
import dev.precursor.store.StoreFixtures;
import org.junit.jupiter.api.AfterEach;

class JdbcTicketStoreH2Test extends TicketStoreContract {
  private final Store store = StoreFixtures.h2();
  private final TicketStore tickets = new JdbcTicketStore(store);

  @Override
  protected TicketStore store() {
    return tickets;
  }

  @AfterEach
  void close() {
    store.close();
  }
}
