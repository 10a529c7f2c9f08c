package dev.gaze.source;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * What a run will read, decided once on the driver: the format, the ordered splits (one per Spark
 * partition) and the class names. Serializable so that it can travel to executors as it is.
 */
public final class DatasetPlan implements Serializable {

  private static final long serialVersionUID = 1L;

  private final DatasetFormat format;
  private final String path;
  private final Split[] splits;
  private final ClassNames classes;

  /**
   * A plan.
   *
   * @param format the dataset format
   * @param path the dataset root or shard pattern as the user gave it
   * @param splits the units of work, in order
   * @param classes the class names, possibly {@link ClassNames#none()}
   */
  public DatasetPlan(DatasetFormat format, String path, List<Split> splits, ClassNames classes) {
    this.format = Objects.requireNonNull(format, "format");
    this.path = Objects.requireNonNull(path, "path");
    this.splits = splits.toArray(new Split[0]);
    this.classes = Objects.requireNonNull(classes, "classes");
  }

  /**
   * Plans a WebDataset or ImageFolder dataset (Parquet is planned by the Spark job).
   *
   * <p>WebDataset: one split per shard, unless fewer partitions are asked for than there are
   * shards, in which case contiguous shards share a split. Class names: {@code override} when not
   * empty, else a {@code classes.txt} or {@code classes.json} beside the first shard, else none.
   *
   * <p>ImageFolder: the files are cut into {@code targetPartitions} contiguous groups of near-equal
   * count. Class names are the class folders' names, or {@code override}, which must then name as
   * many classes.
   *
   * @param format the format; {@link DatasetFormat#PARQUET} is refused
   * @param path a shard pattern ({@link ShardPaths}) or an ImageFolder root
   * @param targetPartitions how many splits are wanted, at least 1
   * @param override class names the user gave, or {@code null} or {@link ClassNames#none()}
   * @param conf the Hadoop configuration for the file systems
   * @throws IllegalArgumentException for bad arguments or a dataset that is not there
   */
  public static DatasetPlan plan(
      DatasetFormat format,
      String path,
      int targetPartitions,
      ClassNames override,
      Configuration conf) {
    if (targetPartitions < 1) {
      throw new IllegalArgumentException(
          "target partitions must be at least 1, got " + targetPartitions);
    }
    ClassNames given = override == null ? ClassNames.none() : override;
    switch (format) {
      case WEBDATASET:
        return planWebDataset(path, targetPartitions, given, conf);
      case IMAGEFOLDER:
        return planImageFolder(path, targetPartitions, given, conf);
      default:
        throw new IllegalArgumentException(
            "format "
                + format.cliName()
                + " is planned by the Spark job; DatasetPlan.plan takes webdataset or imagefolder");
    }
  }

  private static DatasetPlan planWebDataset(
      String pattern, int targetPartitions, ClassNames given, Configuration conf) {
    List<String> shards = ShardPaths.expand(pattern, conf);
    List<Split> splits = new ArrayList<>();
    for (List<String> group :
        Groups.contiguous(shards, Math.min(targetPartitions, shards.size()))) {
      splits.add(Split.ofShards(group));
    }
    ClassNames classes =
        given.isEmpty()
            ? ClassNames.findIn(new Path(shards.get(0)).getParent().toString(), conf)
            : given;
    return new DatasetPlan(DatasetFormat.WEBDATASET, pattern, splits, classes);
  }

  private static DatasetPlan planImageFolder(
      String root, int targetPartitions, ClassNames given, Configuration conf) {
    ImageFolder.Listing listing = ImageFolder.list(root, conf);
    if (!given.isEmpty() && given.size() != listing.classes().size()) {
      throw new IllegalArgumentException(
          "the class names given list "
              + given.size()
              + " classes but ImageFolder root '"
              + root
              + "' has "
              + listing.classes().size()
              + " class folders");
    }
    if (listing.entries().isEmpty()) {
      throw new IllegalArgumentException(
          "ImageFolder root '" + root + "' has class folders but no files in them");
    }
    List<Split> splits = new ArrayList<>();
    for (List<ImageFolderEntry> group : Groups.contiguous(listing.entries(), targetPartitions)) {
      splits.add(Split.ofFiles(group));
    }
    ClassNames classes = given.isEmpty() ? listing.classes() : given;
    return new DatasetPlan(DatasetFormat.IMAGEFOLDER, root, splits, classes);
  }

  /** The dataset format. */
  public DatasetFormat format() {
    return format;
  }

  /** The dataset root or shard pattern as given. */
  public String path() {
    return path;
  }

  /** The splits, one per partition, in order. */
  public List<Split> splits() {
    return List.of(splits);
  }

  /** The class names, possibly none. */
  public ClassNames classes() {
    return classes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DatasetPlan p
        && format == p.format
        && path.equals(p.path)
        && Arrays.equals(splits, p.splits)
        && classes.equals(p.classes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(format, path, Arrays.hashCode(splits), classes);
  }

  @Override
  public String toString() {
    return "DatasetPlan(" + format.cliName() + " " + path + ", " + splits.length + " splits)";
  }
}
