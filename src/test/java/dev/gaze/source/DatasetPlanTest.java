package dev.gaze.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetPlanTest {

  @TempDir Path dir;
  private final Configuration conf = new Configuration();

  private void shards(int count) throws IOException {
    for (int s = 0; s < count; s++) {
      try (WebDatasetWriter w =
          WebDatasetWriter.create(dir.resolve(String.format("p-%06d.tar", s)))) {
        for (int i = 0; i < 3; i++) {
          w.write(String.format("p-%06d", s * 3 + i), TestTars.bytes(20, s * 3 + i), i);
        }
      }
    }
    Files.writeString(dir.resolve("classes.txt"), "zero\none\ntwo\n");
  }

  private static List<ImageRecord> read(Split split, Configuration conf) {
    List<ImageRecord> out = new ArrayList<>();
    try (RecordIterator it = SplitReader.open(split, conf)) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void webDatasetOneSplitPerShardAndClassesBesideThem() throws IOException {
    shards(5);
    DatasetPlan plan = DatasetPlan.plan(DatasetFormat.WEBDATASET, dir.toString(), 10, null, conf);
    assertThat(plan.format()).isEqualTo(DatasetFormat.WEBDATASET);
    assertThat(plan.path()).isEqualTo(dir.toString());
    assertThat(plan.splits()).hasSize(5);
    assertThat(plan.splits().get(4).shards())
        .containsExactly("file:" + dir.resolve("p-000004.tar"));
    assertThat(plan.classes().names()).containsExactly("zero", "one", "two");
    assertThat(read(plan.splits().get(1), conf))
        .extracting(ImageRecord::key)
        .containsExactly("p-000003", "p-000004", "p-000005");
  }

  @Test
  void fewerPartitionsThanShardsGroupsShardsInOrder() throws IOException {
    shards(5);
    ClassNames given = ClassNames.of(List.of("a", "b", "c"));
    DatasetPlan plan =
        DatasetPlan.plan(DatasetFormat.WEBDATASET, dir + "/p-{000000..000004}.tar", 2, given, conf);
    assertThat(plan.splits()).extracting(s -> s.shards().size()).containsExactly(2, 3);
    assertThat(plan.classes()).isEqualTo(given);
    List<ImageRecord> all = new ArrayList<>();
    for (Split split : plan.splits()) {
      all.addAll(read(split, conf));
    }
    assertThat(all).hasSize(15).noneMatch(ImageRecord::isBroken);
    for (int i = 0; i < 15; i++) {
      assertThat(all.get(i).key()).isEqualTo(String.format("p-%06d", i));
      assertThat(all.get(i).image()).isEqualTo(TestTars.bytes(20, i));
    }
  }

  @Test
  void imageFolderGroupsFilesIntoTheAskedPartitions() throws IOException {
    for (String f :
        List.of("b/1.png", "a/1.png", "a/2.png", "a/3.png", "b/2.png", "c/x.txt", "c/y.jpg")) {
      Path p = dir.resolve(f);
      Files.createDirectories(p.getParent());
      Files.writeString(p, f);
    }
    DatasetPlan plan = DatasetPlan.plan(DatasetFormat.IMAGEFOLDER, dir.toString(), 3, null, conf);
    assertThat(plan.classes().names()).containsExactly("a", "b", "c");
    assertThat(plan.splits()).extracting(s -> s.files().size()).containsExactly(2, 2, 3);
    List<ImageRecord> all = new ArrayList<>();
    for (Split split : plan.splits()) {
      all.addAll(read(split, conf));
    }
    assertThat(all)
        .extracting(ImageRecord::key)
        .containsExactly(
            "a/1.png", "a/2.png", "a/3.png", "b/1.png", "b/2.png", "c/x.txt", "c/y.jpg");
    assertThat(all).extracting(ImageRecord::label).containsExactly(0, 0, 0, 1, 1, 2, 2);
    assertThat(all.get(5).isBroken()).isTrue();

    assertThatThrownBy(
            () ->
                DatasetPlan.plan(
                    DatasetFormat.IMAGEFOLDER,
                    dir.toString(),
                    3,
                    ClassNames.of(List.of("x")),
                    conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("list 1 classes but")
        .hasMessageContaining("has 3 class folders");
  }

  @Test
  void badArgumentsAreRefused() {
    assertThatThrownBy(() -> DatasetPlan.plan(DatasetFormat.PARQUET, dir.toString(), 1, null, conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("planned by the Spark job");
    assertThatThrownBy(
            () -> DatasetPlan.plan(DatasetFormat.WEBDATASET, dir.toString(), 0, null, conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> DatasetFormat.parse("tar"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown format 'tar'; valid: webdataset, imagefolder, parquet");
    assertThat(DatasetFormat.parse(" WebDataset ")).isEqualTo(DatasetFormat.WEBDATASET);
    assertThat(DatasetFormat.parse("imagefolder")).isEqualTo(DatasetFormat.IMAGEFOLDER);
    assertThat(DatasetFormat.parse("parquet")).isEqualTo(DatasetFormat.PARQUET);
  }

  @Test
  void plansSurviveJavaAndKryoSerialization() throws Exception {
    shards(3);
    Files.createDirectories(dir.resolve("if/k"));
    Files.writeString(dir.resolve("if/k/a.jpg"), "x");
    List<Object> values =
        List.of(
            DatasetPlan.plan(DatasetFormat.WEBDATASET, dir.toString(), 2, null, conf),
            DatasetPlan.plan(
                DatasetFormat.IMAGEFOLDER, dir.resolve("if").toString(), 2, null, conf),
            ClassNames.none(),
            ClassNames.of(List.of("a", "b")));
    Kryo kryo = new KryoSerializer(new SparkConf(false)).newKryo();
    for (Object value : values) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(value);
      }
      Object java =
          new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
      assertThat(java).isEqualTo(value);

      Output out = new Output(1024, -1);
      kryo.writeClassAndObject(out, value);
      Object viaKryo = kryo.readClassAndObject(new Input(out.toBytes()));
      assertThat(viaKryo).isEqualTo(value);
    }
  }
}
