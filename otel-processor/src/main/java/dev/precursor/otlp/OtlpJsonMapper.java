package dev.precursor.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.precursor.InvalidTelemetryException;
import dev.precursor.model.Json;
import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * OTLP/JSON ↔ protobuf. OTLP JSON is the proto3 JSON mapping except that trace and span ids are hex
 * (not base64): the ids are rewritten to base64 and the rest goes through {@link JsonFormat}, which
 * takes enums as integers or names, 64-bit integers as strings or numbers, and ignores unknown
 * fields. A malformed hex id is replaced by an empty one, so only its span fails validation.
 */
public final class OtlpJsonMapper {
  private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId");
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace().printingEnumsAsInts();

  private OtlpJsonMapper() {}

  /**
   * Parses an OTLP JSON body into {@code builder}.
   *
   * @throws InvalidTelemetryException naming what is wrong when the body is not OTLP JSON
   */
  public static <B extends Message.Builder> B parse(byte[] body, B builder) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidTelemetryException("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidTelemetryException("unreadable JSON body: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidTelemetryException("expected a JSON object at the top level");
    }
    rewriteIds(root);
    try {
      PARSER.merge(Json.mapper().writeValueAsString(root), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidTelemetryException("not an OTLP JSON request: " + e.getMessage());
    } catch (JsonProcessingException e) {
      throw new InvalidTelemetryException("malformed JSON: " + e.getOriginalMessage());
    }
    return builder;
  }

  /** Prints a response (or a {@code google.rpc.Status}) as OTLP JSON. */
  public static String print(MessageOrBuilder message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getClass().getSimpleName(), e);
    }
  }

  private static void rewriteIds(JsonNode node) {
    if (node instanceof ObjectNode obj) {
      Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        if (ID_FIELDS.contains(e.getKey()) && v.isTextual()) {
          e.setValue(obj.textNode(hexToBase64(v.asText())));
        } else if (v.isContainerNode()) {
          rewriteIds(v);
        }
      }
    } else if (node instanceof ArrayNode arr) {
      for (JsonNode child : arr) {
        if (child.isContainerNode()) {
          rewriteIds(child);
        }
      }
    }
  }

  private static String hexToBase64(String hex) {
    if (hex.isEmpty() || hex.length() % 2 != 0) {
      return "";
    }
    try {
      return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
