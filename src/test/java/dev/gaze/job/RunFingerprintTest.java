package dev.gaze.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.model.BuiltinModels;
import dev.gaze.source.ClassNames;
import dev.gaze.source.DatasetFormat;
import dev.gaze.source.DatasetPlan;
import dev.gaze.source.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFingerprintTest {

  @TempDir Path tmp;

  private static final RunFingerprint.Preprocessing PRE =
      new RunFingerprint.Preprocessing(
          1, 28, 28, 28, "stretch", "bilinear", List.of(0.286f), List.of(0.353f), 1000L);

  private static RunFingerprint fingerprint(
      RunFingerprint.ModelIdentity model,
      List<String> taps,
      RunFingerprint.Preprocessing pre,
      String precision,
      List<String> classes,
      List<RunFingerprint.Entry> listing) {
    return new RunFingerprint(
        RunFingerprint.STATISTICS_VERSION, model, taps, pre, precision, classes, listing);
  }

  private static final RunFingerprint.ModelIdentity CNN =
      new RunFingerprint.ModelIdentity("demo-cnn", true, "ab12" + "0".repeat(60));

  private static RunFingerprint.Entry shard(String name, long size, long modified) {
    return RunFingerprint.Entry.file("shard", "file:/data/" + name, size, modified);
  }

  private static final List<RunFingerprint.Entry> LISTING =
      List.of(shard("a.tar", 100, 1000), shard("b.tar", 200, 2000));

  private static RunFingerprint base() {
    return fingerprint(CNN, List.of("stem", "layer1"), PRE, "fp32", List.of("cat", "dog"), LISTING);
  }

  @Test
  void equalFingerprintsHaveNoDifferenceAndTheSameDigest() {
    assertThat(base().firstDifference(base())).isEmpty();
    assertThat(base().digest()).isEqualTo(base().digest()).hasSize(64);
    RunFingerprint other = base().withListingOf(base());
    assertThat(other.digest()).isNotEqualTo(base().digest());
  }

  @Test
  void namesTheModelFileThatDiffers() {
    RunFingerprint a =
        fingerprint(
            new RunFingerprint.ModelIdentity("/m/a.pt", false, "ab12ab12ab12ab12"),
            List.of("stem"),
            PRE,
            "fp32",
            List.of("cat"),
            LISTING);
    RunFingerprint moved =
        fingerprint(
            new RunFingerprint.ModelIdentity("/elsewhere/a.pt", false, "ab12ab12ab12ab12"),
            List.of("stem"),
            PRE,
            "fp32",
            List.of("cat"),
            LISTING);
    RunFingerprint changed =
        fingerprint(
            new RunFingerprint.ModelIdentity("/m/a.pt", false, "cd34cd34cd34cd34"),
            List.of("stem"),
            PRE,
            "fp32",
            List.of("cat"),
            LISTING);
    assertThat(a.firstDifference(moved))
        .as("the same bytes elsewhere are the same model")
        .isEmpty();
    assertThat(a.firstDifference(changed))
        .contains("model file differs: sha256 ab12ab12ab12... vs cd34cd34cd34...");
    RunFingerprint vit =
        fingerprint(
            new RunFingerprint.ModelIdentity("demo-vit", true, CNN.sha256()),
            List.of("stem", "layer1"),
            PRE,
            "fp32",
            List.of("cat", "dog"),
            LISTING);
    assertThat(base().firstDifference(vit))
        .contains("model differs: demo-cnn (built in) vs demo-vit (built in)");
    RunFingerprint retrained =
        fingerprint(
            new RunFingerprint.ModelIdentity("demo-cnn", true, "ff" + "0".repeat(62)),
            List.of("stem", "layer1"),
            PRE,
            "fp32",
            List.of("cat", "dog"),
            LISTING);
    assertThat(base().firstDifference(retrained).orElseThrow())
        .startsWith("weights of demo-cnn differ: sha256 ab12");
  }

  @Test
  void namesTheFirstDifferenceInOrder() {
    RunFingerprint taps =
        fingerprint(CNN, List.of("stem"), PRE, "fp16", List.of("cat", "dog"), LISTING);
    assertThat(base().firstDifference(taps)).contains("taps differ: [stem, layer1] vs [stem]");
    RunFingerprint precision =
        fingerprint(CNN, List.of("stem", "layer1"), PRE, "fp16", List.of("cat", "dog"), LISTING);
    assertThat(base().firstDifference(precision)).contains("precision differs: fp32 vs fp16");
    RunFingerprint mean =
        fingerprint(
            CNN,
            List.of("stem", "layer1"),
            new RunFingerprint.Preprocessing(
                1, 28, 28, 28, "stretch", "bilinear", List.of(0.5f), List.of(0.353f), 1000L),
            "fp32",
            List.of("cat", "dog"),
            LISTING);
    assertThat(base().firstDifference(mean))
        .contains("preprocessing differs: normalisation mean [0.286] vs [0.5]");
    RunFingerprint size =
        fingerprint(
            CNN,
            List.of("stem", "layer1"),
            new RunFingerprint.Preprocessing(
                3, 32, 32, 28, "stretch", "bilinear", List.of(0.5f), List.of(0.353f), 1000L),
            "fp32",
            List.of("cat", "dog"),
            LISTING);
    assertThat(base().firstDifference(size))
        .contains("preprocessing differs: input size 1x28x28 vs 3x32x32");
    RunFingerprint renamed =
        fingerprint(CNN, List.of("stem", "layer1"), PRE, "fp32", List.of("cat", "Dog"), LISTING);
    assertThat(base().firstDifference(renamed))
        .contains("class names differ: class 1 is 'dog' vs 'Dog'");
    RunFingerprint more =
        fingerprint(
            CNN, List.of("stem", "layer1"), PRE, "fp32", List.of("cat", "dog", "owl"), LISTING);
    assertThat(base().firstDifference(more))
        .contains("class names differ: 2 classes [cat, dog] vs 3 [cat, dog, owl]");
    RunFingerprint newer =
        new RunFingerprint(
            RunFingerprint.STATISTICS_VERSION + 1,
            CNN,
            List.of("stem", "layer1"),
            PRE,
            "fp32",
            List.of("cat", "dog"),
            LISTING);
    assertThat(base().firstDifference(newer).orElseThrow())
        .startsWith(
            "statistics version differs: "
                + RunFingerprint.STATISTICS_VERSION
                + " vs "
                + (RunFingerprint.STATISTICS_VERSION + 1));
  }

  @Test
  void namesTheShardThatChanged() {
    RunFingerprint grown =
        withListing(List.of(shard("a.tar", 100, 1000), shard("b.tar", 456, 2000)));
    assertThat(base().firstDifference(grown))
        .contains("shard file:/data/b.tar changed: size 200 -> 456");
    RunFingerprint touched =
        withListing(List.of(shard("a.tar", 100, 1000), shard("b.tar", 200, 3000)));
    assertThat(base().firstDifference(touched))
        .contains(
            "shard file:/data/b.tar changed: modified 1970-01-01T00:00:02Z ->"
                + " 1970-01-01T00:00:03Z");
    RunFingerprint gone = withListing(List.of(shard("a.tar", 100, 1000)));
    assertThat(base().firstDifference(gone))
        .contains("shard file:/data/b.tar is gone from the dataset");
    RunFingerprint added =
        withListing(
            List.of(shard("a.tar", 100, 1000), shard("b.tar", 200, 2000), shard("c.tar", 1, 1)));
    assertThat(base().firstDifference(added))
        .contains("shard file:/data/c.tar is new in the dataset");
    RunFingerprint reordered =
        withListing(List.of(shard("b.tar", 200, 2000), shard("a.tar", 100, 1000)));
    assertThat(base().firstDifference(reordered)).isEmpty();
    assertThat(base().firstDifferenceExceptListing(added)).isEmpty();
  }

  @Test
  void overlapIsTheFirstSharedUnit() {
    RunFingerprint other =
        withListing(List.of(shard("c.tar", 1, 1), shard("b.tar", 999, 9), shard("a.tar", 1, 1)));
    assertThat(base().sharedEntry(other).orElseThrow().path()).isEqualTo("file:/data/a.tar");
    RunFingerprint disjoint = withListing(List.of(shard("c.tar", 1, 1)));
    assertThat(base().sharedEntry(disjoint)).isEmpty();
    RunFingerprint merged = base().withListingOf(disjoint);
    assertThat(merged.listing()).hasSize(3);
    assertThat(merged.firstDifferenceExceptListing(base())).isEmpty();
  }

  @Test
  void survivesJson() throws Exception {
    RunFingerprint folder =
        withListing(
            List.of(
                new RunFingerprint.Entry("folder", "file:/root/cat", 3000, 42, 3, "beef"),
                RunFingerprint.Entry.file("file", "file:/p/x.parquet", 10, 11)));
    for (RunFingerprint f : List.of(base(), folder)) {
      ObjectMapper mapper = new ObjectMapper();
      String json = mapper.writeValueAsString(f.toJson());
      RunFingerprint back = RunFingerprint.fromJson(mapper.readTree(json));
      assertThat(back).isEqualTo(f);
      assertThat(back.digest()).isEqualTo(f.digest());
    }
  }

  @Test
  void listsRealShardsWithSizesAndTimesAndHashesTheBuiltinWeights() throws Exception {
    List<String> shards = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path shard = tmp.resolve("train-00000" + i + ".tar");
      Files.write(shard, new byte[10 + i]);
      Files.setLastModifiedTime(shard, FileTime.fromMillis(1_000_000L * (i + 1)));
      shards.add(shard.toString());
    }
    DatasetPlan plan =
        new DatasetPlan(
            DatasetFormat.WEBDATASET,
            tmp.resolve("train-{000000..000002}.tar").toString(),
            List.of(Split.ofShards(shards.subList(0, 2)), Split.ofShards(shards.subList(2, 3))),
            ClassNames.of(List.of("a", "b")));
    AnalysisConfig config = AnalysisConfig.builder(plan.path()).model("demo-cnn").build();
    Configuration conf = new Configuration();
    RunFingerprint f =
        Fingerprints.of(
            config,
            BuiltinModels.require("demo-cnn"),
            null,
            List.of("stem"),
            plan,
            plan.classes(),
            conf);
    assertThat(f.listing()).extracting(RunFingerprint.Entry::size).containsExactly(10L, 11L, 12L);
    assertThat(f.listing())
        .extracting(RunFingerprint.Entry::modified)
        .containsExactly(1_000_000L, 2_000_000L, 3_000_000L);
    assertThat(f.listing().get(0).path()).startsWith("file:").endsWith("train-000000.tar");
    assertThat(f.model().sha256()).hasSize(64);
    assertThat(f.classNames()).containsExactly("a", "b");

    Files.write(Path.of(shards.get(1)), new byte[99]);
    Files.setLastModifiedTime(Path.of(shards.get(1)), FileTime.fromMillis(2_000_000L));
    RunFingerprint again =
        Fingerprints.of(
            config,
            BuiltinModels.require("demo-cnn"),
            null,
            List.of("stem"),
            plan,
            plan.classes(),
            conf);
    assertThat(f.firstDifference(again).orElseThrow())
        .endsWith("train-000001.tar changed: size 11 -> 99");
  }

  @Test
  void listsImageFolderClassesAsSummarisedFoldersAndParquetAsSparkReadsIt() throws Exception {
    Path root = tmp.resolve("folder");
    for (String f : List.of("cat/1.png", "cat/2.png", "dog/x/3.png", ".hidden/4.png")) {
      Files.createDirectories(root.resolve(f).getParent());
      Files.write(root.resolve(f), new byte[f.length()]);
      Files.setLastModifiedTime(root.resolve(f), FileTime.fromMillis(5_000L));
    }
    Configuration conf = new Configuration();
    AnalysisConfig config =
        AnalysisConfig.builder(root.toString()).format(DatasetFormat.IMAGEFOLDER).build();
    DatasetPlan plan = DatasetPlan.plan(DatasetFormat.IMAGEFOLDER, root.toString(), 2, null, conf);
    List<RunFingerprint.Entry> listing = Fingerprints.listing(config, plan, conf);
    assertThat(listing).extracting(RunFingerprint.Entry::kind).containsOnly("folder");
    assertThat(listing).extracting(RunFingerprint.Entry::files).containsExactly(2L, 1L);
    assertThat(listing.get(0).path()).endsWith("/folder/cat");
    assertThat(listing.get(0).size()).isEqualTo(2 * "cat/1.png".length());
    assertThat(listing.get(0).digest()).hasSize(64);
    Files.setLastModifiedTime(root.resolve("cat/2.png"), FileTime.fromMillis(4_000L));
    RunFingerprint before = withListing(listing);
    RunFingerprint after = withListing(Fingerprints.listing(config, plan, conf));
    assertThat(before.firstDifference(after).orElseThrow())
        .contains("/folder/cat changed: listing sha256 ");

    Path parquet = Files.createDirectories(tmp.resolve("pq"));
    for (String f :
        List.of("a.parquet", "sub/b.parquet", "_SUCCESS", ".a.parquet.crc", "_tmp/c.parquet")) {
      Files.createDirectories(parquet.resolve(f).getParent());
      Files.write(parquet.resolve(f), new byte[3]);
    }
    Files.writeString(parquet.resolve("classes.txt"), "a\nb\n");
    AnalysisConfig pq =
        AnalysisConfig.builder(parquet.toString()).format(DatasetFormat.PARQUET).build();
    DatasetPlan pqPlan =
        new DatasetPlan(DatasetFormat.PARQUET, parquet.toString(), List.of(), ClassNames.none());
    assertThat(Fingerprints.listing(pq, pqPlan, conf))
        .extracting(e -> e.kind() + " " + e.path().substring(e.path().indexOf("/pq/")))
        .containsExactly("file /pq/a.parquet", "file /pq/sub/b.parquet");
  }

  private static RunFingerprint withListing(List<RunFingerprint.Entry> listing) {
    return fingerprint(CNN, List.of("stem", "layer1"), PRE, "fp32", List.of("cat", "dog"), listing);
  }
}
