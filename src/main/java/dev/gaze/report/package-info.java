/**
 * The last stage of the data flow, on the driver: turns the aggregated tables ({@code
 * activation_stats}, {@code confusion}) into PNG heatmaps and a self-contained HTML report. Pure
 * Java2D and HTML: knows neither Spark nor DJL; {@link dev.gaze.report.ReportRenderer} is the
 * entry.
 */
package dev.gaze.report;
