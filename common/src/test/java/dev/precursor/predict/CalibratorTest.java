package dev.precursor.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalibratorTest {
  private static Feedback label(FeedbackLabel l, double conf, int i) {
    return new Feedback(
        "f" + i, "p" + i, "memory leak", l, conf, Instant.EPOCH.plusSeconds(i), null);
  }

  @Test
  void identityWithoutLabels() {
    Calibrator c = new Calibrator();
    assertThat(c.calibrate("memory leak", 0.8)).isEqualTo(0.8);
  }

  @Test
  void falsePositivesLowerAndHitsRaiseConfidence() {
    Calibrator c = new Calibrator();
    List<Feedback> bad = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      bad.add(label(FeedbackLabel.FALSE_POSITIVE, 0.88, i));
    }
    TrackRecord r = c.refit("memory leak", bad);
    assertThat(c.calibrate("memory leak", 0.88)).isLessThan(0.7);
    assertThat(r.labels()).isEqualTo(12);
    assertThat(r.precision()).isEqualTo(0.0);
    assertThat(c.calibrate("retry storm", 0.88)).isEqualTo(0.88);

    List<Feedback> good = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      good.add(
          label(i % 2 == 0 ? FeedbackLabel.TRUE_POSITIVE : FeedbackLabel.DELAYED_HIT, 0.72, i));
    }
    c.refit("memory leak", good);
    assertThat(c.calibrate("memory leak", 0.72)).isGreaterThan(0.8);
  }

  @Test
  void fewLabelsMoveLittle() {
    Calibrator c = new Calibrator();
    c.refit("memory leak", List.of(label(FeedbackLabel.FALSE_POSITIVE, 0.9, 1)));
    assertThat(c.calibrate("memory leak", 0.9)).isBetween(0.75, 0.9);
  }
}
