package dev.gaze.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's memory: peak and current resident set (Linux {@code /proc/self/status} VmHWM and
 * VmRSS, which include libtorch's native allocations) and the JVM heap's peak.
 */
public final class ProcessMemory {

  private ProcessMemory() {}

  /** VmHWM, the peak resident set, in bytes; -1 where /proc is not there. */
  public static long peakRss() {
    return status("VmHWM:");
  }

  /** VmRSS, the current resident set, in bytes; -1 where /proc is not there. */
  public static long rss() {
    return status("VmRSS:");
  }

  /** The sum of the heap pools' peak usage since the JVM started or {@link #resetPeaks()}. */
  public static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /**
   * Resets the heap pools' peaks and, where Linux allows it ({@code /proc/self/clear_refs}), the
   * peak resident set, so that the peaks that follow are those of what runs next.
   */
  public static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException | RuntimeException e) {
      // not Linux, or not allowed: VmHWM stays the process's peak
    }
  }

  private static long status(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          String[] parts = line.substring(field.length()).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
