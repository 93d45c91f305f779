package dev.precursor.servicenow.internal;

import java.time.Duration;

/** Waits between retries; tests pass a recording fake instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  /** Really waits ({@link Thread#sleep}). */
  static Sleeper system() {
    return d -> Thread.sleep(d.toMillis());
  }
}
