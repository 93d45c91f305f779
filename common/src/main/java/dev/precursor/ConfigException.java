package dev.precursor;

import java.util.List;

/**
 * The configuration is unusable. Raised at start-up with every problem found, so an operator fixes
 * them all in one go.
 */
public class ConfigException extends PrecursorException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  /** Each problem as one line, naming the key or file and what is wrong. */
  public List<String> problems() {
    return problems;
  }

  private static String format(List<String> problems) {
    if (problems.size() == 1) {
      return "invalid configuration: " + problems.get(0);
    }
    return "invalid configuration ("
        + problems.size()
        + " problems):\n  - "
        + String.join("\n  - ", problems);
  }
}
