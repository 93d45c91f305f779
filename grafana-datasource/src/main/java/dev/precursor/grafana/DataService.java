package dev.precursor.grafana;

import com.google.protobuf.ByteString;
import dev.precursor.grafana.engine.EngineClient;
import dev.precursor.grafana.engine.EngineException;
import dev.precursor.grafana.engine.EngineSettings.SettingsException;
import dev.precursor.grafana.frame.ArrowFrameEncoder;
import dev.precursor.grafana.frame.Frame;
import dev.precursor.grafana.pluginv2.DataGrpc;
import dev.precursor.grafana.pluginv2.DataQuery;
import dev.precursor.grafana.pluginv2.DataResponse;
import dev.precursor.grafana.pluginv2.QueryDataRequest;
import dev.precursor.grafana.pluginv2.QueryDataResponse;
import dev.precursor.grafana.query.BadQueryException;
import dev.precursor.grafana.query.QueryModel;
import dev.precursor.grafana.query.QueryRunner;
import dev.precursor.grafana.query.QueryWindow;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code pluginv2.Data/QueryData}: runs each query and answers one {@code DataResponse} per refId
 * with Arrow IPC file frames. A failing query fails only its own response (status and error source
 * {@code plugin} or {@code downstream}); the call itself always succeeds.
 */
final class DataService extends DataGrpc.DataImplBase {
  private static final Logger LOG = Logger.getLogger(DataService.class.getName());
  private final DataSources dataSources;
  private final QueryRunner runner;
  private final ArrowFrameEncoder encoder;
  private final PluginMetrics metrics;

  DataService(
      DataSources dataSources,
      QueryRunner runner,
      ArrowFrameEncoder encoder,
      PluginMetrics metrics) {
    this.dataSources = dataSources;
    this.runner = runner;
    this.encoder = encoder;
    this.metrics = metrics;
  }

  @Override
  public void queryData(QueryDataRequest req, StreamObserver<QueryDataResponse> out) {
    QueryDataResponse.Builder resp = QueryDataResponse.newBuilder();
    for (DataQuery q : req.getQueriesList()) {
      resp.putResponses(q.getRefId(), answer(req, q));
    }
    out.onNext(resp.build());
    out.onCompleted();
  }

  private DataResponse answer(QueryDataRequest req, DataQuery q) {
    String type = "unknown";
    try {
      QueryModel model = QueryModel.parse(q.getJson().toByteArray(), q.getQueryType());
      type = model.type().wire();
      metrics.query(type);
      QueryWindow window =
          new QueryWindow(
              Instant.ofEpochMilli(q.getTimeRange().getFromEpochMS()),
              Instant.ofEpochMilli(q.getTimeRange().getToEpochMS()),
              q.getIntervalMS(),
              q.getMaxDataPoints());
      EngineClient client = dataSources.client(req.getPluginContext());
      List<Frame> frames = runner.run(client, model, window);
      DataResponse.Builder b = DataResponse.newBuilder().setStatus(200);
      for (Frame f : frames) {
        b.addFrames(ByteString.copyFrom(encoder.encode(f, q.getRefId())));
      }
      return b.build();
    } catch (BadQueryException | SettingsException e) {
      metrics.failure(type, "plugin");
      return error(400, "plugin", e.getMessage());
    } catch (EngineException e) {
      metrics.failure(type, "downstream");
      LOG.log(Level.FINE, "query " + q.getRefId() + " (" + type + ") failed: " + e.getMessage());
      return error(e.status(), "downstream", e.getMessage());
    } catch (RuntimeException e) {
      metrics.failure(type, "plugin");
      LOG.log(Level.SEVERE, "query " + q.getRefId() + " (" + type + ") failed", e);
      return error(500, "plugin", "internal error in the Precursor plugin: " + e);
    }
  }

  private static DataResponse error(int status, String source, String message) {
    return DataResponse.newBuilder()
        .setStatus(status)
        .setErrorSource(source)
        .setError(message)
        .build();
  }
}
