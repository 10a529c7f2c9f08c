/**
 * The image stage: bytes from the source stage are decoded with a pixel guard ({@link
 * dev.gaze.image.ImageDecoder}, failures as {@link dev.gaze.image.ImageProblem} for the errors
 * table) and preprocessed to a model's {@link dev.gaze.image.InputSpec} ({@link
 * dev.gaze.image.Preprocessor}) before the model stage runs. No Spark, no DJL; the native JPEG and
 * PNG decoders come through JavaCPP ({@link dev.gaze.image.NativeCodecs}).
 */
package dev.gaze.image;
