package dev.precursor.annotate;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.precursor.model.Deploy;
import dev.precursor.model.Json;
import dev.precursor.model.Prediction;
import dev.precursor.model.Situation;
import dev.precursor.model.SituationListener;
import dev.precursor.model.Tier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Writes organisation annotations into Grafana ({@code POST /api/annotations}, service-account
 * bearer token) for deploys and alert-tier predictions, tagged so a dashboard's annotation query
 * can filter them ({@code precursor}, {@code deploy} or {@code prediction}, {@code
 * service:<name>}).
 *
 * <p>Calls run on one background thread from a bounded queue, so ingestion never waits on Grafana;
 * 429, 5xx and connection failures are retried with exponential backoff and jitter, other 4xx are
 * logged once with Grafana's message and dropped. Each alert-tier situation is annotated once.
 */
public final class GrafanaAnnotationWriter
    implements SituationListener, Consumer<Deploy>, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(GrafanaAnnotationWriter.class.getName());
  private static final int MAX_ATTEMPTS = 6;
  private final URI endpoint;
  private final String token;
  private final HttpClient http;
  private final Duration initialBackoff;
  private final LinkedBlockingQueue<Map<String, Object>> queue = new LinkedBlockingQueue<>(10_000);
  private final Set<String> annotatedSituations = ConcurrentHashMap.newKeySet();
  private final Thread worker;
  private volatile boolean running = true;

  public GrafanaAnnotationWriter(URI grafanaUrl, String token, Duration initialBackoff) {
    String base = grafanaUrl.toString().replaceAll("/+$", "");
    this.endpoint = URI.create(base + "/api/annotations");
    this.token = token;
    this.initialBackoff = initialBackoff;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.worker = new Thread(this::drain, "grafana-annotations");
    worker.setDaemon(true);
    worker.start();
  }

  /** A deploy marker became known. */
  @Override
  public void accept(Deploy d) {
    List<String> tags =
        new ArrayList<>(
            List.of(
                "precursor", d.kind().wire(), "service:" + d.service(), "version:" + d.version()));
    if (d.environment() != null) {
      tags.add("env:" + d.environment());
    }
    StringBuilder text =
        new StringBuilder(d.kind() == Deploy.Kind.CONFIG ? "Config change " : "Deploy ")
            .append(d.service())
            .append(' ')
            .append(d.version());
    if (d.commit() != null) {
      text.append(" (commit ").append(d.commit(), 0, Math.min(12, d.commit().length())).append(')');
    }
    text.append(" — ").append(d.source());
    if (d.url() != null) {
      text.append(" <a href=\"").append(d.url()).append("\">build</a>");
    }
    enqueue(annotation(d.at().toEpochMilli(), null, tags, text.toString()));
  }

  /** Annotates a situation the first time its top prediction is alert tier. */
  @Override
  public void onSituation(Situation situation, @Nullable Prediction prediction) {
    if (prediction == null
        || prediction.tier() != Tier.ALERT
        || !annotatedSituations.add(situation.id())) {
      return;
    }
    List<String> tags =
        new ArrayList<>(
            List.of("precursor", "prediction", "tier:alert", "service:" + prediction.service()));
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Precursor alert: %s on %s (confidence %.2f)",
                prediction.pattern(),
                prediction.service(),
                prediction.confidence()));
    if (prediction.rootCause() != null) {
      text.append(" — probable root cause ")
          .append(prediction.rootCause().service())
          .append(": ")
          .append(prediction.rootCause().summary());
      tags.add("rootcause:" + prediction.rootCause().service());
    }
    if (prediction.expectedAt() != null) {
      text.append(" — impact expected ").append(prediction.expectedAt());
    }
    Long end = prediction.expectedAt() == null ? null : prediction.expectedAt().toEpochMilli();
    enqueue(annotation(prediction.raisedAt().toEpochMilli(), end, tags, text.toString()));
  }

  private static Map<String, Object> annotation(
      long time, @Nullable Long timeEnd, List<String> tags, String text) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", time);
    if (timeEnd != null && timeEnd > time) {
      m.put("timeEnd", timeEnd);
    }
    m.put("tags", tags);
    m.put("text", text);
    return m;
  }

  private void enqueue(Map<String, Object> a) {
    if (!queue.offer(a)) {
      LOG.warning(
          "Grafana annotation queue is full (Grafana unreachable for long?); dropping: "
              + a.get("text"));
    }
  }

  /** Annotations waiting to be written. */
  public int pending() {
    return queue.size();
  }

  private void drain() {
    while (running) {
      Map<String, Object> a;
      try {
        a = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (a != null) {
        try {
          write(a);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void write(Map<String, Object> a) throws InterruptedException {
    String body;
    try {
      body = Json.mapper().writeValueAsString(a);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    Duration backoff = initialBackoff;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS && running; attempt++) {
      HttpRequest req =
          HttpRequest.newBuilder(endpoint)
              .timeout(Duration.ofSeconds(10))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
              .build();
      String failure;
      try {
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        int s = resp.statusCode();
        if (s >= 200 && s < 300) {
          return;
        }
        failure = "HTTP " + s + ": " + resp.body();
        if (s != 429 && s < 500) {
          LOG.warning(
              "Grafana rejected an annotation ("
                  + failure
                  + ")"
                  + (s == 401 || s == 403
                      ? "; check grafana.token (a service-account token with annotations:create)"
                      : "")
                  + "; not retrying");
          return;
        }
      } catch (IOException e) {
        failure = e.toString();
      }
      if (attempt == MAX_ATTEMPTS) {
        LOG.log(
            Level.WARNING,
            "giving up on a Grafana annotation after " + attempt + " attempts: " + failure);
        return;
      }
      long jitter = ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2 + 1);
      Thread.sleep(backoff.toMillis() + jitter);
      backoff = backoff.multipliedBy(2);
    }
  }

  @Override
  public void close() {
    running = false;
    worker.interrupt();
  }
}
