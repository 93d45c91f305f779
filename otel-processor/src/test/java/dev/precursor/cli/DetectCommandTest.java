package dev.precursor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DetectCommandTest {
  @TempDir Path dir;
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = PrecursorCli.commandLine();
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(new StringWriter(), true));
    return cl.execute(args);
  }

  @Test
  void scoresEveryRowInOrderAndFlagsTheSpike() throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add("timestamp,value");
    Random rnd = new Random(1);
    for (int i = 0; i < 2000; i++) {
      String ts =
          java.time.LocalDateTime.of(2026, 1, 1, 0, 0)
                  .plusMinutes(5L * i)
                  .toString()
                  .replace('T', ' ')
              + ":00";
      double v = 20 + rnd.nextGaussian() + (i == 1500 ? 30 : 0);
      lines.add(i == 700 ? ts + "," : ts + "," + String.format(java.util.Locale.ROOT, "%.3f", v));
    }
    lines.add(lines.get(1000)); // a repeated timestamp
    Path in = Files.write(dir.resolve("in.csv"), lines);
    Path out = dir.resolve("out.csv");

    assertThat(run("detect", "--input", in.toString(), "--output", out.toString())).isZero();

    List<String> result = Files.readAllLines(out);
    assertThat(result).hasSize(lines.size());
    assertThat(result.get(0)).isEqualTo("timestamp,value,anomaly_score");
    double spike = 0;
    double maxElsewhere = 0;
    for (int i = 1; i < result.size(); i++) {
      String[] f = result.get(i).split(",", -1);
      assertThat(f[0] + "," + f[1]).isEqualTo(lines.get(i));
      double s = Double.parseDouble(f[2]);
      assertThat(s).isBetween(0.0, 1.0);
      if (i == 1501) {
        spike = s;
      } else if (i > 200) {
        maxElsewhere = Math.max(maxElsewhere, s);
      }
    }
    assertThat(result.get(701)).endsWith(",,0.000000");
    assertThat(spike).isGreaterThan(0.7);
    assertThat(maxElsewhere).isLessThan(spike);
    assertThat(err.toString()).contains("2001 rows").contains("1 missing");
  }

  @Test
  void acceptsRfc3339AndEpochTimestampsAndQuotedFields() throws Exception {
    Path in =
        Files.writeString(
            dir.resolve("mixed.csv"),
            "\uFEFF\"timestamp\",\"value\"\r\n"
                + "2026-01-01T00:00:00Z,1\r\n"
                + "1767225660,2\r\n"
                + "1767225720000,3\r\n"
                + "\"2026-01-01T00:03:00+00:00\",\"4.5\"\r\n"
                + "2026-01-01 00:02:00,NaN\r\n");
    Path out = dir.resolve("o.csv");
    assertThat(run("detect", "--input", in.toString(), "--output", out.toString())).isZero();
    assertThat(Files.readAllLines(out))
        .containsExactly(
            "timestamp,value,anomaly_score",
            "2026-01-01T00:00:00Z,1,0.000000",
            "1767225660,2,0.000000",
            "1767225720000,3,0.000000",
            "2026-01-01T00:03:00+00:00,4.5,0.000000",
            "2026-01-01 00:02:00,NaN,0.000000");
  }

  @Test
  void malformedValueExitsTwoNamingFileLineAndField() throws Exception {
    Path in =
        Files.writeString(
            dir.resolve("bad.csv"),
            "timestamp,value\n2026-01-01 00:00:00,1\n2026-01-01 00:01:00,x1\n");
    Path out = dir.resolve("o.csv");
    assertThat(run("detect", "--input", in.toString(), "--output", out.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("bad.csv:3").contains("'value'").contains("x1");
    assertThat(out).doesNotExist();
  }

  @Test
  void malformedTimestampAndMissingHeaderExitTwo() throws Exception {
    Path in = Files.writeString(dir.resolve("ts.csv"), "timestamp,value\n2026-13-45 99:00:00,1\n");
    assertThat(run("detect", "--input", in.toString(), "--output", dir.resolve("o").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("ts.csv:2").contains("'timestamp'");

    Path noHeader = Files.writeString(dir.resolve("nh.csv"), "2026-01-01 00:00:00,1\n");
    assertThat(
            run("detect", "--input", noHeader.toString(), "--output", dir.resolve("o").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("nh.csv:1").contains("header");
  }

  @Test
  void missingInputAndBadProfileAreUsageErrors() {
    assertThat(
            run(
                "detect",
                "--input",
                dir.resolve("none.csv").toString(),
                "--output",
                dir.resolve("o").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("none.csv").contains("no such file");
    assertThat(run("detect", "--input", "a", "--output", "b", "--profile", "paranoid"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("low-fp");
  }
}
