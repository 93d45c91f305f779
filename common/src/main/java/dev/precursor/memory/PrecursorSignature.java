package dev.precursor.memory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.precursor.model.Anomaly;
import dev.precursor.model.Direction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The numeric fingerprint of how an incident announced itself: for every (metric kind, direction)
 * pair, the speed of the fastest signal of that pair ({@link VelocityBand#speed()}, 0 when absent),
 * plus the time from the last deploy or config change to impact.
 *
 * <p>Prediction builds one from live anomalies with {@link #fromAnomalies} and compares it with
 * each past incident's {@link Incident#signature()} through {@link #similarity}: a Dice overlap of
 * the (kind, direction) pairs where a pair present in both counts {@code 1 - |speed difference|},
 * scaled by how well the deploy-to-impact times agree. Identical signatures score 1, signatures
 * sharing no (kind, direction) pair score 0.
 */
public final class PrecursorSignature {
  private static final MetricKind[] KINDS = MetricKind.values();
  private static final Direction[] DIRECTIONS = Direction.values();

  /** Number of (kind, direction) slots in {@link #slots()}. */
  public static final int SLOTS = KINDS.length * DIRECTIONS.length;

  /** The signature of an incident with no known precursor: similar to nothing. */
  public static final PrecursorSignature EMPTY = new PrecursorSignature(new float[SLOTS], null);

  private final float[] slots;
  private final @Nullable Duration deployToImpact;
  private final int present;

  private PrecursorSignature(float[] slots, @Nullable Duration deployToImpact) {
    this.slots = slots;
    this.deployToImpact = deployToImpact;
    int n = 0;
    for (float s : slots) {
      if (s > 0) {
        n++;
      }
    }
    this.present = n;
  }

  /** One (kind, direction, band) element of a signature. */
  public record Component(MetricKind kind, Direction direction, VelocityBand velocity) {
    public Component {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(velocity, "velocity");
    }
  }

  /**
   * A signature from components; when a (kind, direction) pair repeats, the fastest band wins.
   *
   * @param deployToImpact time from the last deploy or config change to impact (for a live
   *     situation: the age of the latest deploy of the affected services), null when none
   */
  @JsonCreator
  public static PrecursorSignature of(
      @JsonProperty("components") List<Component> components,
      @JsonProperty("deployToImpact") @Nullable Duration deployToImpact) {
    float[] slots = new float[SLOTS];
    for (Component c : components) {
      int i = slot(c.kind(), c.direction());
      slots[i] = Math.max(slots[i], (float) c.velocity().speed());
    }
    return new PrecursorSignature(slots, deployToImpact);
  }

  /** The signature of an incident's precursor signals. */
  public static PrecursorSignature ofSignals(
      List<PrecursorSignal> signals, @Nullable Duration deployToImpact) {
    List<Component> cs = new ArrayList<>();
    for (PrecursorSignal s : signals) {
      cs.add(new Component(s.kind(), s.direction(), s.velocity()));
    }
    return of(cs, deployToImpact);
  }

  /**
   * The live signature of a group of anomalies (a situation): each anomaly's metric is classified
   * with {@link MetricKind#ofMetric}, its velocity banded with {@link VelocityBand#of(
   * dev.precursor.model.Velocity)}. Anomalies on metrics of no known kind are left out; an anomaly
   * whose velocity is not yet known counts as {@link VelocityBand#FAST}.
   *
   * @param latestDeployAge how long ago the latest deploy or config change of the involved services
   *     happened, at the time of the newest anomaly; null when there was none recently
   */
  public static PrecursorSignature fromAnomalies(
      List<Anomaly> anomalies, @Nullable Duration latestDeployAge) {
    List<Component> cs = new ArrayList<>();
    for (Anomaly a : anomalies) {
      MetricKind.ofMetric(a.series().metric())
          .ifPresent(
              k ->
                  cs.add(
                      new Component(
                          k,
                          a.direction(),
                          VelocityBand.of(a.velocity()).orElse(VelocityBand.FAST))));
    }
    return of(cs, latestDeployAge);
  }

  private static int slot(MetricKind kind, Direction direction) {
    return kind.ordinal() * DIRECTIONS.length + direction.ordinal();
  }

  /** The components, in kind then direction order. */
  @JsonProperty("components")
  public List<Component> components() {
    List<Component> cs = new ArrayList<>();
    for (int i = 0; i < SLOTS; i++) {
      if (slots[i] > 0) {
        cs.add(
            new Component(
                KINDS[i / DIRECTIONS.length],
                DIRECTIONS[i % DIRECTIONS.length],
                VelocityBand.nearest(slots[i])));
      }
    }
    return cs;
  }

  @JsonProperty("deployToImpact")
  @com.fasterxml.jackson.annotation.JsonFormat(
      shape = com.fasterxml.jackson.annotation.JsonFormat.Shape.STRING)
  public @Nullable Duration deployToImpact() {
    return deployToImpact;
  }

  /**
   * The numeric vector: {@link #SLOTS} speeds (slot {@code kind.ordinal() * 2 +
   * direction.ordinal()}), then the deploy proximity {@code 1 / (1 + hours)} (0 without deploy).
   */
  @JsonIgnore
  public float[] vector() {
    float[] v = Arrays.copyOf(slots, SLOTS + 1);
    v[SLOTS] = deployToImpact == null ? 0f : (float) (1.0 / (1.0 + hours(deployToImpact)));
    return v;
  }

  @JsonIgnore
  public boolean isEmpty() {
    return present == 0;
  }

  /**
   * Similarity in [0,1]; symmetric. Dice overlap of the (kind, direction) pairs, each shared pair
   * weighted {@code 1 - |speed difference|}, times {@code 0.85 + 0.15 * deployAgreement} where
   * deploy agreement is {@code exp(-|ln(ratio of deploy-to-impact hours)|)} when both have a
   * deploy, 0.5 when neither has one and 0.2 when only one has.
   */
  public double similarity(PrecursorSignature other) {
    if (present == 0 || other.present == 0) {
      return 0;
    }
    double match = 0;
    float[] o = other.slots;
    for (int i = 0; i < SLOTS; i++) {
      float a = slots[i];
      float b = o[i];
      if (a > 0 && b > 0) {
        match += 1 - Math.abs(a - b);
      }
    }
    if (match == 0) {
      return 0;
    }
    double dice = 2 * match / (present + other.present);
    return dice * (0.85 + 0.15 * deployAgreement(deployToImpact, other.deployToImpact));
  }

  private static double deployAgreement(@Nullable Duration a, @Nullable Duration b) {
    if (a == null && b == null) {
      return 0.5;
    }
    if (a == null || b == null) {
      return 0.2;
    }
    double ha = hours(a) + 0.25;
    double hb = hours(b) + 0.25;
    return Math.exp(-Math.abs(Math.log(ha / hb)));
  }

  private static double hours(Duration d) {
    return Math.max(0, d.toMillis()) / 3_600_000.0;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof PrecursorSignature s
        && Arrays.equals(slots, s.slots)
        && Objects.equals(deployToImpact, s.deployToImpact);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(slots) * 31 + Objects.hashCode(deployToImpact);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("PrecursorSignature[");
    List<Component> cs = components();
    for (int i = 0; i < cs.size(); i++) {
      Component c = cs.get(i);
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(c.kind().wire())
          .append(' ')
          .append(c.direction().wire())
          .append(' ')
          .append(c.velocity().wire());
    }
    if (deployToImpact != null) {
      sb.append("; deploy ").append(deployToImpact).append(" before impact");
    }
    return sb.append(']').toString();
  }
}
