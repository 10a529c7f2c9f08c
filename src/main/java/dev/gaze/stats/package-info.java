/**
 * Pure math on attention, in double precision and free of Spark and DJL: the definitions of the
 * attention statistics (class-token maps, entropy, attention distance, border fraction, rollout,
 * head similarity) that the device reductions of {@code dev.gaze.reduce} compute in float32 and the
 * tests check them against; and the merge of counts, means and standard deviations ({@link
 * dev.gaze.stats.Moments}) that {@code gaze merge} combines runs' tables with. Depends on no other
 * Gaze package.
 */
package dev.gaze.stats;
