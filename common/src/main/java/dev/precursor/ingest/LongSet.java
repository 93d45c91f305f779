package dev.precursor.ingest;

/** An open-addressing set of non-zero longs (0 is never stored), for cheap duplicate checks. */
final class LongSet {
  private long[] table = new long[1024];
  private int size;

  /** Adds {@code v}; false when it was already present. {@code v == 0} is treated as 1. */
  boolean add(long v) {
    long x = v == 0 ? 1 : v;
    if ((size + 1) * 2 > table.length) {
      grow();
    }
    int mask = table.length - 1;
    int i = mix(x) & mask;
    while (table[i] != 0) {
      if (table[i] == x) {
        return false;
      }
      i = (i + 1) & mask;
    }
    table[i] = x;
    size++;
    return true;
  }

  boolean contains(long v) {
    long x = v == 0 ? 1 : v;
    int mask = table.length - 1;
    int i = mix(x) & mask;
    while (table[i] != 0) {
      if (table[i] == x) {
        return true;
      }
      i = (i + 1) & mask;
    }
    return false;
  }

  int size() {
    return size;
  }

  void clear() {
    if (table.length > 1024) {
      table = new long[1024];
    } else {
      java.util.Arrays.fill(table, 0);
    }
    size = 0;
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    size = 0;
    for (long v : old) {
      if (v != 0) {
        add(v);
      }
    }
  }

  private static int mix(long x) {
    long h = x * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
