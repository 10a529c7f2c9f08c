/**
 * The image stage: bytes from the source stage are decoded with a pixel guard ({@link
 * dev.gaze.image.ImageDecoder}, failures as {@link dev.gaze.image.ImageProblem} for the errors
 * table) and preprocessed to a model's {@link dev.gaze.image.InputSpec} ({@link
 * dev.gaze.image.Preprocessor}) before the model stage runs. Pure Java: no Spark, no DJL.
 */
package dev.gaze.image;
