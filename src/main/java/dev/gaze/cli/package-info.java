/**
 * The command line ({@code jobs/gaze <command>}, also the main class under {@code spark-submit}):
 * argument parsing with picocli and calls into {@link dev.gaze.Gaze}; nothing else. Bad arguments
 * exit with code 2 and one line, before any Spark or engine work starts.
 */
package dev.gaze.cli;
