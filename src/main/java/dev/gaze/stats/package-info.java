/**
 * Pure math on attention, in double precision and free of Spark and DJL: the definitions of the
 * attention statistics (class-token maps, entropy, attention distance, border fraction, rollout,
 * head similarity) that the device reductions of {@code dev.gaze.reduce} compute in float32 and the
 * tests check them against. Depends on no other Gaze package.
 */
package dev.gaze.stats;
