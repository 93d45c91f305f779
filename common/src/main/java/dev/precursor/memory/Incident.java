package dev.precursor.memory;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A past incident decomposed into structured fields: what happened (title, date, severity,
 * services, symptom timeline), how it was diagnosed (hypotheses, diagnostic actions), why (failure
 * family, root-cause service and factors, contributing factors, the deploy or config change
 * involved), how it announced itself (precursor signals) and how it was resolved.
 *
 * <p>{@code confidence} maps each extracted field name ({@link #FIELDS}) to the extractor's
 * confidence in [0,1]; a field the extractor found nothing for has confidence 0.
 *
 * @param id stable identifier, assigned by {@link IncidentMemory} when learned
 * @param source where it came from: a file path, {@code jira:KEY}, {@code api}
 * @param deployToImpact time from the deploy or config change involved to impact, null when none
 * @param extractor which extractor produced it ({@code deterministic}, {@code llm}, {@code json})
 */
public record Incident(
    String id,
    String source,
    String title,
    @Nullable Instant occurredAt,
    @Nullable String severity,
    List<String> services,
    @Nullable String rootCauseService,
    FailureFamily family,
    String summary,
    List<TimelineEntry> timeline,
    List<ConsideredHypothesis> hypotheses,
    List<String> diagnostics,
    List<CauseFactor> rootCauseFactors,
    List<PrecursorSignal> precursors,
    List<String> contributingFactors,
    List<ResolutionAction> resolution,
    List<ChangeRef> changes,
    @JsonFormat(shape = JsonFormat.Shape.STRING) @Nullable Duration deployToImpact,
    Map<String, Double> confidence,
    String extractor) {

  /** The names of the extracted fields, the keys of {@link #confidence()}. */
  public static final List<String> FIELDS =
      List.of(
          "title",
          "occurredAt",
          "severity",
          "services",
          "rootCauseService",
          "family",
          "summary",
          "timeline",
          "hypotheses",
          "diagnostics",
          "rootCauseFactors",
          "precursors",
          "contributingFactors",
          "resolution",
          "changes");

  public Incident {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(extractor, "extractor");
    if (title == null || title.isBlank()) {
      throw new IllegalArgumentException("an incident needs a title");
    }
    summary = summary == null ? "" : summary;
    services = List.copyOf(services);
    timeline = List.copyOf(timeline);
    hypotheses = List.copyOf(hypotheses);
    diagnostics = List.copyOf(diagnostics);
    rootCauseFactors = List.copyOf(rootCauseFactors);
    precursors = List.copyOf(precursors);
    contributingFactors = List.copyOf(contributingFactors);
    resolution = List.copyOf(resolution);
    changes = List.copyOf(changes);
    Map<String, Double> c = new TreeMap<>();
    for (Map.Entry<String, Double> e : confidence.entrySet()) {
      c.put(e.getKey(), Confidence.check(e.getValue()));
    }
    confidence = Collections.unmodifiableMap(c);
  }

  /** The numeric precursor signature prediction compares live signals with. */
  @JsonIgnore
  public PrecursorSignature signature() {
    return PrecursorSignature.ofSignals(precursors, deployToImpact);
  }

  /** The extractor's confidence in one field, 0 when it has none. */
  public double confidenceOf(String field) {
    return confidence.getOrDefault(field, 0.0);
  }

  /** The resolution actions as one line, for listings and tickets. */
  @JsonIgnore
  public String resolutionSummary() {
    List<String> parts = new ArrayList<>();
    for (ResolutionAction a : resolution) {
      parts.add(a.action());
    }
    return String.join("; ", parts);
  }

  /** A copy with another id and source (assigned when learned). */
  public Incident withIdentity(String newId, String newSource) {
    return toBuilder().id(newId).source(newSource).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.source = source;
    b.title = title;
    b.occurredAt = occurredAt;
    b.severity = severity;
    b.services = new ArrayList<>(services);
    b.rootCauseService = rootCauseService;
    b.family = family;
    b.summary = summary;
    b.timeline = new ArrayList<>(timeline);
    b.hypotheses = new ArrayList<>(hypotheses);
    b.diagnostics = new ArrayList<>(diagnostics);
    b.rootCauseFactors = new ArrayList<>(rootCauseFactors);
    b.precursors = new ArrayList<>(precursors);
    b.contributingFactors = new ArrayList<>(contributingFactors);
    b.resolution = new ArrayList<>(resolution);
    b.changes = new ArrayList<>(changes);
    b.deployToImpact = deployToImpact;
    b.confidence = new LinkedHashMap<>(confidence);
    b.extractor = extractor;
    return b;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds an incident field by field (extractors fill what they find). */
  public static final class Builder {
    private String id = "";
    private String source = "";
    private @Nullable String title;
    private @Nullable Instant occurredAt;
    private @Nullable String severity;
    private List<String> services = new ArrayList<>();
    private @Nullable String rootCauseService;
    private FailureFamily family = FailureFamily.OTHER;
    private String summary = "";
    private List<TimelineEntry> timeline = new ArrayList<>();
    private List<ConsideredHypothesis> hypotheses = new ArrayList<>();
    private List<String> diagnostics = new ArrayList<>();
    private List<CauseFactor> rootCauseFactors = new ArrayList<>();
    private List<PrecursorSignal> precursors = new ArrayList<>();
    private List<String> contributingFactors = new ArrayList<>();
    private List<ResolutionAction> resolution = new ArrayList<>();
    private List<ChangeRef> changes = new ArrayList<>();
    private @Nullable Duration deployToImpact;
    private Map<String, Double> confidence = new LinkedHashMap<>();
    private String extractor = "deterministic";

    private Builder() {}

    public Builder id(String v) {
      id = v;
      return this;
    }

    public Builder source(String v) {
      source = v;
      return this;
    }

    public Builder title(String v) {
      title = v;
      return this;
    }

    public @Nullable String title() {
      return title;
    }

    public Builder occurredAt(@Nullable Instant v) {
      occurredAt = v;
      return this;
    }

    public @Nullable Instant occurredAt() {
      return occurredAt;
    }

    public Builder severity(@Nullable String v) {
      severity = v;
      return this;
    }

    public Builder services(List<String> v) {
      services = new ArrayList<>(v);
      return this;
    }

    public List<String> services() {
      return services;
    }

    public Builder rootCauseService(@Nullable String v) {
      rootCauseService = v;
      return this;
    }

    public Builder family(FailureFamily v) {
      family = v;
      return this;
    }

    public Builder summary(String v) {
      summary = v;
      return this;
    }

    public Builder timeline(List<TimelineEntry> v) {
      timeline = new ArrayList<>(v);
      return this;
    }

    public Builder hypotheses(List<ConsideredHypothesis> v) {
      hypotheses = new ArrayList<>(v);
      return this;
    }

    public Builder diagnostics(List<String> v) {
      diagnostics = new ArrayList<>(v);
      return this;
    }

    public Builder rootCauseFactors(List<CauseFactor> v) {
      rootCauseFactors = new ArrayList<>(v);
      return this;
    }

    public Builder precursors(List<PrecursorSignal> v) {
      precursors = new ArrayList<>(v);
      return this;
    }

    public Builder contributingFactors(List<String> v) {
      contributingFactors = new ArrayList<>(v);
      return this;
    }

    public Builder resolution(List<ResolutionAction> v) {
      resolution = new ArrayList<>(v);
      return this;
    }

    public Builder changes(List<ChangeRef> v) {
      changes = new ArrayList<>(v);
      return this;
    }

    public Builder deployToImpact(@Nullable Duration v) {
      deployToImpact = v;
      return this;
    }

    /** Sets the confidence of one field ({@link Incident#FIELDS}). */
    public Builder confidence(String field, double c) {
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException("not an incident field: " + field);
      }
      confidence.put(field, Confidence.check(c));
      return this;
    }

    public Builder extractor(String v) {
      extractor = v;
      return this;
    }

    /**
     * The incident.
     *
     * @throws IllegalArgumentException when the title is missing
     */
    public Incident build() {
      return new Incident(
          id,
          source,
          Objects.requireNonNullElse(title, ""),
          occurredAt,
          severity,
          services,
          rootCauseService,
          family,
          summary,
          timeline,
          hypotheses,
          diagnostics,
          rootCauseFactors,
          precursors,
          contributingFactors,
          resolution,
          changes,
          deployToImpact,
          confidence,
          extractor);
    }
  }
}
