package dev.gaze.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gaze.image.DecodedImage;
import dev.gaze.image.ImageDecoder;
import dev.gaze.source.ImageFolder;
import dev.gaze.source.ImageRecord;
import dev.gaze.source.RecordIterator;
import dev.gaze.source.Split;
import dev.gaze.source.SplitReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthShardsTest {

  @TempDir Path tmp;

  private static final SynthSpec SPEC = new SynthSpec(23, 5, 10, 7, 300, 500, 75, 95);

  private static List<ImageRecord> read(List<Path> shards) throws Exception {
    List<ImageRecord> records = new ArrayList<>();
    for (Path shard : shards) {
      try (RecordIterator it =
          SplitReader.open(Split.ofShards(List.of(shard.toString())), new Configuration())) {
        it.forEachRemaining(records::add);
      }
    }
    return records;
  }

  @Test
  void sameSeedGivesByteIdenticalShardsAndAnotherSeedOthers() throws Exception {
    List<Path> a = SynthShards.write(SPEC, tmp.resolve("a"));
    List<Path> b = SynthShards.write(SPEC, tmp.resolve("b"));
    SynthSpec other = new SynthSpec(23, 5, 10, 8, 300, 500, 75, 95);
    List<Path> c = SynthShards.write(other, tmp.resolve("c"));
    assertThat(a)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("synth-000000.tar", "synth-000001.tar", "synth-000002.tar");
    for (int i = 0; i < a.size(); i++) {
      assertThat(Files.readAllBytes(b.get(i))).isEqualTo(Files.readAllBytes(a.get(i)));
      assertThat(Files.readAllBytes(c.get(i))).isNotEqualTo(Files.readAllBytes(a.get(i)));
    }
    assertThat(Files.readAllLines(tmp.resolve("a/classes.txt")))
        .containsExactly("disc-0000", "square-0001", "triangle-0002", "ring-0003", "cross-0004");
  }

  @Test
  void imagesAreJpegsOfTheGivenSizesWithLabelsInOrder() throws Exception {
    List<ImageRecord> records = read(SynthShards.write(SPEC, tmp.resolve("s")));
    assertThat(records).hasSize(23);
    Set<String> sizes = new HashSet<>();
    for (int i = 0; i < records.size(); i++) {
      ImageRecord r = records.get(i);
      assertThat(r.isBroken()).as(r.problem()).isFalse();
      assertThat(r.key()).isEqualTo(String.format("%08d", i));
      assertThat(r.label()).isEqualTo(i % 5);
      // JPEG SOI marker, then JFIF APP0
      assertThat(r.image()[0] & 0xff).isEqualTo(0xff);
      assertThat(r.image()[1] & 0xff).isEqualTo(0xd8);
      DecodedImage image = ImageDecoder.decode(r.image(), ImageDecoder.DEFAULT_MAX_PIXELS);
      assertThat(image.channels()).isEqualTo(3);
      assertThat(image.width()).isBetween(300, 500);
      assertThat(image.height()).isBetween(300, 500);
      sizes.add(image.width() + "x" + image.height());
    }
    assertThat(sizes).as("varied sizes and aspects").hasSizeGreaterThan(15);
  }

  @Test
  void contentHasStructureAndClassesDiffer() throws Exception {
    SynthSpec spec = new SynthSpec(20, 2, 20, 3, 300, 300, 90, 90);
    List<ImageRecord> records = read(SynthShards.write(spec, tmp.resolve("s")));
    // Per class, the mean colour of the image centre (where the object is); per image, the
    // spread of grey values (a flat image would have none).
    double[][] centre = new double[2][3];
    for (ImageRecord r : records) {
      DecodedImage image = ImageDecoder.decode(r.image(), ImageDecoder.DEFAULT_MAX_PIXELS);
      double sum = 0;
      double sq = 0;
      int n = 0;
      for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2) {
          double v = image.get(0, y, x);
          sum += v;
          sq += v * v;
          n++;
        }
      }
      double std = Math.sqrt(sq / n - (sum / n) * (sum / n));
      assertThat(std).as("spread of red in " + r.key()).isGreaterThan(0.05);
      for (int ch = 0; ch < 3; ch++) {
        centre[r.label()][ch] += image.get(ch, 150, 150) / 10;
      }
    }
    double distance = 0;
    for (int ch = 0; ch < 3; ch++) {
      distance += Math.abs(centre[0][ch] - centre[1][ch]);
    }
    assertThat(distance).as("class 0 and 1 centre colours differ").isGreaterThan(0.2);
  }

  /** Two of the real photos jobs/setup unpacks (a PNG and a JPEG), in a folder of their own. */
  private Path twoPhotos() throws Exception {
    Path photos = Path.of(System.getProperty("user.home"), ".cache", "gaze", "photos");
    Path dir = Files.createDirectories(tmp.resolve("photos"));
    for (String name : List.of("chelsea.png", "dog.jpg")) {
      assertThat(photos.resolve(name)).as("run jobs/setup").exists();
      Files.copy(photos.resolve(name), dir.resolve(name));
    }
    return dir;
  }

  @Test
  void photoCropsAreRealPhotoJpegsOfTheDrawnSizesOneClassAPhotoInEveryFormat() throws Exception {
    PhotoCrops photos = PhotoCrops.load(twoPhotos());
    assertThat(photos.classNames()).containsExactly("chelsea", "dog");
    SynthSpec spec = new SynthSpec(9, 10, 4, 5, 300, 500, 75, 95);
    List<ImageRecord> shards =
        read(SynthShards.write(spec, photos, SynthFormat.WEBDATASET, tmp.resolve("wds")));
    assertThat(Files.readAllLines(tmp.resolve("wds/classes.txt")))
        .containsExactly("chelsea", "dog");
    assertThat(shards).hasSize(9);
    Set<String> sizes = new HashSet<>();
    for (int i = 0; i < shards.size(); i++) {
      ImageRecord r = shards.get(i);
      assertThat(r.label()).isEqualTo(i % 2);
      DecodedImage image = ImageDecoder.decode(r.image(), ImageDecoder.DEFAULT_MAX_PIXELS);
      assertThat(image.channels()).isEqualTo(3);
      assertThat(image.width()).isBetween(300, 500);
      assertThat(image.height()).isBetween(300, 500);
      sizes.add(image.width() + "x" + image.height());
    }
    assertThat(sizes).hasSizeGreaterThan(5);
    // Crops of one photo differ (place, size, mirror); the two photos' crops differ in colour:
    // the cat photo is warmer (more red than blue) on average than the dog photo's.
    assertThat(shards.get(0).image()).isNotEqualTo(shards.get(2).image());
    double[] redMinusBlue = new double[2];
    for (ImageRecord r : shards) {
      DecodedImage image = ImageDecoder.decode(r.image(), ImageDecoder.DEFAULT_MAX_PIXELS);
      double d = 0;
      for (int y = 0; y < image.height(); y += 4) {
        for (int x = 0; x < image.width(); x += 4) {
          d += image.get(0, y, x) - image.get(2, y, x);
        }
      }
      redMinusBlue[r.label()] += d;
    }
    assertThat(redMinusBlue[0]).isNotEqualTo(redMinusBlue[1]);

    // The ImageFolder holds the same bytes under the photos' names, in torchvision's order.
    SynthShards.write(spec, photos, SynthFormat.IMAGEFOLDER, tmp.resolve("folder"));
    ImageFolder.Listing listing =
        ImageFolder.list(tmp.resolve("folder").toString(), new Configuration());
    assertThat(listing.entries()).hasSize(9);
    try (Stream<Path> files = Files.walk(tmp.resolve("folder"))) {
      assertThat(
              files
                  .filter(Files::isRegularFile)
                  .map(p -> tmp.resolve("folder").relativize(p).toString()))
          .contains("chelsea/00000000.jpg", "dog/00000001.jpg", "chelsea/00000008.jpg")
          .hasSize(9);
    }
    assertThat(Files.readAllBytes(tmp.resolve("folder/dog/00000003.jpg")))
        .isEqualTo(shards.get(3).image());

    // The Parquet files hold key, bytes and label, row by row, and classes.txt beside them.
    List<Path> files = SynthShards.write(spec, photos, SynthFormat.PARQUET, tmp.resolve("pq"));
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("synth-000000.parquet", "synth-000001.parquet", "synth-000002.parquet");
    try (Stream<Path> all = Files.list(tmp.resolve("pq"))) {
      assertThat(all.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "classes.txt",
              "synth-000000.parquet",
              "synth-000001.parquet",
              "synth-000002.parquet");
    }
    TreeMap<String, Group> rows = new TreeMap<>();
    for (Path file : files) {
      try (ParquetReader<Group> reader =
          ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
              .build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          rows.put(g.getString("__key__", 0), g);
        }
      }
    }
    assertThat(rows).hasSize(9);
    for (int i = 0; i < 9; i++) {
      Group g = rows.get(String.format("%08d", i));
      assertThat(g.getInteger("label", 0)).isEqualTo(i % 2);
      assertThat(g.getBinary("image", 0).getBytes()).isEqualTo(shards.get(i).image());
    }
  }

  @Test
  void formatsAreParsedWithoutRegardToCaseAndAnUnknownOneNamesTheValid() {
    assertThat(SynthFormat.parse("ImageFolder")).isEqualTo(SynthFormat.IMAGEFOLDER);
    assertThat(SynthFormat.parse("parquet")).isEqualTo(SynthFormat.PARQUET);
    assertThatThrownBy(() -> SynthFormat.parse("tfrecord"))
        .hasMessage("--format 'tfrecord' is not valid; valid: webdataset, imagefolder, parquet");
  }

  @Test
  void badSpecsAreRefusedWithWhatIsValid() {
    assertThatThrownBy(() -> new SynthSpec(0, 5, 10, 0, 300, 500, 75, 95))
        .hasMessageContaining("--images 0");
    assertThatThrownBy(() -> new SynthSpec(10, 5, 10, 0, 500, 300, 75, 95))
        .hasMessageContaining("min-side <= max-side");
    assertThatThrownBy(() -> new SynthSpec(10, 5, 10, 0, 300, 500, 95, 101))
        .hasMessageContaining("1 <= LO <= HI <= 100");
    assertThatThrownBy(() -> SynthSpec.perShardFor(10, 11)).hasMessageContaining("--shards 11");
    assertThat(SynthSpec.perShardFor(10, 3)).isEqualTo(4);
    assertThat(new SynthSpec(10, 5, 4, 0, 300, 500, 75, 95).shards()).isEqualTo(3);
  }
}
