package dev.gaze.aggregate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * Driver-side lookups (class names, head pairs) as literal expressions rather than joined tables of
 * local rows: a join with local rows puts a {@code LocalTableScan} into the stage, which the RAPIDS
 * Accelerator has no GPU version of.
 */
final class Literals {

  private Literals() {}

  /**
   * The class name of the group in column {@code groupColumn}: {@link
   * ActivationStats#ALL_CLASSES_NAME} for {@link ActivationStats#ALL_CLASSES}, {@code
   * classNames[id]} when there is one, else the id as text.
   */
  static Column className(String groupColumn, List<String> classNames) {
    Column group = col(groupColumn);
    Column named = lit(null).cast(DataTypes.StringType);
    if (!classNames.isEmpty()) {
      Column[] values =
          classNames.stream().map(n -> lit(n).cast(DataTypes.StringType)).toArray(Column[]::new);
      named =
          when(group.between(0, classNames.size() - 1), element_at(array(values), group.plus(1)));
    }
    return when(group.equalTo(ActivationStats.ALL_CLASSES), ActivationStats.ALL_CLASSES_NAME)
        .otherwise(coalesce(named, group.cast(DataTypes.StringType)));
  }

  /**
   * Element {@code index} (0-based) of the int list chosen by the value of {@code key}: {@code CASE
   * key WHEN k THEN element_at(array(values_k), index + 1) END}; null for keys not listed.
   */
  static Column lookup(Column key, Column index, java.util.Map<Integer, int[]> valuesByKey) {
    Column out = lit(null).cast(DataTypes.IntegerType);
    for (java.util.Map.Entry<Integer, int[]> e : valuesByKey.entrySet()) {
      if (e.getValue().length == 0) {
        continue;
      }
      Column[] values =
          java.util.Arrays.stream(e.getValue()).mapToObj(v -> lit(v)).toArray(Column[]::new);
      out = when(key.equalTo(e.getKey()), element_at(array(values), index.plus(1))).otherwise(out);
    }
    return out;
  }
}
