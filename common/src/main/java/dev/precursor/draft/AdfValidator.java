package dev.precursor.draft;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a JSON tree against the structure Jira Cloud accepts for Atlassian Document Format (the
 * rules of {@code shared/reference/jira-rest.md} §4): root {@code doc} with {@code version 1},
 * known block and inline node types in their allowed parents, {@code heading} with {@code
 * attrs.level} 1–6, lists of {@code listItem}s whose first child is a paragraph or code block,
 * tables of rows of header/data cells holding blocks, code blocks of unmarked text, no empty text
 * nodes, known marks only, {@code link} with an {@code href}, {@code code} not combined with
 * formatting marks. Used by tests and by sinks that want to check a body before sending it.
 */
public final class AdfValidator {
  private static final Set<String> TOP_BLOCKS =
      Set.of(
          "paragraph",
          "heading",
          "bulletList",
          "orderedList",
          "codeBlock",
          "table",
          "rule",
          "blockquote",
          "panel");
  private static final Set<String> LIST_ITEM_CHILDREN =
      Set.of("paragraph", "bulletList", "orderedList", "codeBlock");
  private static final Set<String> CELL_CHILDREN =
      Set.of(
          "paragraph",
          "heading",
          "bulletList",
          "orderedList",
          "codeBlock",
          "rule",
          "blockquote",
          "panel");
  private static final Set<String> INLINES = Set.of("text", "hardBreak", "mention", "emoji");
  private static final Set<String> MARKS =
      Set.of("strong", "em", "code", "strike", "underline", "link", "subsup", "textColor");
  private static final Set<String> FORMATTING_MARKS =
      Set.of("strong", "em", "strike", "underline", "subsup", "textColor");

  private AdfValidator() {}

  /** Every problem found, each prefixed with its JSON path; empty when the document is valid. */
  public static List<String> validate(JsonNode doc) {
    List<String> problems = new ArrayList<>();
    if (doc == null || !doc.isObject()) {
      problems.add("$: the document must be a JSON object");
      return problems;
    }
    if (!"doc".equals(doc.path("type").asText(null))) {
      problems.add("$.type: must be \"doc\"");
    }
    if (!doc.path("version").isInt() || doc.path("version").asInt() != 1) {
      problems.add("$.version: must be the number 1");
    }
    JsonNode content = doc.get("content");
    if (content == null || !content.isArray()) {
      problems.add("$.content: must be an array of block nodes");
      return problems;
    }
    for (int i = 0; i < content.size(); i++) {
      block(content.get(i), "$.content[" + i + "]", TOP_BLOCKS, problems);
    }
    return problems;
  }

  /** Validates and throws when invalid, naming every problem. */
  public static void check(JsonNode doc) {
    List<String> problems = validate(doc);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid ADF: " + String.join("; ", problems));
    }
  }

  private static void block(JsonNode n, String path, Set<String> allowed, List<String> problems) {
    String type = type(n, path, problems);
    if (type == null) {
      return;
    }
    if (!allowed.contains(type)) {
      problems.add(
          path
              + ": node type \""
              + type
              + "\" is not allowed here (allowed: "
              + String.join(", ", allowed.stream().sorted().toList())
              + ")");
      return;
    }
    switch (type) {
      case "paragraph" -> inlineContent(n, path, false, problems);
      case "heading" -> {
        JsonNode level = n.path("attrs").path("level");
        if (!level.isInt() || level.asInt() < 1 || level.asInt() > 6) {
          problems.add(path + ".attrs.level: a heading needs an integer level 1-6");
        }
        inlineContent(n, path, false, problems);
      }
      case "bulletList", "orderedList" -> {
        JsonNode items = children(n, path, true, problems);
        if ("orderedList".equals(type) && n.has("attrs") && n.get("attrs").has("order")) {
          JsonNode order = n.get("attrs").get("order");
          if (!order.isInt() || order.asInt() < 0) {
            problems.add(path + ".attrs.order: must be a non-negative integer");
          }
        }
        for (int i = 0; i < items.size(); i++) {
          listItem(items.get(i), path + ".content[" + i + "]", problems);
        }
      }
      case "codeBlock" -> {
        JsonNode attrs = n.get("attrs");
        if (attrs != null && attrs.has("language") && !attrs.get("language").isTextual()) {
          problems.add(path + ".attrs.language: must be a string");
        }
        inlineContent(n, path, true, problems);
      }
      case "table" -> {
        JsonNode rows = children(n, path, true, problems);
        int width = -1;
        for (int i = 0; i < rows.size(); i++) {
          String rp = path + ".content[" + i + "]";
          JsonNode row = rows.get(i);
          String rt = type(row, rp, problems);
          if (rt == null) {
            continue;
          }
          if (!rt.equals("tableRow")) {
            problems.add(rp + ": a table holds only tableRow nodes, got \"" + rt + "\"");
            continue;
          }
          JsonNode cells = children(row, rp, true, problems);
          if (width >= 0 && cells.size() != width) {
            problems.add(rp + ": row has " + cells.size() + " cells, the first row " + width);
          }
          width = width < 0 ? cells.size() : width;
          for (int j = 0; j < cells.size(); j++) {
            cell(cells.get(j), rp + ".content[" + j + "]", problems);
          }
        }
      }
      case "rule" -> {
        if (n.has("content") && !n.get("content").isEmpty()) {
          problems.add(path + ": a rule has no content");
        }
      }
      case "blockquote" -> {
        JsonNode c = children(n, path, true, problems);
        for (int i = 0; i < c.size(); i++) {
          block(
              c.get(i),
              path + ".content[" + i + "]",
              Set.of("paragraph", "bulletList", "orderedList", "codeBlock"),
              problems);
        }
      }
      case "panel" -> {
        JsonNode c = children(n, path, true, problems);
        for (int i = 0; i < c.size(); i++) {
          block(
              c.get(i),
              path + ".content[" + i + "]",
              Set.of("paragraph", "heading", "bulletList", "orderedList", "codeBlock"),
              problems);
        }
      }
      default -> problems.add(path + ": unsupported node type \"" + type + "\"");
    }
  }

  private static void listItem(JsonNode n, String path, List<String> problems) {
    String type = type(n, path, problems);
    if (type == null) {
      return;
    }
    if (!type.equals("listItem")) {
      problems.add(path + ": a list holds only listItem nodes, got \"" + type + "\"");
      return;
    }
    JsonNode c = children(n, path, true, problems);
    if (c.size() > 0) {
      String first = c.get(0).path("type").asText("");
      if (!first.equals("paragraph") && !first.equals("codeBlock")) {
        problems.add(
            path
                + ".content[0]: the first child of a listItem must be a paragraph or"
                + " codeBlock, got \""
                + first
                + "\"");
      }
    }
    for (int i = 0; i < c.size(); i++) {
      block(c.get(i), path + ".content[" + i + "]", LIST_ITEM_CHILDREN, problems);
    }
  }

  private static void cell(JsonNode n, String path, List<String> problems) {
    String type = type(n, path, problems);
    if (type == null) {
      return;
    }
    if (!type.equals("tableHeader") && !type.equals("tableCell")) {
      problems.add(
          path + ": a tableRow holds only tableHeader or tableCell nodes, got \"" + type + "\"");
      return;
    }
    JsonNode c = children(n, path, true, problems);
    for (int i = 0; i < c.size(); i++) {
      block(c.get(i), path + ".content[" + i + "]", CELL_CHILDREN, problems);
    }
  }

  private static void inlineContent(
      JsonNode n, String path, boolean codeBlock, List<String> problems) {
    JsonNode c = children(n, path, false, problems);
    for (int i = 0; i < c.size(); i++) {
      String ip = path + ".content[" + i + "]";
      JsonNode in = c.get(i);
      String type = type(in, ip, problems);
      if (type == null) {
        continue;
      }
      if (codeBlock && !type.equals("text")) {
        problems.add(ip + ": a codeBlock holds only text nodes, got \"" + type + "\"");
        continue;
      }
      if (!INLINES.contains(type)) {
        problems.add(ip + ": \"" + type + "\" is not an inline node");
        continue;
      }
      if (type.equals("text")) {
        JsonNode text = in.get("text");
        if (text == null || !text.isTextual()) {
          problems.add(ip + ".text: a text node needs a string text");
        } else if (text.asText().isEmpty()) {
          problems.add(ip + ".text: empty text nodes are invalid (drop the node)");
        }
        if (in.has("marks")) {
          if (codeBlock && !in.get("marks").isEmpty()) {
            problems.add(ip + ".marks: text in a codeBlock cannot carry marks");
          } else {
            marks(in.get("marks"), ip + ".marks", problems);
          }
        }
      }
    }
  }

  private static void marks(JsonNode marks, String path, List<String> problems) {
    if (!marks.isArray()) {
      problems.add(path + ": must be an array");
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < marks.size(); i++) {
      String mp = path + "[" + i + "]";
      String type = type(marks.get(i), mp, problems);
      if (type == null) {
        continue;
      }
      if (!MARKS.contains(type)) {
        problems.add(mp + ": unknown mark \"" + type + "\"");
      }
      if (!seen.add(type)) {
        problems.add(mp + ": mark \"" + type + "\" given twice");
      }
      if (type.equals("link")) {
        JsonNode href = marks.get(i).path("attrs").path("href");
        if (!href.isTextual() || href.asText().isBlank()) {
          problems.add(mp + ".attrs.href: a link mark needs a non-empty href");
        }
      }
    }
    if (seen.contains("code")) {
      for (String m : seen) {
        if (FORMATTING_MARKS.contains(m)) {
          problems.add(path + ": the code mark cannot be combined with \"" + m + "\"");
        }
      }
    }
  }

  private static JsonNode children(
      JsonNode n, String path, boolean required, List<String> problems) {
    JsonNode c = n.get("content");
    if (c == null) {
      if (required) {
        problems.add(path + ".content: required");
      }
      return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    }
    if (!c.isArray()) {
      problems.add(path + ".content: must be an array");
      return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    }
    if (required && c.isEmpty()) {
      problems.add(path + ".content: must not be empty");
    }
    return c;
  }

  private static @org.jspecify.annotations.Nullable String type(
      JsonNode n, String path, List<String> problems) {
    if (n == null || !n.isObject()) {
      problems.add(path + ": must be an object");
      return null;
    }
    JsonNode t = n.get("type");
    if (t == null || !t.isTextual()) {
      problems.add(path + ".type: required string");
      return null;
    }
    return t.asText();
  }
}
