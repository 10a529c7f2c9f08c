package dev.gaze.cli;

import dev.gaze.job.AnalysisResult;
import dev.gaze.job.RunSummary;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints what a run did, for people. */
final class Summaries {

  private Summaries() {}

  static void print(PrintWriter out, AnalysisResult result) {
    RunSummary s = result.summary();
    out.printf(
        Locale.ROOT,
        "Analysed %d of %d images (%d failed) in %.1f s; top-1 %.2f%%%n",
        s.imagesAnalyzed(),
        s.imagesSeen(),
        s.imagesFailed(),
        s.wallSeconds(),
        100 * s.top1());
    tables(out, result);
  }

  /** Prints a merge's counts and where its tables are. */
  static void printMerge(PrintWriter out, int runs, AnalysisResult result) {
    RunSummary s = result.summary();
    out.printf(
        Locale.ROOT,
        "Merged %d runs: %d of %d images analysed (%d failed), top-1 %.2f%%, in %.1f s%n",
        runs,
        s.imagesAnalyzed(),
        s.imagesSeen(),
        s.imagesFailed(),
        100 * s.top1(),
        s.wallSeconds());
    tables(out, result);
  }

  private static void tables(PrintWriter out, AnalysisResult result) {
    if (result.out() != null) {
      out.println(
          "Tables: "
              + result.out()
              + "/{activation_stats,confusion,errors,findings"
              + (result.attention() != null
                  ? ",attention_stats,attention_rollout,head_similarity,class_images"
                  : "")
              + "}, run.json");
    }
    out.flush();
  }
}
