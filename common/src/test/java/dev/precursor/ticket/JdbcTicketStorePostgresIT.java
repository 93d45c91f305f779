package dev.precursor.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precursor.store.Store;
import dev.precursor.store.StoreFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcTicketStorePostgresIT extends TicketStoreContract {
  private final Store store = StoreFixtures.postgres();
  private final TicketStore tickets = new JdbcTicketStore(store);

  @Override
  protected TicketStore store() {
    return tickets;
  }

  @Test
  void runsOnRealPostgres() {
    assertThat(store.kind()).isEqualTo(Store.Kind.POSTGRESQL);
  }

  @AfterEach
  void close() {
    store.close();
  }
}
