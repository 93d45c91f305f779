package dev.precursor.draft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden tests: the template drafter's ticket and postmortem for the fixture situation, in every
 * format, must equal the reviewed files under {@code src/test/resources/draft/}. After an intended
 * change, regenerate with {@code -Dprecursor.golden.update=true} and review the diff.
 */
class TemplateDrafterTest {
  private static final boolean UPDATE = Boolean.getBoolean("precursor.golden.update");
  private final TemplateDrafter drafter = new TemplateDrafter();

  @ParameterizedTest
  @CsvSource({
    "ticket, markdown, md",
    "ticket, adf, json",
    "ticket, wiki, wiki",
    "ticket, text, txt",
    "postmortem, markdown, md",
    "postmortem, adf, json",
    "postmortem, wiki, wiki",
    "postmortem, text, txt",
    "bare-ticket, markdown, md",
    "bare-postmortem, markdown, md"
  })
  void matchesGoldenFile(String kind, String format, String ext) throws IOException {
    DraftContext ctx = kind.startsWith("bare") ? DraftFixtures.bare() : DraftFixtures.context();
    Document doc = kind.endsWith("ticket") ? drafter.ticket(ctx) : drafter.postmortem(ctx);
    DocumentFormat f = DocumentFormat.parse(format);
    String actual = f.renderWithTitle(doc);
    if (f == DocumentFormat.ADF) {
      assertThat(AdfValidator.validate(AdfRenderer.renderWithTitle(doc))).isEmpty();
    }
    String name = "draft/" + kind + "." + ext;
    if (UPDATE) {
      Path p = Path.of("src/test/resources", name);
      Files.createDirectories(p.getParent());
      Files.writeString(p, actual);
      return;
    }
    assertThat(actual).isEqualTo(read(name));
  }

  static String read(String resource) throws IOException {
    try (InputStream in =
        TemplateDrafterTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as("golden file %s", resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
