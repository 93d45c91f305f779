package dev.precursor.store;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of a list: the items and the cursor of the next page, null on the last. */
public record Page<T>(List<T> items, @Nullable String nextCursor) {
  public Page {
    items = List.copyOf(items);
  }
}
