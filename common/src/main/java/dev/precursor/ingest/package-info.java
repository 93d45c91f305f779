/**
 * Ingest: telemetry in the engine's own records ({@link dev.precursor.ingest.MetricPoint}, {@link
 * dev.precursor.ingest.SpanRecord}, {@link dev.precursor.ingest.LogEntry}) normalised into scored
 * series, the service dependency graph, log templates and implicit deploys. Protocol adapters (OTLP
 * gRPC/HTTP, Kafka) map their wire types into these records and hand batches to {@link
 * dev.precursor.ingest.IngestPipeline}.
 */
@NullMarked
package dev.precursor.ingest;

import org.jspecify.annotations.NullMarked;
