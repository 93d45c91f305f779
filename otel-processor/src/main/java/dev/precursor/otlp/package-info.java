/**
 * OTLP adapters: the gRPC and HTTP receivers, the Kafka consumer, and the mappers from OTLP wire
 * types (protobuf, OTLP JSON) to the engine's ingest records. No decisions are taken here beyond
 * OTLP validity; normalisation lives in {@code dev.precursor.ingest}.
 */
@NullMarked
package dev.precursor.otlp;

import org.jspecify.annotations.NullMarked;
