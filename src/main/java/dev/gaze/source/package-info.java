/**
 * The first stage of the data flow: turns a dataset on any Hadoop file system (WebDataset shards,
 * an ImageFolder tree; Parquet is read by the Spark job) into {@link dev.gaze.source.ImageRecord}s
 * of still-encoded image bytes and labels, broken samples included as records with a reason.
 *
 * <p>{@link dev.gaze.source.DatasetPlan} plans on the driver; {@link dev.gaze.source.SplitReader}
 * reads one split lazily inside an executor task. Knows Hadoop's FileSystem API, not Spark's.
 */
package dev.gaze.source;
