package dev.precursor.cli;

import dev.precursor.InvalidTelemetryException;
import dev.precursor.model.Times;
import dev.precursor.rca.MetricTable;
import dev.precursor.rca.OfflineRca;
import dev.precursor.rca.WideCsvReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code precursor rca}: offline root-cause ranking over a wide metrics CSV. */
@Command(
    name = "rca",
    mixinStandardHelpOptions = true,
    description = {
      "Rank the services of a wide metrics CSV by how probably each caused the incident.",
      "",
      "Input: a header 'time,<service>_<metric>,...' (the service is the text before the first"
          + " '_'), time as epoch seconds, epoch milliseconds or RFC 3339; empty cells are missing"
          + " values; rows may repeat or step back in time.",
      "Output: 'rank,service,score' (score in [0,1], best first), one row per service.",
      "Without --anomaly-start the onset of the incident in progress at the end of the input is"
          + " found first (printed on stderr).",
      "",
      "Exit codes: 0 ok, 1 runtime failure, 2 bad usage or bad input (file, line and field named)."
    })
final class RcaCommand implements Callable<Integer> {
  @Option(
      names = {"-i", "--input"},
      required = true,
      paramLabel = "FILE",
      description = "wide metrics CSV ('-' reads standard input)")
  String input;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      defaultValue = "-",
      description = "where to write rank,service,score (default: standard output)")
  String output;

  @Option(
      names = {"-s", "--anomaly-start"},
      paramLabel = "T",
      converter = InstantConverter.class,
      description =
          "start of the incident: epoch seconds, epoch milliseconds or RFC 3339 (default: found"
              + " from the data)")
  @Nullable Instant anomalyStart;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    MetricTable table;
    try (Reader in = open(input)) {
      table = WideCsvReader.read(in, input);
    } catch (NoSuchFileException e) {
      throw new InvalidTelemetryException(input + ": no such file");
    }
    OfflineRca.Result result;
    try {
      result = OfflineRca.rank(table, anomalyStart);
    } catch (InvalidTelemetryException e) {
      throw new InvalidTelemetryException(input + ": " + e.getMessage(), e);
    }
    PrintWriter err = spec.commandLine().getErr();
    err.printf(
        Locale.ROOT,
        "rca: %d rows, %d columns, %d services; anomaly start %s%s%n",
        table.rows(),
        table.width(),
        result.ranking().size(),
        result.anomalyStart(),
        result.startDetected() ? " (detected)" : "");
    for (int i = 0; i < Math.min(3, result.ranking().size()); i++) {
      OfflineRca.RankedService r = result.ranking().get(i);
      err.printf(
          Locale.ROOT,
          "  %d. %s  score %.3f%s%n",
          i + 1,
          r.service(),
          r.score(),
          r.topMetric() == null
              ? ""
              : String.format(
                  Locale.ROOT,
                  "  (%s, robust z %.1f%s)",
                  r.topMetric(),
                  r.magnitude(),
                  r.changedAt() == null ? "" : ", changed at " + r.changedAt()));
    }
    err.flush();
    try (Writer w = create(output)) {
      w.write("rank,service,score\n");
      int rank = 1;
      for (OfflineRca.RankedService r : result.ranking()) {
        w.write(
            rank++ + "," + csv(r.service()) + "," + String.format(Locale.ROOT, "%.6f", r.score()));
        w.write('\n');
      }
    }
    return 0;
  }

  private static Reader open(String path) throws IOException {
    if (path.equals("-")) {
      return new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8);
    }
    Path p = Path.of(path);
    if (Files.isDirectory(p)) {
      throw new InvalidTelemetryException(path + ": is a directory, expected a CSV file");
    }
    return Files.newBufferedReader(p, StandardCharsets.UTF_8);
  }

  private Writer create(String path) throws IOException {
    if (path.equals("-")) {
      return new BufferedWriter(
          new OutputStreamWriter(System.out, StandardCharsets.UTF_8) {
            @Override
            public void close() throws IOException {
              flush();
            }
          });
    }
    Path p = Path.of(path);
    Path parent = p.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return Files.newBufferedWriter(p, StandardCharsets.UTF_8);
  }

  private static String csv(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /** Parses --anomaly-start with the contract's time forms. */
  static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return Times.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
