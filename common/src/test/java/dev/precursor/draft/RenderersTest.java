package dev.precursor.draft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.draft.Document.BulletList;
import dev.precursor.draft.Document.Code;
import dev.precursor.draft.Document.Heading;
import dev.precursor.draft.Document.Link;
import dev.precursor.draft.Document.Paragraph;
import dev.precursor.draft.Document.Table;
import dev.precursor.draft.Document.Text;
import dev.precursor.model.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderersTest {
  static final Document SAMPLE =
      new Document(
          "checkout-api: error rate rising",
          List.of(
              new Heading(2, "Impact"),
              new Paragraph(
                  List.of(
                      Text.plain("Error rate on "),
                      Text.strong("checkout-api "),
                      Text.plain("crossed 12% [p99] *x* a|b "),
                      new Text("http_server_duration", false, true),
                      Text.plain(". "),
                      new Link("Open dashboard", "https://grafana.example.com/d/abc?x=1"))),
              new BulletList(
                  false,
                  List.of(
                      List.of(Text.plain("Deploy v1.4.2 at 13:58 UTC")),
                      List.of(Text.plain("-5% throughput"), Text.plain("\nsecond line")))),
              new BulletList(true, List.of(List.of(Text.plain("Roll back")), List.of())),
              new Table(
                  List.of("Service", "Change"),
                  List.of(List.of("checkout-api", "p99 +240%"), List.of("db|1", ""))),
              new Code("text", "java.net.SocketTimeoutException: read timed out\n  at x"),
              Paragraph.of(""),
              new Heading(3, "")));

  @Test
  void markdownEscapesMarkupAndKeepsStructure() {
    assertThat(MarkdownRenderer.renderWithTitle(SAMPLE))
        .isEqualTo(
            """
            # checkout-api: error rate rising

            ## Impact

            Error rate on **checkout-api** crossed 12% \\[p99\\] \\*x\\* a\\|b `http_server_duration`. [Open dashboard](https://grafana.example.com/d/abc?x=1)

            - Deploy v1.4.2 at 13:58 UTC
            - \\-5% throughput\\
              second line

            1. Roll back
            2.\s

            | Service | Change |
            | --- | --- |
            | checkout-api | p99 +240% |
            | db\\|1 |   |

            ```text
            java.net.SocketTimeoutException: read timed out
              at x
            ```
            """);
  }

  @Test
  void markdownEscapesLineStartMarkers() {
    assertThat(MarkdownRenderer.escape("# not a heading", true)).isEqualTo("\\# not a heading");
    assertThat(MarkdownRenderer.escape("1. not a list", true)).isEqualTo("1\\. not a list");
    assertThat(MarkdownRenderer.escape("a_b _c_", false)).isEqualTo("a_b \\_c\\_");
    assertThat(MarkdownRenderer.escape("x # y", true)).isEqualTo("x # y");
  }

  @Test
  void wikiEscapesOnlyWhereMarkupWouldTakeEffect() {
    assertThat(WikiRenderer.renderWithTitle(SAMPLE))
        .isEqualTo(
            """
            h1. checkout-api: error rate rising

            h2. Impact

            Error rate on *checkout-api* crossed 12% \\[p99\\] \\*x\\* a\\|b {{http_server_duration}}. [Open dashboard|https://grafana.example.com/d/abc?x=1]

            * Deploy v1.4.2 at 13:58 UTC
            * \\-5% throughput \\\\ second line

            # Roll back
            # \\-

            ||Service||Change||
            |checkout-api|p99 \\+240%|
            |db\\|1| |

            {code}
            java.net.SocketTimeoutException: read timed out
              at x
            {code}
            """);
  }

  @Test
  void wikiDefusesBlockMacrosAndCodeTerminators() {
    Document d =
        new Document(
            "t",
            List.of(
                Paragraph.of("h2. not a heading"),
                new Code("java", "x {code} y"),
                new Code("sql", "select 1")));
    assertThat(WikiRenderer.render(d))
        .isEqualTo(
            "h2\\. not a heading\n\n{noformat}\nx { code} y\n{noformat}\n\n"
                + "{code:sql}\nselect 1\n{code}\n");
  }

  @Test
  void plainTextAlignsTablesAndSpellsOutLinks() {
    assertThat(PlainTextRenderer.renderWithTitle(SAMPLE))
        .isEqualTo(
            """
            checkout-api: error rate rising
            ===============================

            Impact
            ------

            Error rate on checkout-api crossed 12% [p99] *x* a|b http_server_duration. Open dashboard (https://grafana.example.com/d/abc?x=1)

            - Deploy v1.4.2 at 13:58 UTC
            - -5% throughput
              second line

            1. Roll back
            2.\s

            Service      | Change
            -------------+----------
            checkout-api | p99 +240%
            db|1         |

                java.net.SocketTimeoutException: read timed out
                  at x
            """);
  }

  @Test
  void adfOutputIsValidAndHasTheExpectedShape() throws Exception {
    JsonNode adf = AdfRenderer.renderWithTitle(SAMPLE);
    assertThat(AdfValidator.validate(adf)).isEmpty();
    assertThat(adf.get("type").asText()).isEqualTo("doc");
    assertThat(adf.get("version").asInt()).isEqualTo(1);
    JsonNode content = adf.get("content");
    assertThat(content).hasSize(7);
    assertThat(content.get(0).get("attrs").get("level").asInt()).isEqualTo(1);
    JsonNode para = content.get(2).get("content");
    assertThat(para.get(1).get("text").asText()).isEqualTo("checkout-api ");
    assertThat(para.get(1).get("marks").get(0).get("type").asText()).isEqualTo("strong");
    assertThat(para.get(3).get("marks").get(0).get("type").asText()).isEqualTo("code");
    assertThat(para.get(5).get("marks").get(0).get("attrs").get("href").asText())
        .isEqualTo("https://grafana.example.com/d/abc?x=1");
    // the line break inside a list item became a hardBreak, not a newline in a text node
    JsonNode secondItem = content.get(3).get("content").get(1).get("content").get(0);
    assertThat(secondItem.get("content").get(1).get("type").asText()).isEqualTo("hardBreak");
    // an empty list item still holds a paragraph, with no empty text node
    JsonNode emptyItem = content.get(4).get("content").get(1).get("content").get(0);
    assertThat(emptyItem.get("type").asText()).isEqualTo("paragraph");
    assertThat(emptyItem.get("content")).isEmpty();
    JsonNode table = content.get(5);
    assertThat(table.get("content").get(0).get("content").get(0).get("type").asText())
        .isEqualTo("tableHeader");
    assertThat(table.get("content").get(1).get("content").get(0).get("type").asText())
        .isEqualTo("tableCell");
    assertThat(content.get(6).get("type").asText()).isEqualTo("codeBlock");
    assertThat(Json.mapper().writeValueAsString(adf)).doesNotContain("\"text\":\"\"");
  }

  @Test
  void adfNeverCombinesCodeWithStrong() {
    Document d = new Document("t", List.of(new Paragraph(List.of(new Text("x", true, true)))));
    JsonNode adf = AdfRenderer.render(d);
    assertThat(AdfValidator.validate(adf)).isEmpty();
    assertThat(adf.at("/content/0/content/0/marks")).hasSize(1);
  }

  @Test
  void validatorNamesEachProblemWithItsPath() throws Exception {
    JsonNode bad =
        Json.mapper()
            .readTree(
                """
                {"type":"doc","version":2,"content":[
                  {"type":"heading","content":[{"type":"text","text":"x"}]},
                  {"type":"paragraph","content":[{"type":"text","text":""}]},
                  {"type":"bulletList","content":[{"type":"listItem","content":[
                    {"type":"bulletList","content":[]}]}]},
                  {"type":"table","content":[{"type":"tableRow","content":[
                    {"type":"tableCell","content":[{"type":"text","text":"raw"}]}]}]},
                  {"type":"codeBlock","content":[{"type":"text","text":"x",
                    "marks":[{"type":"strong"}]}]},
                  {"type":"paragraph","content":[{"type":"text","text":"y",
                    "marks":[{"type":"code"},{"type":"strong"},{"type":"link","attrs":{}}]}]},
                  {"type":"listItem","content":[]}
                ]}
                """);
    assertThat(AdfValidator.validate(bad))
        .containsExactly(
            "$.version: must be the number 1",
            "$.content[0].attrs.level: a heading needs an integer level 1-6",
            "$.content[1].content[0].text: empty text nodes are invalid (drop the node)",
            "$.content[2].content[0].content[0]: the first child of a listItem must be a"
                + " paragraph or codeBlock, got \"bulletList\"",
            "$.content[2].content[0].content[0].content: must not be empty",
            "$.content[3].content[0].content[0].content[0]: node type \"text\" is not allowed"
                + " here (allowed: blockquote, bulletList, codeBlock, heading, orderedList,"
                + " panel, paragraph, rule)",
            "$.content[4].content[0].marks: text in a codeBlock cannot carry marks",
            "$.content[5].content[0].marks[2].attrs.href: a link mark needs a non-empty href",
            "$.content[5].content[0].marks: the code mark cannot be combined with \"strong\"",
            "$.content[6]: node type \"listItem\" is not allowed here (allowed: blockquote,"
                + " bulletList, codeBlock, heading, orderedList, panel, paragraph, rule, table)");
    assertThatThrownBy(() -> AdfValidator.check(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid ADF: $.version");
  }

  @Test
  void validatorAcceptsTheFactSheetExample() throws Exception {
    JsonNode ok =
        Json.mapper()
            .readTree(
                """
                {"type":"doc","version":1,"content":[
                  {"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Impact"}]},
                  {"type":"paragraph","content":[
                    {"type":"text","text":"Error rate on "},
                    {"type":"text","text":"checkout-api","marks":[{"type":"strong"}]},
                    {"type":"text","text":"Open dashboard","marks":[{"type":"link",
                      "attrs":{"href":"https://grafana.example.com/d/abc123"}}]}]},
                  {"type":"bulletList","content":[{"type":"listItem","content":[
                    {"type":"paragraph","content":[{"type":"text","text":"Deploy v1.4.2"}]}]}]},
                  {"type":"codeBlock","attrs":{"language":"text"},
                   "content":[{"type":"text","text":"java.net.SocketTimeoutException"}]}]}
                """);
    assertThat(AdfValidator.validate(ok)).isEmpty();
  }

  @Test
  void formatParsesExternalNames() {
    assertThat(DocumentFormat.parse("ADF")).isEqualTo(DocumentFormat.ADF);
    assertThat(DocumentFormat.parse(" wiki ")).isEqualTo(DocumentFormat.WIKI);
    assertThatThrownBy(() -> DocumentFormat.parse("html"))
        .hasMessage("unknown format 'html', expected one of markdown, adf, wiki, text");
    assertThat(DocumentFormat.ADF.render(SAMPLE)).startsWith("{").contains("\"version\" : 1");
  }
}
