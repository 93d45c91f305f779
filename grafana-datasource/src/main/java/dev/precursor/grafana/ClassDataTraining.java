package dev.precursor.grafana;

import com.google.protobuf.ByteString;
import dev.precursor.grafana.frame.ArrowFrameEncoder;
import dev.precursor.grafana.frame.Field;
import dev.precursor.grafana.frame.Frame;
import dev.precursor.grafana.frame.FrameMeta;
import dev.precursor.grafana.pluginv2.CheckHealthRequest;
import dev.precursor.grafana.pluginv2.DataGrpc;
import dev.precursor.grafana.pluginv2.DataQuery;
import dev.precursor.grafana.pluginv2.DataSourceInstanceSettings;
import dev.precursor.grafana.pluginv2.DiagnosticsGrpc;
import dev.precursor.grafana.pluginv2.PluginContext;
import dev.precursor.grafana.pluginv2.QueryDataRequest;
import dev.precursor.grafana.pluginv2.TimeRange;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;

/**
 * {@code PluginMain --train}: the launcher runs this once, in the background, with {@code
 * -XX:ArchiveClassesAtExit}, so that later starts map the classes a real start loads from a
 * class-data-sharing archive instead of loading them from the jars. It starts the server on a free
 * loopback port and sends it one health check and one query of each type (against no engine: each
 * fails fast with a settings error, after loading the handler classes), then exits.
 */
final class ClassDataTraining {
  private ClassDataTraining() {}

  static void run() throws IOException, InterruptedException {
    PluginServer server = PluginServer.start(new Handshake.PortRange(0, 0));
    ManagedChannel ch =
        NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    try {
      PluginContext ctx =
          PluginContext.newBuilder()
              .setDataSourceInstanceSettings(
                  DataSourceInstanceSettings.newBuilder()
                      .setUid("training")
                      .setJsonData(ByteString.copyFromUtf8("{\"url\":\"http://127.0.0.1:1\"}")))
              .build();
      DiagnosticsGrpc.newBlockingStub(ch)
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .checkHealth(CheckHealthRequest.newBuilder().setPluginContext(ctx).build());
      QueryDataRequest.Builder q = QueryDataRequest.newBuilder().setPluginContext(ctx);
      for (String type :
          new String[] {"risk", "anomalies", "predictions", "situations", "graph", "annotations"}) {
        q.addQueries(
            DataQuery.newBuilder()
                .setRefId(type)
                .setQueryType(type)
                .setMaxDataPoints(100)
                .setIntervalMS(1000)
                .setTimeRange(TimeRange.newBuilder().setFromEpochMS(0).setToEpochMS(60_000))
                .setJson(ByteString.copyFromUtf8("{\"queryType\":\"" + type + "\"}")));
      }
      DataGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS).queryData(q.build());
      try (ArrowFrameEncoder encoder = new ArrowFrameEncoder(new RootAllocator())) {
        Instant t = Instant.EPOCH;
        encoder.encode(
            new Frame(
                "training",
                FrameMeta.typed("timeseries-multi", ""),
                List.of(
                    Field.time("time", List.of(t)),
                    Field.float64(
                        "risk", Map.of("service", "s"), FrameMeta.config("s", ""), List.of(0.5)),
                    Field.string("text", null, List.of("x")),
                    Field.nullableTime("end", java.util.Arrays.asList((Instant) null)))),
            "A");
      }
    } finally {
      ch.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
      server.close();
    }
  }
}
