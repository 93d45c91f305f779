package dev.precursor.grafana;

import dev.precursor.grafana.goplugin.Empty;
import dev.precursor.grafana.goplugin.GRPCControllerGrpc;
import io.grpc.stub.StreamObserver;

/**
 * go-plugin's {@code plugin.GRPCController/Shutdown}: answers, then stops the server (Grafana kills
 * the process 2 s after calling it).
 */
final class ControllerService extends GRPCControllerGrpc.GRPCControllerImplBase {
  private final Runnable stop;

  ControllerService(Runnable stop) {
    this.stop = stop;
  }

  @Override
  public void shutdown(Empty req, StreamObserver<Empty> out) {
    out.onNext(Empty.getDefaultInstance());
    out.onCompleted();
    stop.run();
  }
}
