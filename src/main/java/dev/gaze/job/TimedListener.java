package dev.gaze.job;

import ai.djl.ndarray.NDArray;
import dev.gaze.model.TapListener;

/** A {@link TapListener} that passes taps on and counts the nanoseconds spent handling them. */
final class TimedListener implements TapListener {

  private final TapListener delegate;
  private long nanos;

  TimedListener(TapListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public void onTap(String tap, NDArray value) {
    long t0 = System.nanoTime();
    delegate.onTap(tap, value);
    nanos += System.nanoTime() - t0;
  }

  /** Nanoseconds spent in the delegate so far. */
  long nanos() {
    return nanos;
  }
}
