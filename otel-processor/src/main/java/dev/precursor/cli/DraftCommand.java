package dev.precursor.cli;

import dev.precursor.api.DraftApi;
import dev.precursor.config.PrecursorConfig;
import dev.precursor.draft.Document;
import dev.precursor.draft.DocumentFormat;
import dev.precursor.draft.DraftContext;
import dev.precursor.model.Json;
import dev.precursor.server.Engine;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code precursor draft}: prints the ticket or postmortem draft of a situation. Goes through a
 * running engine's HTTP API when one answers, else opens the store itself.
 */
@Command(
    name = "draft",
    mixinStandardHelpOptions = true,
    description = {
      "Print the ticket or postmortem draft of a situation, written by the engine's drafter: the"
          + " deterministic template, or the LLM of llm.provider (grounded in the evidence, falling"
          + " back to the template).",
      "Asks the running engine (--engine, else PRECURSOR_ENGINE_URL, else"
          + " http://localhost:<api.port>); when none answers, reads the store of the"
          + " configuration directly.",
      "Exit codes: 0 printed, 1 runtime failure, 2 bad usage or unknown situation."
    })
final class DraftCommand implements Callable<Integer> {
  @Mixin ConfigOptions config = new ConfigOptions();

  @Option(
      names = "--situation",
      required = true,
      paramLabel = "ID",
      description = "Situation id (see GET /api/v1/situations).")
  String situation;

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      defaultValue = "ticket",
      description = "ticket (default) or postmortem.")
  String kind;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "markdown",
      description =
          "markdown (default), adf (Jira Cloud JSON), wiki (Jira Data Center) or text"
              + " (ServiceNow).")
  String format;

  @Option(
      names = "--engine",
      paramLabel = "URL",
      description =
          "Engine HTTP API (default: PRECURSOR_ENGINE_URL, else http://localhost:<api.port>).")
  @Nullable String engine;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String k = kind.trim().toLowerCase(Locale.ROOT);
    if (!k.equals("ticket") && !k.equals("postmortem")) {
      err.println("precursor draft: --kind: expected ticket or postmortem, got '" + kind + "'");
      return 2;
    }
    DocumentFormat f;
    try {
      f = DocumentFormat.parse(format);
    } catch (IllegalArgumentException e) {
      err.println("precursor draft: --format: " + e.getMessage());
      return 2;
    }
    PrecursorConfig cfg = config.load();
    String url = engineUrl(cfg);
    Optional<HttpResponse<String>> remote = ask(url, k, f, err);
    if (remote.isPresent()) {
      HttpResponse<String> r = remote.get();
      if (r.statusCode() == 200) {
        out.print(r.body());
        out.flush();
        return 0;
      }
      String detail = errorDetail(r.body());
      if (r.statusCode() == 404) {
        err.println(
            "precursor draft: situation '"
                + situation
                + "' not found by the engine at "
                + url
                + (detail.isEmpty() ? "" : " (" + detail + ")"));
        return 2;
      }
      err.println(
          "precursor draft: the engine at "
              + url
              + " answered "
              + r.statusCode()
              + (detail.isEmpty() ? "" : ": " + detail));
      return r.statusCode() >= 400 && r.statusCode() < 500 ? 2 : 1;
    }
    err.println(
        "precursor draft: no engine answers at "
            + url
            + "; reading the store ("
            + cfg.store().url()
            + ")");
    err.flush();
    try (Engine e = Engine.open(cfg, Clock.systemUTC())) {
      Optional<DraftContext> ctx = DraftApi.context(e, situation);
      if (ctx.isEmpty()) {
        err.println("precursor draft: situation '" + situation + "' not found in the store");
        return 2;
      }
      Document doc =
          k.equals("ticket") ? e.drafter().ticket(ctx.get()) : e.drafter().postmortem(ctx.get());
      out.print(f.renderWithTitle(doc));
      out.flush();
      return 0;
    }
  }

  private String engineUrl(PrecursorConfig cfg) {
    String u = engine;
    if (u == null || u.isBlank()) {
      u = System.getenv("PRECURSOR_ENGINE_URL");
    }
    if (u == null || u.isBlank()) {
      u = "http://localhost:" + cfg.api().port();
    }
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  /** The engine's answer, or empty when nothing listens there. */
  private Optional<HttpResponse<String>> ask(
      String url, String k, DocumentFormat f, PrintWriter err) {
    URI uri;
    try {
      uri =
          URI.create(
              url
                  + "/api/v1/situations/"
                  + URLEncoder.encode(situation, StandardCharsets.UTF_8).replace("+", "%20")
                  + "/"
                  + k
                  + "?format="
                  + f.wire());
    } catch (IllegalArgumentException e) {
      throw new dev.precursor.ConfigException("--engine: not a URL: '" + url + "'");
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(3)).GET().build();
    try {
      err.println("precursor draft: asking the engine at " + url);
      err.flush();
      return Optional.of(client.send(req, HttpResponse.BodyHandlers.ofString()));
    } catch (ConnectException | HttpConnectTimeoutException e) {
      return Optional.empty();
    } catch (IOException e) {
      if (e.getCause() instanceof ConnectException) {
        return Optional.empty();
      }
      throw new dev.precursor.DownstreamException(
          "engine", 0, true, "GET " + uri + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.precursor.PrecursorException("interrupted", e);
    }
  }

  private static String errorDetail(String body) {
    try {
      var n = Json.mapper().readTree(body);
      String error = n.path("error").asText("");
      String detail = n.path("detail").asText("");
      return (error + (detail.isEmpty() ? "" : ": " + detail)).trim();
    } catch (IOException | RuntimeException e) {
      return body.length() > 200 ? body.substring(0, 200) : body.strip();
    }
  }
}
