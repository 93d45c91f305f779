package dev.precursor.detect;

import dev.precursor.model.Anomaly;
import dev.precursor.model.SeriesKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Fans anomalies out to every registered listener; one failing listener does not stop the rest. */
public final class CompositeAnomalyListener implements AnomalyListener {
  private static final Logger LOG = Logger.getLogger(CompositeAnomalyListener.class.getName());
  private final List<AnomalyListener> listeners = new CopyOnWriteArrayList<>();

  public void add(AnomalyListener listener) {
    listeners.add(listener);
  }

  @Override
  public void onAnomaly(Anomaly anomaly) {
    for (AnomalyListener l : listeners) {
      try {
        l.onAnomaly(anomaly);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "anomaly listener " + l + " failed", e);
      }
    }
  }

  @Override
  public void onRecovered(SeriesKey series, long epochMillis) {
    for (AnomalyListener l : listeners) {
      try {
        l.onRecovered(series, epochMillis);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "anomaly listener " + l + " failed", e);
      }
    }
  }
}
