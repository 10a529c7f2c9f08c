package dev.gaze.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gaze.Gaze;
import dev.gaze.TestSpark;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.config.InvalidInputException;
import dev.gaze.job.AnalysisResult;
import dev.gaze.source.DatasetFormat;
import dev.gaze.source.ImageRecord;
import dev.gaze.source.RecordIterator;
import dev.gaze.source.Split;
import dev.gaze.source.SplitReader;
import dev.gaze.source.WebDatasetWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same 300 demo images as a WebDataset shard, as Hugging Face-style Parquet (an image struct
 * with bytes and path) and as plain Parquet with other column names: every source gives the same
 * counts and the same statistics.
 */
class SourcesAgreeTest {

  private static final int IMAGES = 300;

  @TempDir static Path tmp;
  static List<ImageRecord> records = new ArrayList<>();
  static String classes;

  @BeforeAll
  static void writeDatasets() throws Exception {
    Path demo = Path.of(System.getProperty("gaze.home"), "data", "fashion-mnist");
    classes = Files.readString(demo.resolve("classes.txt"));
    try (RecordIterator it =
        SplitReader.open(
            Split.ofShards(List.of(demo.resolve("test-000000.tar.gz").toUri().toString())),
            new Configuration())) {
      while (records.size() < IMAGES) {
        records.add(it.next());
      }
    }
    Path wds = Files.createDirectories(tmp.resolve("wds"));
    try (WebDatasetWriter w = WebDatasetWriter.create(wds.resolve("part-000000.tar"))) {
      for (ImageRecord r : records) {
        w.write(r.key(), r.image(), r.label());
      }
    }
    Files.writeString(wds.resolve("classes.txt"), classes);

    SparkSession spark = TestSpark.session();
    StructType hf =
        new StructType()
            .add(
                "image",
                new StructType()
                    .add("bytes", DataTypes.BinaryType)
                    .add("path", DataTypes.StringType))
            .add("label", DataTypes.LongType);
    StructType plain =
        new StructType().add("img", DataTypes.BinaryType).add("y", DataTypes.IntegerType);
    List<Row> hfRows = new ArrayList<>();
    List<Row> plainRows = new ArrayList<>();
    for (ImageRecord r : records) {
      hfRows.add(
          RowFactory.create(RowFactory.create(r.image(), r.key() + ".png"), (long) r.label()));
      plainRows.add(RowFactory.create(r.image(), r.label()));
    }
    spark.createDataFrame(hfRows, hf).repartition(3).write().parquet(tmp.resolve("hf").toString());
    Files.writeString(tmp.resolve("hf/classes.txt"), classes);
    spark
        .createDataFrame(plainRows, plain)
        .repartition(2)
        .write()
        .parquet(tmp.resolve("plain").toString());
  }

  private static AnalysisResult analyze(
      String data, DatasetFormat format, String image, String label) {
    return Gaze.analyze(
        TestSpark.session(),
        AnalysisConfig.builder(tmp.resolve(data).toString())
            .format(format)
            .imageColumn(image)
            .labelColumn(label)
            .out(tmp.resolve("out-" + data).toString())
            .build());
  }

  @Test
  void webDatasetAndBothParquetLayoutsAgree() {
    AnalysisResult wds = analyze("wds", DatasetFormat.WEBDATASET, "image", "label");
    AnalysisResult hf = analyze("hf", DatasetFormat.PARQUET, "image", "label");
    AnalysisResult plain = analyze("plain", DatasetFormat.PARQUET, "img", "y");

    for (AnalysisResult r : List.of(wds, hf, plain)) {
      assertThat(r.summary().imagesSeen()).isEqualTo(IMAGES);
      assertThat(r.summary().imagesFailed()).isZero();
      assertThat(r.summary().correct()).isEqualTo(wds.summary().correct());
    }
    List<Row> expected = wds.activationStats().collectAsList();
    assertThat(expected.get(0).<String>getAs("class_name")).isEqualTo("(all)");
    assertThat(className(hf, 0)).isEqualTo(className(wds, 0)).isEqualTo("T-shirt/top");
    for (AnalysisResult other : List.of(hf, plain)) {
      List<Row> actual = other.activationStats().collectAsList();
      assertThat(actual).hasSameSizeAs(expected);
      for (int i = 0; i < expected.size(); i++) {
        List<Double> a = expected.get(i).getList(expected.get(i).fieldIndex("channel_mean"));
        List<Double> b = actual.get(i).getList(actual.get(i).fieldIndex("channel_mean"));
        for (int k = 0; k < a.size(); k++) {
          assertThat(b.get(k))
              .isCloseTo(a.get(k), within(1e-5 * Math.max(1e-3, Math.abs(a.get(k)))));
        }
      }
    }
    // plain Parquet has no classes.txt beside it: classes are named by their ids
    assertThat(className(plain, 0)).isEqualTo("0");
  }

  private static String className(AnalysisResult result, int classId) {
    return result.activationStats().where("class_id = " + classId).first().getAs("class_name");
  }

  @Test
  void wrongParquetColumnsAreBadArgumentsAndWriteNothing() {
    assertThatThrownBy(() -> analyze("plain", DatasetFormat.PARQUET, "image", "y"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no column 'image'")
        .hasMessageContaining("img, y");
    assertThatThrownBy(() -> analyze("plain", DatasetFormat.PARQUET, "y", "img"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("expected binary");
    assertThat(tmp.resolve("out-plain")).doesNotExist();
  }
}
