package dev.gaze.cli;

import dev.gaze.job.ProgressListener;
import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows {@code analyze}'s progress while it runs: on a terminal ({@code System.console() != null})
 * one line rewritten every second on stderr; otherwise a log line every {@value #LOG_SECONDS} s.
 */
final class ProgressPrinter implements AutoCloseable {

  /** Seconds between two log lines when the output is not a terminal. */
  static final int LOG_SECONDS = 30;

  private static final Logger LOG = LoggerFactory.getLogger("dev.gaze.progress");

  private final SparkContext sc;
  private final ProgressListener listener = new ProgressListener();
  private final ScheduledExecutorService timer;
  private final PrintWriter terminal;
  private int width;

  private ProgressPrinter(SparkContext sc, PrintWriter terminal) {
    this.sc = sc;
    this.terminal = terminal;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gaze-progress");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts following the runs of {@code sc}; {@code terminal} is where the updating line goes, or
   * null for log lines.
   */
  static ProgressPrinter start(SparkContext sc, PrintWriter terminal) {
    ProgressPrinter p = new ProgressPrinter(sc, terminal);
    p.listener.start();
    sc.addSparkListener(p.listener);
    int period = terminal != null ? 1 : LOG_SECONDS;
    p.timer.scheduleAtFixedRate(p::show, period, period, TimeUnit.SECONDS);
    return p;
  }

  /** stderr when the process has a terminal, else null. */
  static PrintWriter terminalOrNull(PrintWriter err) {
    return System.console() != null ? err : null;
  }

  private synchronized void show() {
    String line = ProgressLine.format(listener.snapshot());
    if (terminal == null) {
      LOG.info(line);
      return;
    }
    int pad = Math.max(0, width - line.length());
    width = line.length();
    terminal.print("\r" + line + " ".repeat(pad));
    terminal.flush();
  }

  /** Stops the updates; on a terminal ends the line with the last figures. */
  @Override
  public synchronized void close() {
    timer.shutdownNow();
    sc.removeSparkListener(listener);
    if (terminal != null && width > 0) {
      terminal.print("\r" + " ".repeat(width) + "\r");
      terminal.flush();
    }
  }
}
