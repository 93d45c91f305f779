package dev.precursor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.precursor.model.Deploy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link DeployStore} must do; each store's test extends it. */
public abstract class DeployStoreContract {
  protected abstract DeployStore store();

  private static Deploy deploy(String service, String version, long at) {
    return new Deploy(
        UUID.randomUUID().toString(),
        service,
        version,
        "prod",
        Instant.ofEpochMilli(at),
        Deploy.Kind.DEPLOY,
        "abc123",
        "https://ci/1",
        "api");
  }

  @Test
  void savedDeployIsListed() {
    Deploy d = store().save(deploy("checkout", "1.2.3", 1_000));
    assertThat(store().list(null, null, "checkout", 10, null).items()).containsExactly(d);
  }

  @Test
  void repeatedMarkerIsOneDeploy() {
    Deploy first = store().save(deploy("cart", "2.0", 5_000));
    Deploy again = store().save(deploy("cart", "2.0", 5_000));
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(store().list(null, null, "cart", 10, null).items()).hasSize(1);
  }

  @Test
  void filtersByTimeAndService() {
    store().save(deploy("a", "1", 100));
    store().save(deploy("a", "2", 200));
    store().save(deploy("b", "1", 150));
    assertThat(
            store()
                .list(Instant.ofEpochMilli(150), Instant.ofEpochMilli(201), "a", 10, null)
                .items())
        .extracting(Deploy::version)
        .containsExactly("2");
    assertThat(
            store()
                .list(Instant.ofEpochMilli(100), Instant.ofEpochMilli(200), null, 10, null)
                .items())
        .extracting(Deploy::service)
        .containsExactly("a", "b");
  }

  @Test
  void pagesThroughEverythingInTimeOrder() {
    for (int i = 0; i < 7; i++) {
      store().save(deploy("paged", "v" + i, 10_000 + i % 3));
    }
    List<Deploy> all = new ArrayList<>();
    String cursor = null;
    do {
      Page<Deploy> page = store().list(null, null, "paged", 3, cursor);
      assertThat(page.items().size()).isLessThanOrEqualTo(3);
      all.addAll(page.items());
      cursor = page.nextCursor();
    } while (cursor != null);
    assertThat(all).hasSize(7);
    assertThat(all)
        .isSortedAccordingTo(
            (x, y) -> x.at().equals(y.at()) ? x.id().compareTo(y.id()) : x.at().compareTo(y.at()));
  }

  @Test
  void rejectsForeignCursor() {
    assertThatThrownBy(() -> store().list(null, null, null, 3, "not-a-cursor"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cursor");
  }
}
