package dev.precursor.memory;

import dev.precursor.InvalidTelemetryException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A postmortem or past ticket as text, before extraction.
 *
 * @param source where it came from (file path, {@code jira:KEY}, {@code api}); re-learning a
 *     changed document with the same source replaces the earlier version
 * @param title known title (tickets), null when the extractor must find it in the text
 * @param occurredAt known date (tickets), null when the extractor must find it
 */
public record SourceDocument(
    String source,
    String content,
    Format format,
    @Nullable String title,
    @Nullable Instant occurredAt,
    List<String> labels) {

  /** Largest document accepted, in characters: a postmortem, not a log dump. */
  public static final int MAX_CHARS = 1_000_000;

  /** How the content is written. */
  public enum Format {
    /** Free-form Markdown (or plain text) whose first heading is the title. */
    MARKDOWN,
    /** A JSON postmortem (see docs/memory.md for the fields). */
    JSON,
    /** A ticket: title given, body of description, comments and close notes. */
    TICKET;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code markdown}, {@code md}, {@code text}, {@code json} or {@code ticket}.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Format parse(String s) {
      switch (s.trim().toLowerCase(Locale.ROOT)) {
        case "markdown", "md", "text", "txt" -> {
          return MARKDOWN;
        }
        case "json" -> {
          return JSON;
        }
        case "ticket" -> {
          return TICKET;
        }
        default ->
            throw new IllegalArgumentException(
                "unknown format '" + s + "'; expected markdown, json or ticket");
      }
    }
  }

  public SourceDocument {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(format, "format");
    labels = List.copyOf(labels);
  }

  public static SourceDocument of(String source, String content, Format format) {
    return new SourceDocument(source, content, format, null, null, List.of());
  }

  /** Whether a file name looks like a postmortem this reader understands. */
  public static boolean isSupportedFile(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".md")
        || n.endsWith(".markdown")
        || n.endsWith(".txt")
        || n.endsWith(".json");
  }

  /**
   * Reads a postmortem file: {@code .json} as JSON, {@code .md}, {@code .markdown}, {@code .txt} as
   * Markdown.
   *
   * @throws InvalidTelemetryException naming the file when it is empty, too large, not UTF-8 or of
   *     an unsupported type
   * @throws java.io.UncheckedIOException when it cannot be read
   */
  public static SourceDocument read(Path file) {
    if (!isSupportedFile(file)) {
      throw new InvalidTelemetryException(
          file + ": unsupported file type (expected .md, .markdown, .txt or .json)");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidTelemetryException(file + ": not UTF-8 text", e);
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.isBlank()) {
      throw new InvalidTelemetryException(file + ": the file is empty");
    }
    if (text.length() > MAX_CHARS) {
      throw new InvalidTelemetryException(
          file
              + ": too large for a postmortem ("
              + text.length()
              + " characters, at most "
              + MAX_CHARS
              + ")");
    }
    return of(file.toString(), text, name.endsWith(".json") ? Format.JSON : Format.MARKDOWN);
  }

  /** A past ticket as a document (format {@link Format#TICKET}). */
  public static SourceDocument ofTicket(PastTicket t) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(t.title() == null || t.title().isBlank() ? t.key() : t.title());
    sb.append("\n\n");
    if (t.body() != null) {
      sb.append(t.body());
    }
    return new SourceDocument(
        t.source() + ":" + t.key(),
        sb.toString(),
        Format.TICKET,
        t.title(),
        t.openedAt(),
        t.labels());
  }

  /**
   * SHA-256 of the format and the content with line endings and trailing spaces normalised: equal
   * hashes mean the same document, whatever its source.
   */
  public String contentHash() {
    StringBuilder norm =
        new StringBuilder(content.length() + 16).append(format.wire()).append('\n');
    for (String line : content.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
      norm.append(line.stripTrailing()).append('\n');
    }
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(md.digest(norm.toString().strip().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
