package dev.gaze.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gaze.TestSpark;
import dev.gaze.findings.AttentionRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Reading the attention tables back into the rows the detectors read. */
class FindingsTableTest {

  @Test
  void aRolloutRowGetsTheBorderShareOfItsMap() {
    StructType schema =
        new StructType()
            .add("class_id", DataTypes.IntegerType)
            .add("class_name", DataTypes.StringType)
            .add("images", DataTypes.LongType)
            .add("grid_h", DataTypes.IntegerType)
            .add("grid_w", DataTypes.IntegerType)
            .add("rollout", DataTypes.createArrayType(DataTypes.DoubleType));
    // a 4x4 grid: 12 ring patches, 4 inner; the ring carries 0.01 * (1 + ... + 12) by hand
    List<Double> map = new ArrayList<>();
    double ring = 0;
    for (int i = 0; i < 16; i++) {
      int y = i / 4;
      int x = i % 4;
      boolean inner = y > 0 && y < 3 && x > 0 && x < 3;
      double v = inner ? 0.1 : 0.01 * (map.size() + 1);
      if (!inner) {
        ring += v;
      }
      map.add(v);
    }
    Row row =
        TestSpark.session()
            .createDataFrame(List.of(RowFactory.create(3, "three", 10L, 4, 4, map)), schema)
            .collectAsList()
            .get(0);
    AttentionRow parsed = FindingsTable.attention(row, true);
    assertThat(parsed.head()).isEqualTo(-1);
    assertThat(parsed.tap()).isEqualTo("rollout");
    assertThat(parsed.borderFraction()).isCloseTo(ring, within(1e-12));
    assertThat(parsed.uniformBorderShare()).isCloseTo(12.0 / 16, within(1e-12));
  }
}
