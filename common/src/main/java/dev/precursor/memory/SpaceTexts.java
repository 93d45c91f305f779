package dev.precursor.memory;

import java.util.EnumMap;
import java.util.Map;

/** The text of an incident embedded in each {@link Space}; empty spaces are left out. */
final class SpaceTexts {
  /** Per space; the head of each text carries its meaning, and embedding time grows with length. */
  static final int MAX_CHARS = 500;

  private SpaceTexts() {}

  static Map<Space, String> of(Incident i) {
    Map<Space, String> m = new EnumMap<>(Space.class);
    StringBuilder symptom = new StringBuilder(i.title()).append(". ");
    if (!i.summary().isBlank()) {
      symptom.append(i.summary()).append(' ');
    }
    for (TimelineEntry t : i.timeline()) {
      if (symptom.length() > MAX_CHARS) {
        break;
      }
      symptom.append(t.text()).append(". ");
    }
    put(m, Space.SYMPTOM, symptom);

    StringBuilder cause = new StringBuilder();
    if (i.family() != FailureFamily.OTHER) {
      cause.append(i.family().label()).append(". ");
    }
    if (i.rootCauseService() != null) {
      cause.append("Root cause in ").append(i.rootCauseService()).append(". ");
    }
    for (CauseFactor f : i.rootCauseFactors()) {
      cause.append(f.text()).append(". ");
    }
    for (ChangeRef c : i.changes()) {
      cause.append(c.description()).append(". ");
    }
    for (String f : i.contributingFactors()) {
      cause.append(f).append(". ");
    }
    put(m, Space.CAUSE, cause);

    StringBuilder pre = new StringBuilder();
    for (PrecursorSignal s : i.precursors()) {
      pre.append(s.description()).append(". ");
    }
    put(m, Space.PRECURSOR, pre);

    StringBuilder res = new StringBuilder();
    for (ResolutionAction a : i.resolution()) {
      res.append(a.action());
      if (a.effect() != null) {
        res.append(" (").append(a.effect()).append(')');
      }
      res.append(". ");
    }
    put(m, Space.RESOLUTION, res);
    return m;
  }

  private static void put(Map<Space, String> m, Space s, StringBuilder text) {
    String t = text.toString().replaceAll("\\s+", " ").strip();
    if (t.isEmpty()) {
      return;
    }
    m.put(s, t.length() > MAX_CHARS ? t.substring(0, MAX_CHARS) : t);
  }
}
