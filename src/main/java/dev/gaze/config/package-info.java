/**
 * The analysis configuration: one immutable, validated object shared by the CLI, {@code
 * spark-submit} and notebooks, so that every face of Gaze has the same defaults.
 */
package dev.gaze.config;
