/**
 * Per-class aggregation of the per-image rows, in Spark SQL built-ins only (no UDAFs, no typed
 * Dataset operations), so that the RAPIDS Accelerator can run this stage on a GPU; and the schemas
 * of every table Gaze writes.
 *
 * <p>Data flow: job (per-image rows) -&gt; <b>aggregate</b> -&gt; Parquet -&gt; report.
 */
package dev.gaze.aggregate;
