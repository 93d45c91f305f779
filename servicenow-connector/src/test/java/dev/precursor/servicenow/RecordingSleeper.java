package dev.precursor.servicenow;

import dev.precursor.ticket.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records the waits asked for and advances the test clock instead of sleeping. */
final class RecordingSleeper implements Sleeper {
  private final MutableClock clock;
  private final List<Duration> waits = new ArrayList<>();

  RecordingSleeper(MutableClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void sleep(Duration duration) {
    waits.add(duration);
    clock.advance(duration);
  }

  synchronized List<Duration> waits() {
    return List.copyOf(waits);
  }
}
