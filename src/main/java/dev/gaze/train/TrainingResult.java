package dev.gaze.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a {@link DemoTrainer} run did.
 *
 * @param model the model trained ({@code demo-cnn})
 * @param epochs passes over the training images
 * @param batchSize images per step
 * @param seed the random seed (initialisation, shuffling, augmentation)
 * @param trainImages number of training images
 * @param testImages number of test images evaluated
 * @param epochLoss mean training loss of each epoch
 * @param testTop1 top-1 accuracy on the test images, from the saved parameters
 * @param seconds wall time of training (without loading data and evaluating)
 * @param parameters where the parameters were saved
 */
public record TrainingResult(
    String model,
    int epochs,
    int batchSize,
    long seed,
    int trainImages,
    int testImages,
    List<Double> epochLoss,
    double testTop1,
    double seconds,
    Path parameters) {

  /** Copies the loss list. */
  public TrainingResult {
    epochLoss = List.copyOf(epochLoss);
  }

  /** The facts as one JSON object (the format of the committed {@code training.json}). */
  public String toJson(String engineVersion, String djlVersion) {
    StringBuilder losses = new StringBuilder();
    for (double l : epochLoss) {
      losses.append(losses.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.5f", l));
    }
    return String.format(
        Locale.ROOT,
        "{\n  \"model\": \"%s\",\n  \"epochs\": %d,\n  \"batch_size\": %d,\n  \"seed\": %d,\n"
            + "  \"train_images\": %d,\n  \"test_images\": %d,\n  \"epoch_loss\": [%s],\n"
            + "  \"test_top1\": %.4f,\n  \"seconds\": %.1f,\n  \"djl\": \"%s\",\n"
            + "  \"pytorch\": \"%s\"\n}\n",
        model,
        epochs,
        batchSize,
        seed,
        trainImages,
        testImages,
        losses,
        testTop1,
        seconds,
        djlVersion,
        engineVersion);
  }
}
