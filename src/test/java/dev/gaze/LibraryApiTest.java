package dev.gaze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gaze.config.AnalysisConfig;
import dev.gaze.config.InvalidInputException;
import dev.gaze.job.AnalysisResult;
import dev.gaze.source.DatasetFormat;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library entry point as a notebook or an application uses it. */
class LibraryApiTest {

  @TempDir Path tmp;

  @Test
  void builderTakesNamesAndRefusesWhatTheCliRefuses() {
    AnalysisConfig config =
        AnalysisConfig.builder("x").format("ImageFolder").taps("stem", "stage3").build();
    assertThat(config.format()).isEqualTo(DatasetFormat.IMAGEFOLDER);
    assertThat(config.taps()).containsExactly("stem", "stage3");
    assertThat(config.model()).isEqualTo(AnalysisConfig.DEFAULT_MODEL);
    assertThat(config.batchSize()).isEqualTo(AnalysisConfig.DEFAULT_BATCH_SIZE);
    assertThat(config.out()).isNull();
    assertThatThrownBy(() -> AnalysisConfig.builder("x").format("tar"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("valid: webdataset, imagefolder, parquet");
    assertThatThrownBy(() -> AnalysisConfig.builder("x").keepPerImage(true).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--keep-per-image needs --out");
  }

  @Test
  void analyzeWithoutOutputReturnsKeptTablesAndLeavesNoFiles() {
    SparkSession spark = TestSpark.session();
    File localDir =
        new File(spark.conf().get("spark.local.dir", System.getProperty("java.io.tmpdir")));
    String[] before = localDir.list((d, n) -> n.startsWith("gaze-"));
    AnalysisResult result =
        Gaze.analyze(
            spark,
            AnalysisConfig.builder(
                    Gaze.home().resolve("data/fashion-mnist/test-000003.tar.gz").toString())
                .taps("stem", "stage3")
                .build());
    assertThat(result.out()).isNull();
    assertThat(result.summary().imagesSeen()).isEqualTo(1000);
    assertThat(result.facts().taps()).containsExactly("stem", "stage3");
    assertThat(result.facts().classNames()).hasSize(10).contains("Ankle boot");
    assertThat(result.activationStats().storageLevel().useMemory()).isTrue();
    assertThat(result.activationStats().count()).isEqualTo(11 * 2);
    long total = 0;
    for (Row r : result.confusion().collectAsList()) {
      total += r.getLong(r.fieldIndex("images"));
    }
    assertThat(total).isEqualTo(1000);
    assertThat(localDir.list((d, n) -> n.startsWith("gaze-"))).containsExactlyInAnyOrder(before);

    String html = Gaze.reportHtml(result);
    Matcher m = Pattern.compile("src=\"data:image/png;base64,").matcher(html);
    int images = 0;
    while (m.find()) {
      images++;
    }
    assertThat(images).isEqualTo(2 * 3 + 1);
    assertThat(html).contains("stage3").doesNotContain("stage2");
    result.unpersist();
    assertThat(result.activationStats().storageLevel().useMemory()).isFalse();
  }

  @Test
  void loadReadsAWrittenAnalysisBack() {
    SparkSession spark = TestSpark.session();
    String out = tmp.resolve("run").toString();
    AnalysisResult written =
        Gaze.analyze(
            spark,
            AnalysisConfig.builder(
                    Gaze.home().resolve("data/fashion-mnist/test-000004.tar.gz").toString())
                .taps(List.of("stage1"))
                .batchSize(250)
                .out(out)
                .build());
    AnalysisResult loaded = Gaze.load(spark, out);
    assertThat(loaded.facts()).isEqualTo(written.facts());
    assertThat(loaded.summary().imagesAnalyzed()).isEqualTo(written.summary().imagesAnalyzed());
    assertThat(loaded.summary().correct()).isEqualTo(written.summary().correct());
    assertThat(loaded.activationStats().count()).isEqualTo(11);
    assertThatThrownBy(() -> Gaze.load(spark, tmp.toString()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no run.json");
  }
}
