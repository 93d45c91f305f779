package dev.precursor.draft;

import java.util.List;
import java.util.Objects;

/**
 * A format-neutral document (ticket body, postmortem): blocks of headings, paragraphs, lists,
 * tables and code, rendered to Markdown, Jira ADF, Jira wiki markup or ServiceNow text by the
 * renderers in this package, so every sink carries the same content in its own format.
 */
public record Document(String title, List<Block> blocks) {
  public Document {
    Objects.requireNonNull(title, "title");
    blocks = List.copyOf(blocks);
  }

  /** A block-level element. */
  public sealed interface Block permits Heading, Paragraph, BulletList, Table, Code {}

  /** A section heading, level 1–6. */
  public record Heading(int level, String text) implements Block {
    public Heading {
      if (level < 1 || level > 6) {
        throw new IllegalArgumentException("heading level must be 1-6: " + level);
      }
    }
  }

  /** A paragraph of inline runs. */
  public record Paragraph(List<Inline> inlines) implements Block {
    public Paragraph {
      inlines = List.copyOf(inlines);
    }

    public static Paragraph of(String text) {
      return new Paragraph(List.of(new Text(text, false, false)));
    }
  }

  /** A bulleted (or numbered) list; each item is a run of inlines. */
  public record BulletList(boolean ordered, List<List<Inline>> items) implements Block {
    public BulletList {
      items = items.stream().map(List::copyOf).toList();
    }
  }

  /** A table with a header row; every row has as many cells as the header. */
  public record Table(List<String> header, List<List<String>> rows) implements Block {
    public Table {
      header = List.copyOf(header);
      rows = rows.stream().map(List::copyOf).toList();
      for (List<String> r : rows) {
        if (r.size() != header.size()) {
          throw new IllegalArgumentException(
              "table row has " + r.size() + " cells, header has " + header.size());
        }
      }
    }
  }

  /** Preformatted text (log lines, commands). */
  public record Code(String language, String text) implements Block {}

  /** An inline run. */
  public sealed interface Inline permits Text, Link {}

  /** Plain, bold or code text. */
  public record Text(String text, boolean bold, boolean code) implements Inline {
    public static Text plain(String s) {
      return new Text(s, false, false);
    }

    public static Text strong(String s) {
      return new Text(s, true, false);
    }
  }

  /** A hyperlink. */
  public record Link(String text, String url) implements Inline {}
}
