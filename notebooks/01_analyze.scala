// Databricks notebook source
// MAGIC %md
// MAGIC # Gaze 1: analyse a dataset
// MAGIC
// MAGIC Runs Gaze's hooked inference over a labelled image dataset on the attached cluster and writes
// MAGIC the per-class tables (`activation_stats/`, `confusion/`, `errors/`, `run.json`) to **output**.
// MAGIC Then open `02_explore` with the same output to look at them.
// MAGIC
// MAGIC The cluster needs Gaze's JAR as a library (see `conf/databricks/` in the repository). With the
// MAGIC defaults the notebook analyses the embedded Fashion-MNIST test split (10,000 images) with the
// MAGIC built-in `demo-cnn`: `demo` stands for `data/fashion-mnist` under Gaze's home folder
// MAGIC (`-Dgaze.home`); on a cluster, copy that folder to a volume or DBFS and give its path instead.

// COMMAND ----------

dbutils.widgets.text("dataset", "demo", "Dataset (path, glob, brace pattern, or demo)")
dbutils.widgets.dropdown("format", "webdataset", Seq("webdataset", "imagefolder", "parquet"), "Format")
dbutils.widgets.text("model", "demo-cnn", "Model")
dbutils.widgets.text("output", "/tmp/gaze/notebook-run", "Output directory (replaced)")

// COMMAND ----------

// MAGIC %md
// MAGIC ## The configuration
// MAGIC
// MAGIC `AnalysisConfig` has the command line's defaults and is checked once, here: a wrong format,
// MAGIC model or tap stops the notebook with one line naming what would be valid. `Gaze.prepare`
// MAGIC also checks the dataset and the output path before anything runs.

// COMMAND ----------

import dev.gaze.Gaze
import dev.gaze.config.AnalysisConfig

val datasetWidget = dbutils.widgets.get("dataset").trim
val dataset = if (datasetWidget == "demo") Gaze.demoDataset() else datasetWidget
val output = dbutils.widgets.get("output").trim

val config = AnalysisConfig
  .builder(dataset)
  .format(dbutils.widgets.get("format"))
  .model(dbutils.widgets.get("model").trim)
  .out(output)
  .overwrite(true)
  .build()

val prepared = Gaze.prepare(config)
println(s"Model ${prepared.model.name}, taps ${prepared.taps}, ${prepared.plan.splits.size} input partitions, " +
  s"${prepared.plan.classes.size} classes")

// COMMAND ----------

// MAGIC %md
// MAGIC ## The run
// MAGIC
// MAGIC Two Spark stages: inference (one task per shard, described as `gaze: inference ...` in the
// MAGIC progress bars below the cell and in the Spark UI) and the per-class aggregation
// MAGIC (`gaze: aggregation`). The output appears complete or not at all.

// COMMAND ----------

val result = prepared.run(spark)
val summary = result.summary
println(f"Analysed ${summary.imagesAnalyzed}%d of ${summary.imagesSeen}%d images " +
  f"(${summary.imagesFailed}%d failed) in ${summary.wallSeconds}%.1f s; top-1 ${100 * summary.top1}%.2f%%")

// COMMAND ----------

// MAGIC %md
// MAGIC ## Run summary

// COMMAND ----------

import spark.implicits._

val runSummary = Seq(
  ("dataset", dataset),
  ("model", result.facts.model),
  ("taps", String.join(", ", result.facts.taps)),
  ("classes", result.facts.classNames.size.toString),
  ("images seen", summary.imagesSeen.toString),
  ("images analysed", summary.imagesAnalyzed.toString),
  ("images failed", summary.imagesFailed.toString),
  ("top-1", f"${100 * summary.top1}%.2f%%"),
  ("wall seconds", f"${summary.wallSeconds}%.1f"),
  ("output", result.out)
).toDF("what", "value")
display(runSummary)

// COMMAND ----------

// MAGIC %md
// MAGIC Records that could not be analysed (an undecodable image, a bad label) are rows of the
// MAGIC `errors` table, not failures of the run:

// COMMAND ----------

display(result.errors.limit(100))
