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
