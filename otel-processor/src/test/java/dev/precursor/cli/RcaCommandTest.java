package dev.precursor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RcaCommandTest {
  @TempDir Path dir;

  private int run(StringWriter err, String... args) {
    CommandLine cl = PrecursorCli.commandLine();
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(new StringWriter(), true));
    return cl.execute(args);
  }

  @Test
  void writesRankServiceScore() throws Exception {
    StringBuilder csv = new StringBuilder("time,api_latency,db-1_cpu,db-1_mem,cache_cpu\n");
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < 200; i++) {
      boolean bad = i >= 150;
      csv.append(
          String.format(
              Locale.ROOT,
              "%d,%.4f,%.4f,%s,%.4f%n",
              1_700_000_000 + i * 10,
              0.1 + r.nextGaussian() * 0.005 + (bad ? 0.05 : 0),
              0.2 + r.nextGaussian() * 0.01 + (bad ? 0.9 : 0),
              i % 7 == 0 ? "" : String.valueOf(5e8 + r.nextGaussian() * 1e6),
              0.3 + r.nextGaussian() * 0.01));
    }
    Path in = dir.resolve("m.csv");
    Files.writeString(in, csv);
    Path out = dir.resolve("sub/r.csv");
    StringWriter err = new StringWriter();
    int code = run(err, "rca", "--input", in.toString(), "--output", out.toString());
    assertThat(code).as(err.toString()).isZero();
    List<String> lines = Files.readAllLines(out);
    assertThat(lines.get(0)).isEqualTo("rank,service,score");
    assertThat(lines).hasSize(4);
    assertThat(lines.get(1)).startsWith("1,db-1,");
    assertThat(err.toString()).contains("anomaly start").contains("(detected)");

    code =
        run(
            err,
            "rca",
            "--input",
            in.toString(),
            "--anomaly-start",
            "2023-11-14T22:38:20Z",
            "--output",
            out.toString());
    assertThat(code).isZero();
    assertThat(Files.readAllLines(out).get(1)).startsWith("1,db-1,");
  }

  @Test
  void badInputExitsTwoNamingFileLineAndField() throws Exception {
    Path in = dir.resolve("bad.csv");
    Files.writeString(in, "time,a_cpu\n1,1\n2,x\n");
    StringWriter err = new StringWriter();
    assertThat(run(err, "rca", "--input", in.toString(), "--output", dir.resolve("o").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("bad.csv:3").contains("a_cpu");

    err = new StringWriter();
    assertThat(run(err, "rca", "--input", dir.resolve("missing.csv").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no such file");

    err = new StringWriter();
    assertThat(run(err, "rca", "--input", in.toString(), "--anomaly-start", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("--anomaly-start");
  }
}
