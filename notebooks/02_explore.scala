// Databricks notebook source
// MAGIC %md
// MAGIC # Gaze 2: explore an analysis
// MAGIC
// MAGIC Loads the tables `01_analyze` wrote (or any `gaze analyze --out` folder) and shows the classes
// MAGIC the model gets wrong, the channels that never fire, and, where the model has attention taps
// MAGIC (tables `attention_stats/` and `head_similarity/`), the heads that duplicate each other and
// MAGIC the classes whose attention goes to the image border. Ends with the report's heatmaps inline.
// MAGIC The default **results** is `01_analyze`'s default output.

// COMMAND ----------

dbutils.widgets.text("results", "/tmp/gaze/notebook-run", "Analysis output directory")

// COMMAND ----------

import dev.gaze.Gaze
import org.apache.spark.sql.functions._

val resultsDir = dbutils.widgets.get("results").trim
val analysis = Gaze.load(spark, resultsDir)
val stats = analysis.activationStats
val confusion = analysis.confusion
val summary = analysis.summary
println(f"${analysis.facts.model}: ${summary.imagesAnalyzed}%d images of ${analysis.facts.dataset}, " +
  f"top-1 ${100 * summary.top1}%.2f%%, taps ${String.join(", ", analysis.facts.taps)}")

// COMMAND ----------

// MAGIC %md
// MAGIC ## The worst classes
// MAGIC
// MAGIC Per true class: its images, how many the model got right, and the class it most often took
// MAGIC it for instead.

// COMMAND ----------

val classNames = stats.where(col("class_id") >= 0).select("class_id", "class_name").distinct()
val perClass = confusion
  .groupBy("class_id")
  .agg(
    sum("images").as("images"),
    sum(when(col("class_id") === col("predicted_id"), col("images")).otherwise(0L)).as("correct"))
  .withColumn("accuracy", round(col("correct") / col("images"), 4))
val mistakes = confusion
  .where(col("class_id") =!= col("predicted_id"))
  .groupBy("class_id")
  .agg(max(struct(col("images"), col("predicted_id"))).as("top"))
  .select(col("class_id"), col("top.predicted_id").as("mistaken_for_id"), col("top.images").as("mistaken_images"))
val mistakenNames = classNames.select(col("class_id").as("mistaken_for_id"), col("class_name").as("mistaken_for"))
val worstClasses = perClass
  .join(classNames, Seq("class_id"), "left")
  .join(mistakes, Seq("class_id"), "left")
  .join(mistakenNames, Seq("mistaken_for_id"), "left")
  .select("class_id", "class_name", "images", "correct", "accuracy", "mistaken_for", "mistaken_images")
  .orderBy(col("accuracy"), col("class_id"))
display(worstClasses.limit(10))

// COMMAND ----------

// MAGIC %md
// MAGIC ## Dead channels
// MAGIC
// MAGIC A channel is dead when it is `<= 0` at every position of every image (`channel_zero_fraction`
// MAGIC of the dataset-wide row is 1): it carries nothing to the next layer.

// COMMAND ----------

val deadThreshold = 0.9999
val datasetWide = stats.where(col("class_id") === -1)
val deadChannels = datasetWide
  .select(col("tap"), posexplode(col("channel_zero_fraction")).as(Seq("channel", "zero_fraction")))
  .where(col("zero_fraction") >= deadThreshold)
val deadPerTap = datasetWide
  .select("tap", "channels")
  .join(
    deadChannels.groupBy("tap").agg(count(lit(1)).as("dead"), sort_array(collect_list("channel")).as("dead_channels")),
    Seq("tap"),
    "left")
  .na.fill(0L, Seq("dead"))
  .withColumn("dead_fraction", round(col("dead") / col("channels"), 4))
  .orderBy("tap")
display(deadPerTap)

// COMMAND ----------

// MAGIC %md
// MAGIC ## Attention: redundant heads and border-heavy classes
// MAGIC
// MAGIC Only for models with attention taps, whose runs write `attention_stats/` (per class, tap and
// MAGIC head: how the class token's attention spreads, and the fraction of it on the border patches)
// MAGIC and `head_similarity/` (per tap, the cosine similarity of two heads' mean attention maps).
// MAGIC Without those tables the cells below say so and show nothing else.

// COMMAND ----------

def resultTable(name: String): Option[org.apache.spark.sql.DataFrame] = {
  val path = new org.apache.hadoop.fs.Path(resultsDir, name)
  val fs = path.getFileSystem(spark.sparkContext.hadoopConfiguration)
  if (fs.exists(path)) Some(spark.read.parquet(path.toString)) else None
}

def note(text: String): Unit =
  displayHTML(s"<p style='font-family:sans-serif;color:#555'><b>Note:</b> $text</p>")

val headSimilarity = resultTable("head_similarity")
val attentionStats = resultTable("attention_stats")

// COMMAND ----------

val redundantCosine = 0.95
headSimilarity match {
  case Some(similarity) =>
    val redundantHeads = similarity
      .where(col("cosine") >= redundantCosine)
      .select(col("tap"), col("head_a"), col("head_b"), round(col("cosine"), 4).as("cosine"))
      .orderBy(col("cosine").desc, col("tap"), col("head_a"), col("head_b"))
    display(redundantHeads)
  case None =>
    note(s"no head_similarity table in $resultsDir: the model has no attention taps, so there are no heads to compare.")
}

// COMMAND ----------

attentionStats match {
  case Some(attention) =>
    val borderHeavy = attention
      .where(col("class_id") >= 0)
      .groupBy("class_id", "class_name")
      .agg(
        round(avg("border_fraction"), 4).as("border_fraction"),
        round(max("border_fraction"), 4).as("max_head_border_fraction"),
        max("images").as("images"))
      .orderBy(col("border_fraction").desc, col("class_id"))
    display(borderHeavy.limit(10))
  case None =>
    note(s"no attention_stats table in $resultsDir: the model has no attention taps, so there is no attention to look at.")
}

// COMMAND ----------

// MAGIC %md
// MAGIC ## Heatmaps
// MAGIC
// MAGIC The report `gaze render` writes, rendered from the tables above and shown inline (the PNGs are
// MAGIC embedded in the page): per tap the per-class mean feature maps, the class x channel means and
// MAGIC the dead channels, then the confusion matrix.

// COMMAND ----------

displayHTML(Gaze.reportHtml(analysis))
