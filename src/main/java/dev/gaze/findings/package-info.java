/**
 * Between aggregation and the report, on the driver: detectors that read the small aggregated
 * tables (as plain Java values) and say what they saw, as ranked {@link dev.gaze.findings.Finding}
 * rows. Pure Java: knows neither Spark nor DJL; {@link dev.gaze.findings.Findings} is the entry.
 */
package dev.gaze.findings;
