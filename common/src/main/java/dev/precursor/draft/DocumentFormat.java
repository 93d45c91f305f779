package dev.precursor.draft;

import dev.precursor.model.Json;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The formats a {@link Document} renders to, by their external names: {@code markdown}, {@code adf}
 * (Jira Cloud, JSON), {@code wiki} (Jira Data Center / REST v2) and {@code text} (ServiceNow).
 */
public enum DocumentFormat {
  MARKDOWN("text/markdown; charset=utf-8"),
  ADF("application/json"),
  WIKI("text/plain; charset=utf-8"),
  TEXT("text/plain; charset=utf-8");

  private final String contentType;

  DocumentFormat(String contentType) {
    this.contentType = contentType;
  }

  /** The external name: {@code markdown}, {@code adf}, {@code wiki}, {@code text}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The HTTP content type of a rendered document. */
  public String contentType() {
    return contentType;
  }

  /**
   * Parses a format name, any case.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static DocumentFormat parse(String s) {
    String v = s.trim().toUpperCase(Locale.ROOT);
    for (DocumentFormat f : values()) {
      if (f.name().equals(v)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown format '"
            + s
            + "', expected one of "
            + Arrays.stream(values()).map(DocumentFormat::wire).collect(Collectors.joining(", ")));
  }

  /** The blocks only, as a sink puts them in a description or comment. */
  public String render(Document doc) {
    return switch (this) {
      case MARKDOWN -> MarkdownRenderer.render(doc);
      case ADF -> pretty(AdfRenderer.render(doc));
      case WIKI -> WikiRenderer.render(doc);
      case TEXT -> PlainTextRenderer.render(doc);
    };
  }

  /** The title as a top-level heading, then the blocks: what the CLI and the API print. */
  public String renderWithTitle(Document doc) {
    return switch (this) {
      case MARKDOWN -> MarkdownRenderer.renderWithTitle(doc);
      case ADF -> pretty(AdfRenderer.renderWithTitle(doc));
      case WIKI -> WikiRenderer.renderWithTitle(doc);
      case TEXT -> PlainTextRenderer.renderWithTitle(doc);
    };
  }

  private static String pretty(Object tree) {
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an ADF tree", e);
    }
  }
}
