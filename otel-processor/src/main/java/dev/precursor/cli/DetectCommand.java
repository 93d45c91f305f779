package dev.precursor.cli;

import dev.precursor.InvalidTelemetryException;
import dev.precursor.detect.CsvDetection;
import dev.precursor.detect.DetectorProfile;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code precursor detect}: batch-scores one series from CSV with the streaming detectors. */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {
      "Score one series for anomalies, point by point in event time, as the engine does live.",
      "Input: a CSV with a header naming 'timestamp' and 'value' columns. Timestamps as"
          + " 'yyyy-MM-dd HH:mm:ss' (UTC), RFC 3339 or epoch seconds/milliseconds; they may repeat"
          + " or step back. Empty value cells (and NaN, NA, null) are missing: the row is kept"
          + " with score 0 and not fed to the detectors.",
      "Output: 'timestamp,value,anomaly_score' with one row per input row, in input order; the"
          + " score is in [0,1], 0 during the warm-up.",
      "Exit codes: 0 ok, 1 runtime failure, 2 bad usage or malformed input (the message names"
          + " the file, line and field)."
    })
final class DetectCommand implements Callable<Integer> {
  @Option(
      names = "--input",
      required = true,
      paramLabel = "IN.csv",
      description = "CSV file to score.")
  Path input;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "OUT.csv",
      description = "Where to write timestamp,value,anomaly_score (replaced if it exists).")
  Path output;

  @Option(
      names = "--profile",
      defaultValue = "balanced",
      paramLabel = "PROFILE",
      converter = ProfileConverter.class,
      description =
          "Detector profile: balanced (default), low-fp (fewer false alarms) or low-fn (fewer"
              + " misses).")
  DetectorProfile profile = DetectorProfile.BALANCED;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (!Files.isRegularFile(input)) {
      throw new InvalidTelemetryException(
          input + ": " + (Files.exists(input) ? "not a regular file" : "no such file"));
    }
    Path dir = output.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, ".precursor-detect-", ".csv.tmp");
    CsvDetection.Summary summary;
    try {
      try (Reader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
          Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        var err = spec.commandLine().getErr();
        summary =
            new CsvDetection(profile)
                .run(
                    input.toString(),
                    in,
                    out,
                    rows -> {
                      err.printf(Locale.ROOT, "precursor detect: %,d rows scored%n", rows);
                      err.flush();
                    });
      }
      Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new InvalidTelemetryException(input + ": not UTF-8 text", e);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException(e);
    } finally {
      Files.deleteIfExists(tmp);
    }
    var err = spec.commandLine().getErr();
    err.printf(
        Locale.ROOT,
        "precursor detect: %d rows (%d scored, %d missing values), %d anomalies (profile %s)"
            + " -> %s%n",
        summary.rows(),
        summary.scored(),
        summary.missing(),
        summary.anomalies(),
        profile.wire(),
        output);
    err.flush();
    return 0;
  }

  /** Converts {@code --profile} values; a bad one is a usage error (exit 2). */
  static final class ProfileConverter implements ITypeConverter<DetectorProfile> {
    @Override
    public DetectorProfile convert(String value) {
      try {
        return DetectorProfile.parse(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
