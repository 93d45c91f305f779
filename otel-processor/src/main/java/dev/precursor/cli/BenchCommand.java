package dev.precursor.cli;

import dev.precursor.otlp.OtlpBenchmark;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code precursor bench}: OTLP ingest throughput and memory per series on this machine. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure OTLP metric ingest on this machine, on the same generated payloads: protobuf parse"
          + " only, parse + mapping, and end to end through a whole in-process engine over"
          + " loopback gRPC into the real scorer; then memory per active series.",
      "Progress goes to stderr, the result table to stdout (see docs/performance.md).",
      "Exit codes: 0 ok, 1 runtime failure, 2 bad usage."
    })
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--series",
      defaultValue = "20000",
      description = "Distinct series (default ${DEFAULT-VALUE}).")
  int series;

  @Option(
      names = "--rounds",
      defaultValue = "30",
      description = "Points per series, 10 s of event time apart (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--batch",
      split = ",",
      defaultValue = "512,2048,8192",
      description = "Points per request; several run one after another (default ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(
      names = "--senders",
      defaultValue = "4",
      description = "Concurrent gRPC requests in flight (default ${DEFAULT-VALUE}).")
  int senders;

  @Override
  public Integer call() throws Exception {
    if (series < 1 || rounds < 2 || senders < 1 || batches.stream().anyMatch(b -> b < 1)) {
      spec.commandLine()
          .getErr()
          .println("bench: --series, --senders and --batch must be positive, --rounds at least 2");
      return 2;
    }
    List<OtlpBenchmark.Result> results =
        new OtlpBenchmark(new OtlpBenchmark.Settings(series, rounds, batches, senders), System.err)
            .run();
    var out = spec.commandLine().getOut();
    out.printf(
        "%-8s %10s %16s %16s %16s %16s %10s %14s%n",
        "batch",
        "points",
        "parse/s/core",
        "parse+map/s/core",
        "e2e/s (wall)",
        "e2e/s/core",
        "e2e/parse",
        "bytes/series");
    for (OtlpBenchmark.Result r : results) {
      out.printf(
          "%-8d %10d %16.0f %16.0f %16.0f %16.0f %9.0f%% %14.0f%n",
          r.batch(),
          r.points(),
          r.parsePerCore(),
          r.mapPerCore(),
          r.endToEndPerSecond(),
          r.endToEndPerCore(),
          100 * r.endToEndPerCore() / r.parsePerCore(),
          r.bytesPerSeries());
    }
    out.printf(
        "cores available: %d; per-core = points / process CPU seconds (senders included)%n",
        Runtime.getRuntime().availableProcessors());
    return 0;
  }
}
