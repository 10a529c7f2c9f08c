package dev.gaze.report;

import dev.gaze.aggregate.ActivationStats;
import dev.gaze.aggregate.ConfusionCell;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a sample report from synthetic rows, for looking at: {@code java ... SampleReport <dir>
 * [classes]}. Not a test; the tests use {@link Synthetic} directly.
 */
public final class SampleReport {

  private SampleReport() {}

  /** Writes the sample into {@code args[0]}; {@code args[1]} is the class count (default 10). */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int classes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    String[] base = {
      "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"
    };
    List<String> names = new ArrayList<>();
    for (int k = 0; k < classes; k++) {
      names.add(k < base.length ? base[k] : "class number " + k + " with a long name");
    }
    if (classes > 3) {
      names.set(3, "<script>alert(1)</script> & \"quotes\"");
    }
    List<ActivationStats> stats = new ArrayList<>();
    int n = classes;
    Synthetic.MapFunction moving =
        (k, y, x) -> Synthetic.blob(y, x, 2 + 10.0 * k / n, 12 - 10.0 * k / n, 2.5) * (1 + k % 3);
    stats.addAll(
        Synthetic.tap(
            "stem.conv1",
            names,
            64,
            28,
            28,
            50,
            (k, y, x) -> 0.5 + 0.3 * Synthetic.blob(y, x, 14, 14, 8) + 0.02 * k,
            new int[] {3, 17, 40},
            1));
    stats.addAll(
        Synthetic.tap(
            "layer3.1.relu", names, 256, 14, 14, 50, moving, new int[] {5, 6, 100, 200, 201}, 2));
    stats.addAll(
        Synthetic.tap(
            "layer4/block<2> \"final\"",
            names,
            512,
            7,
            7,
            50,
            (k, y, x) -> Synthetic.blob(y, x, k % 7, (k * 3) % 7, 1.5),
            new int[] {},
            3));
    long[] diagonal = new long[classes];
    for (int k = 0; k < classes; k++) {
      diagonal[k] = 20 + 3L * k;
    }
    List<ConfusionCell> confusion = new ArrayList<>(Synthetic.confusion(diagonal, 5));
    confusion.add(new ConfusionCell(0, 2, 9));
    ReportContext ctx =
        new ReportContext(
            "Gaze report: synthetic sample",
            "/data/cifar & friends/<train>.tar",
            "resnet18 \"builtin\"",
            classes * 50L + 3,
            classes * 50L,
            3,
            names,
            List.of("stem.conv1", "layer3.1.relu", "layer4/block<2> \"final\""));
    for (Path p : ReportRenderer.render(dir, ctx, stats, confusion)) {
      System.out.println(p);
    }
  }
}
