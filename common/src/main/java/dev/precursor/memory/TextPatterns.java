package dev.precursor.memory;

import dev.precursor.model.Direction;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Phrases the deterministic extractor reads: directions, speeds, lead times, durations. */
final class TextPatterns {
  private TextPatterns() {}

  private static final int FLAGS = Pattern.CASE_INSENSITIVE;

  static final Pattern UP =
      Pattern.compile(
          "\\b(?:ris(?:e|es|ing)|rose|climb(?:ed|ing|s)?|increas(?:e|ed|es|ing)|gr(?:ew|ow|owing|"
              + "owth)|spik(?:e|ed|es|ing)|jump(?:ed|s)?|creep(?:ing|s)?|crept|higher|elevated|"
              + "doubl(?:ed|ing)|tripl(?:ed|ing)|up(?:ward)?|went up|saturat(?:ed|ing|ion)|"
              + "exhaust(?:ed|ion)|filled|fill(?:ing)?|full|piled|piling|built up|building up|backed up|"
              + "surg(?:e|ed|ing)|balloon(?:ed|ing)|trend(?:ed|ing) up|above|peaked|hit \\d|reached|"
              + "leak(?:ed|ing)?|growing|mounting|accumulat(?:ed|ing))\\b",
          FLAGS);
  static final Pattern DOWN =
      Pattern.compile(
          "\\b(?:drop(?:ped|s|ping)?|fell|fall(?:ing|s)?|decreas(?:e|ed|es|ing)|declin(?:e|ed|ing)|"
              + "lower|collaps(?:e|ed|ing)|shr(?:ank|inking)|down(?:ward)?|plummet(?:ed|ing)|"
              + "dipp?(?:ed|ing)?|degrad(?:ed|ing)|below|sank|halved|trend(?:ed|ing) down|"
              + "went to zero|dried up|stalled)\\b",
          FLAGS);

  static final Pattern SUDDEN =
      Pattern.compile(
          "\\b(?:sudden(?:ly)?|spik(?:e|ed|es)|jump(?:ed|s)?|instant(?:ly)?|immediately|step(?:ped)? "
              + "(?:change|up)|cliff|abrupt(?:ly)?|within (?:a few |\\d+ )?(?:seconds|minutes?)|"
              + "in seconds|overnight drop)\\b",
          FLAGS);
  static final Pattern CREEPING =
      Pattern.compile(
          "\\b(?:over (?:the (?:past |last )?)?(?:several |a few |many |multiple |\\d+ )?(?:days|weeks)"
              + "|week-long|day over day|day-over-day|for days|for weeks|since last week|over a week)\\b",
          FLAGS);
  static final Pattern SLOW =
      Pattern.compile(
          "\\b(?:slow(?:ly)?|gradual(?:ly)?|steady|steadily|creep(?:ing|s)?|crept|linear(?:ly)?|"
              + "over (?:the (?:next |following |course of (?:the )?)?)?(?:several |a few |many )?hours"
              + "|hours-long|sawtooth|drift(?:ed|ing)?|slow burn)\\b",
          FLAGS);
  static final Pattern FAST =
      Pattern.compile(
          "\\b(?:rapid(?:ly)?|quick(?:ly)?|fast|sharp(?:ly)?|steep(?:ly)?|within the hour|"
              + "accelerat(?:ed|ing)|exponential(?:ly)?)\\b",
          FLAGS);

  private static final String UNIT =
      "(s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|weeks?)";
  private static final String NUM = "(\\d+(?:\\.\\d+)?)";

  static final Pattern LEAD =
      Pattern.compile(
          "(?:~|about |around |roughly |some |nearly |almost )?"
              + NUM
              + "\\s*"
              + UNIT
              + "\\b(?: or so)?\\s+(?:before|prior to|ahead of|earlier than)",
          FLAGS);
  static final Pattern LEAD_LABEL =
      Pattern.compile(
          "lead(?:[- ]time)?\\s*[:=]?\\s*(?:of\\s+)?(?:~|about |around )?"
              + NUM
              + "\\s*"
              + UNIT
              + "\\b",
          FLAGS);
  static final Pattern T_MINUS = Pattern.compile("\\bT-\\s?" + NUM + "\\s*" + UNIT + "\\b", FLAGS);
  static final Pattern OVER =
      Pattern.compile(
          "\\b(?:over|across|during|for|in|within)\\s+(?:the\\s+(?:next|following|past|last)\\s+)?"
              + "(?:~|about |around |roughly )?"
              + NUM
              + "\\s*"
              + UNIT
              + "\\b",
          FLAGS);
  static final Pattern AFTER_CHANGE =
      Pattern.compile(
          "(?:~|about |around |roughly |some )?"
              + NUM
              + "\\s*"
              + UNIT
              + "\\b\\s+after\\s+(?:the\\s+|a\\s+|its\\s+)?(?:[\\w.-]+\\s+){0,3}?"
              + "(?:deploy|deployment|release|rollout|roll-out|config|configuration|change|upgrade|"
              + "flag|push|migration)",
          FLAGS);

  static Optional<Direction> direction(String text) {
    Matcher up = UP.matcher(text);
    Matcher down = DOWN.matcher(text);
    boolean u = up.find();
    boolean d = down.find();
    if (u && d) {
      // the earlier verb usually describes the signal ("hit ratio dropped, latency rose" is rare)
      return Optional.of(up.start() <= down.start() ? Direction.UP : Direction.DOWN);
    }
    if (u) {
      return Optional.of(Direction.UP);
    }
    if (d) {
      return Optional.of(Direction.DOWN);
    }
    return Optional.empty();
  }

  /** The velocity band a sentence describes, empty when it says nothing about speed. */
  static Optional<VelocityBand> band(String text) {
    if (CREEPING.matcher(text).find()) {
      return Optional.of(VelocityBand.CREEPING);
    }
    Matcher over = OVER.matcher(text);
    if (over.find()) {
      Duration d = duration(over.group(1), over.group(2));
      // "within 5 minutes" of a step and "over 3 hours" of a ramp both map by length
      return Optional.of(VelocityBand.of(d));
    }
    if (SLOW.matcher(text).find()) {
      return Optional.of(VelocityBand.SLOW);
    }
    if (SUDDEN.matcher(text).find()) {
      return Optional.of(VelocityBand.SUDDEN);
    }
    if (FAST.matcher(text).find()) {
      return Optional.of(VelocityBand.FAST);
    }
    return Optional.empty();
  }

  /** The lead time a sentence states ("40 minutes before the first page", "T-2h"). */
  static Optional<Duration> leadTime(String text) {
    Matcher m = LEAD.matcher(text);
    if (m.find()) {
      return Optional.of(duration(m.group(1), m.group(2)));
    }
    m = LEAD_LABEL.matcher(text);
    if (m.find()) {
      return Optional.of(duration(m.group(1), m.group(2)));
    }
    m = T_MINUS.matcher(text);
    if (m.find()) {
      return Optional.of(duration(m.group(1), m.group(2)));
    }
    return Optional.empty();
  }

  /** "3 hours after the deploy" → 3h. */
  static Optional<Duration> afterChange(String text) {
    Matcher m = AFTER_CHANGE.matcher(text);
    return m.find() ? Optional.of(duration(m.group(1), m.group(2))) : Optional.empty();
  }

  static Duration duration(String number, String unit) {
    double n = Double.parseDouble(number);
    String u = unit.toLowerCase(Locale.ROOT);
    double seconds;
    if (u.startsWith("s")) {
      seconds = n;
    } else if (u.startsWith("m")) {
      seconds = n * 60;
    } else if (u.startsWith("h")) {
      seconds = n * 3600;
    } else if (u.startsWith("d")) {
      seconds = n * 86400;
    } else {
      seconds = n * 7 * 86400;
    }
    return Duration.ofSeconds(Math.round(seconds));
  }

  private static final Pattern COMPACT =
      Pattern.compile("^\\s*" + NUM + "\\s*" + UNIT + "\\s*$", FLAGS);

  /**
   * Parses {@code PT45M}, {@code 45m}, {@code 2 hours}, or a bare number of minutes.
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  static Duration parseDuration(String s) {
    String t = s.trim();
    if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
      return Duration.parse(t.toUpperCase(Locale.ROOT));
    }
    if (t.matches("\\d+(?:\\.\\d+)?")) {
      return Duration.ofSeconds(Math.round(Double.parseDouble(t) * 60));
    }
    Matcher m = COMPACT.matcher(t);
    if (m.matches()) {
      return duration(m.group(1), m.group(2));
    }
    throw new IllegalArgumentException(
        "expected a duration like PT45M, 45m, 2h, '3 days' or minutes, got '" + s + "'");
  }
}
