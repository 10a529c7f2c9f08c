/**
 * Synthetic ImageNet-like datasets for benchmarks and scale tests: JPEG images of realistic sizes,
 * qualities and class-dependent structure, written as WebDataset shards through {@link
 * dev.gaze.source.WebDatasetWriter}, byte-identical for the same seed. Stands beside the data flow,
 * feeding its first stage; imports only {@code source}.
 */
package dev.gaze.synth;
