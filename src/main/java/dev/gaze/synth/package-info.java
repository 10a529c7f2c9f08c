/**
 * Datasets for benchmarks and scale tests: JPEG images of realistic sizes and qualities, either
 * synthetic with class-dependent structure or random crops of real photos ({@link
 * dev.gaze.synth.PhotoCrops}), written as WebDataset shards through {@link
 * dev.gaze.source.WebDatasetWriter}, as an ImageFolder or as Parquet files (Parquet's own writer),
 * byte-identical for the same seed. Stands beside the data flow, feeding its first stage; imports
 * only {@code source}.
 */
package dev.gaze.synth;
