package dev.precursor.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import dev.precursor.InvalidTelemetryException;
import dev.precursor.ingest.IngestQueueFullException;
import dev.precursor.ingest.IngestResult;
import dev.precursor.ingest.Signal;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;

/**
 * OTLP/HTTP receiver: {@code POST /v1/metrics}, {@code /v1/traces}, {@code /v1/logs} with {@code
 * application/x-protobuf} or {@code application/json} (OTLP JSON) bodies, optionally {@code
 * Content-Encoding: gzip}. The response has the request's content type. Errors: 400 undecodable
 * (body: {@code google.rpc.Status}), 413 over {@code otlp.max-request-size} after decompression,
 * 415 other content types or encodings, 405 other methods, 429 with {@code Retry-After} when the
 * ingest queue is full.
 */
public final class OtlpHttpReceiver implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OtlpHttpReceiver.class.getName());
  static final String PROTOBUF = "application/x-protobuf";
  static final String JSON = "application/json";

  private final Javalin app;

  private OtlpHttpReceiver(Javalin app) {
    this.app = app;
  }

  /** Starts the receiver on host:port (0 = a free port). */
  public static OtlpHttpReceiver start(
      String host, int port, int maxRequestBytes, OtlpIngestor ingestor) {
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.jetty.host = host;
              cfg.jetty.port = port;
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.http.maxRequestSize = maxRequestBytes;
              cfg.http.prefer405over404 = true;
              cfg.routes.post(
                  "/v1/metrics", ctx -> export(ctx, Signal.METRICS, maxRequestBytes, ingestor));
              cfg.routes.post(
                  "/v1/traces", ctx -> export(ctx, Signal.TRACES, maxRequestBytes, ingestor));
              cfg.routes.post(
                  "/v1/logs", ctx -> export(ctx, Signal.LOGS, maxRequestBytes, ingestor));
            });
    app.start();
    return new OtlpHttpReceiver(app);
  }

  private static void export(Context ctx, Signal signal, int maxBytes, OtlpIngestor ingestor) {
    long received = System.nanoTime();
    String type = mediaType(ctx.contentType());
    boolean json;
    if (PROTOBUF.equals(type)) {
      json = false;
    } else if (JSON.equals(type)) {
      json = true;
    } else {
      status(
          ctx,
          415,
          true,
          Code.INVALID_ARGUMENT,
          "unsupported Content-Type '"
              + ctx.contentType()
              + "'; OTLP/HTTP takes application/x-protobuf or application/json");
      return;
    }
    String encoding = ctx.header("Content-Encoding");
    boolean gzip = false;
    if (encoding != null && !encoding.isBlank()) {
      String e = encoding.trim().toLowerCase(Locale.ROOT);
      if (e.equals("gzip") || e.equals("x-gzip")) {
        gzip = true;
      } else if (!e.equals("identity")) {
        status(
            ctx,
            415,
            json,
            Code.INVALID_ARGUMENT,
            "unsupported Content-Encoding '" + encoding + "'; use gzip or none");
        return;
      }
    }
    long declared = ctx.contentLength();
    if (declared > maxBytes) {
      status(ctx, 413, json, Code.RESOURCE_EXHAUSTED, tooLarge(maxBytes));
      return;
    }
    byte[] body;
    try (InputStream raw = ctx.bodyInputStream();
        InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
      body = in.readNBytes(maxBytes + 1);
    } catch (ZipException e) {
      status(ctx, 400, json, Code.INVALID_ARGUMENT, "body is not valid gzip: " + e.getMessage());
      return;
    } catch (IOException e) {
      status(ctx, 400, json, Code.INVALID_ARGUMENT, "cannot read body: " + e.getMessage());
      return;
    }
    if (body.length > maxBytes) {
      status(ctx, 413, json, Code.RESOURCE_EXHAUSTED, tooLarge(maxBytes));
      return;
    }
    OtlpProtoMapper.Mapped mapped;
    try {
      mapped =
          json
              ? OtlpIngestor.decodeJson(signal, body, received)
              : OtlpIngestor.decodeProto(signal, body, received);
    } catch (InvalidProtocolBufferException | InvalidTelemetryException e) {
      status(
          ctx,
          400,
          json,
          Code.INVALID_ARGUMENT,
          "undecodable OTLP " + signal.wire() + " request: " + e.getMessage());
      return;
    }
    CompletableFuture<IngestResult> result;
    try {
      result = ingestor.ingest(mapped);
    } catch (IngestQueueFullException e) {
      queueFull(ctx, json, e);
      return;
    }
    ctx.future(
        () ->
            result.handle(
                (r, err) -> {
                  if (err == null) {
                    respond(ctx, 200, json, OtlpIngestor.response(signal, r));
                  } else {
                    Throwable cause =
                        err instanceof CompletionException && err.getCause() != null
                            ? err.getCause()
                            : err;
                    if (cause instanceof IngestQueueFullException full) {
                      queueFull(ctx, json, full);
                    } else {
                      LOG.log(Level.WARNING, "OTLP/HTTP export failed", cause);
                      status(ctx, 500, json, Code.INTERNAL, String.valueOf(cause.getMessage()));
                    }
                  }
                  return null;
                }));
  }

  private static String tooLarge(int maxBytes) {
    return "request body larger than otlp.max-request-size (" + maxBytes + " bytes, after gzip)";
  }

  private static void queueFull(Context ctx, boolean json, IngestQueueFullException e) {
    long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
    ctx.header("Retry-After", Long.toString(seconds));
    status(ctx, 429, json, Code.RESOURCE_EXHAUSTED, e.getMessage());
  }

  private static @Nullable String mediaType(@Nullable String contentType) {
    if (contentType == null) {
      return null;
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  private static void status(Context ctx, int http, boolean json, Code code, String message) {
    com.google.rpc.Status s =
        com.google.rpc.Status.newBuilder().setCode(code.getNumber()).setMessage(message).build();
    respond(ctx, http, json, s);
  }

  private static void respond(Context ctx, int http, boolean json, Message m) {
    ctx.status(http);
    if (json) {
      ctx.contentType(JSON).result(OtlpJsonMapper.print(m));
    } else {
      ctx.contentType(PROTOBUF).result(m.toByteArray());
    }
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
