package dev.gaze.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.gaze.image.InputSpec;
import dev.gaze.model.BuiltinModels;
import dev.gaze.model.DemoCnn;
import dev.gaze.model.DemoVit;
import dev.gaze.model.HookedModel;
import dev.gaze.model.ModelInfo;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains a built-in model ({@code demo-cnn} or {@code demo-vit}) on Fashion-MNIST on the CPU: Adam
 * with a cosine learning rate schedule, softmax cross-entropy, left-right flips as augmentation, a
 * fixed seed. Saves the parameters with {@code Block.saveParameters} and evaluates top-1 on the
 * test split from the saved file, through the same {@link HookedModel} path the analysis uses.
 */
public final class DemoTrainer {

  /** Peak learning rate of the cosine schedule for {@code demo-cnn}. */
  static final float LEARNING_RATE = 2e-3f;

  /** Peak learning rate of the cosine schedule for {@code demo-vit}. */
  static final float VIT_LEARNING_RATE = 1e-3f;

  /** Steps of linear learning-rate warm-up (from 0) before {@code demo-vit}'s cosine schedule. */
  static final int VIT_WARM_UP_STEPS = 400;

  private static final float FINAL_LEARNING_RATE = 1e-5f;
  private static final int EVAL_BATCH = 256;
  private static final int PROGRESS_EVERY = 100;

  private DemoTrainer() {}

  /**
   * Trains on the 60,000 training images of the IDX files in {@code idxDir}, evaluates on the
   * 10,000 test images, and saves the parameters to {@code outParams}.
   *
   * @throws IllegalArgumentException for a missing dataset or out-of-range arguments
   */
  public static TrainingResult train(
      Path idxDir, int epochs, int batchSize, long seed, Path outParams) throws IOException {
    return train(DemoCnn.NAME, idxDir, epochs, batchSize, seed, outParams);
  }

  /**
   * Trains the built-in model {@code modelName} on the 60,000 training images of the IDX files in
   * {@code idxDir}, evaluates on the 10,000 test images, and saves the parameters to {@code
   * outParams}.
   *
   * @throws IllegalArgumentException for an unknown model, a missing dataset or out-of-range
   *     arguments
   */
  public static TrainingResult train(
      String modelName, Path idxDir, int epochs, int batchSize, long seed, Path outParams)
      throws IOException {
    BuiltinModels.require(modelName);
    LabelledImages train = FashionMnist.load(idxDir, FashionMnist.Split.TRAIN);
    LabelledImages test = FashionMnist.load(idxDir, FashionMnist.Split.TEST);
    return train(modelName, train, test, epochs, batchSize, seed, outParams, System.out::println);
  }

  /** The warm-up steps used for a built-in model: none for demo-cnn, at most half the steps. */
  static int warmUpSteps(String modelName, int totalSteps) {
    return modelName.equals(DemoVit.NAME) ? Math.min(VIT_WARM_UP_STEPS, totalSteps / 2) : 0;
  }

  /** The peak learning rate used for a built-in model. */
  public static float learningRate(String modelName) {
    return modelName.equals(DemoVit.NAME) ? VIT_LEARNING_RATE : LEARNING_RATE;
  }

  /**
   * Trains on {@code train}, saves the parameters to {@code outParams}, then evaluates them on
   * {@code test}.
   *
   * @param progress receives one line per epoch
   */
  public static TrainingResult train(
      LabelledImages train,
      LabelledImages test,
      int epochs,
      int batchSize,
      long seed,
      Path outParams,
      Consumer<String> progress)
      throws IOException {
    return train(DemoCnn.NAME, train, test, epochs, batchSize, seed, outParams, progress);
  }

  /**
   * Trains the built-in model {@code modelName} on {@code train}, saves the parameters to {@code
   * outParams}, then evaluates them on {@code test}.
   *
   * @param progress receives one line per epoch
   */
  public static TrainingResult train(
      String modelName,
      LabelledImages train,
      LabelledImages test,
      int epochs,
      int batchSize,
      long seed,
      Path outParams,
      Consumer<String> progress)
      throws IOException {
    ModelInfo info = BuiltinModels.require(modelName);
    if (epochs <= 0 || batchSize <= 0) {
      throw new IllegalArgumentException(
          "epochs and batch size must be positive, got " + epochs + " and " + batchSize);
    }
    if (seed < 0 || seed > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "seed must be in 0.." + Integer.MAX_VALUE + ", got " + seed);
    }
    InputSpec spec = info.input();
    int steps = (train.count() + batchSize - 1) / batchSize;
    Engine.getInstance().setRandomSeed((int) seed);
    Random random = new Random(seed);
    List<Double> epochLoss = new ArrayList<>();
    long start = System.nanoTime();
    try (Model model = Model.newInstance(info.name(), Device.cpu())) {
      model.setBlock(BuiltinModels.newBlock(info.name()));
      int warmUp = warmUpSteps(info.name(), epochs * steps);
      Tracker cosine =
          Tracker.cosine()
              .setBaseValue(learningRate(info.name()))
              .optFinalValue(FINAL_LEARNING_RATE)
              .setMaxUpdates(epochs * steps - warmUp)
              .build();
      Tracker lr =
          warmUp == 0
              ? cosine
              : Tracker.warmUp().optWarmUpSteps(warmUp).setMainTracker(cosine).build();
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optOptimizer(Optimizer.adam().optLearningRateTracker(lr).build())
              .optDevices(new Device[] {Device.cpu()});
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(batchSize, spec.channels(), spec.height(), spec.width()));
        int[] order = InputBatches.identity(train.count());
        int step = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
          shuffle(order, random);
          double lossSum = 0;
          for (int from = 0; from < train.count(); from += batchSize) {
            int to = Math.min(train.count(), from + batchSize);
            try (NDManager batch = trainer.getManager().newSubManager()) {
              NDArray x = InputBatches.images(batch, train, order, from, to, spec, random);
              NDArray y = InputBatches.labels(batch, train, order, from, to);
              try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(new NDList(x));
                NDArray loss = trainer.getLoss().evaluate(new NDList(y), predictions);
                gc.backward(loss);
                lossSum += loss.getFloat() * (to - from);
              }
              trainer.step();
            }
            if (++step % PROGRESS_EVERY == 0) {
              progress.accept(
                  String.format(
                      Locale.ROOT,
                      "  step %d/%d: mean loss %.4f, %.0f s",
                      step,
                      epochs * steps,
                      lossSum / to,
                      (System.nanoTime() - start) / 1e9));
            }
          }
          epochLoss.add(lossSum / train.count());
          progress.accept(
              String.format(
                  Locale.ROOT,
                  "epoch %d/%d: loss %.4f, %.0f s",
                  epoch,
                  epochs,
                  lossSum / train.count(),
                  (System.nanoTime() - start) / 1e9));
        }
      }
      save(model, outParams);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double top1;
    try (HookedModel trained = BuiltinModels.load(info.name(), outParams, Device.cpu())) {
      top1 = TopOneAccuracy.of(trained, test, EVAL_BATCH);
    }
    progress.accept(String.format(Locale.ROOT, "test top-1 %.4f", top1));
    return new TrainingResult(
        info.name(),
        epochs,
        batchSize,
        seed,
        train.count(),
        test.count(),
        epochLoss,
        top1,
        seconds,
        outParams);
  }

  private static void save(Model model, Path out) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream os = Files.newOutputStream(out);
        DataOutputStream dos = new DataOutputStream(new BufferedOutputStream(os))) {
      model.getBlock().saveParameters(dos);
    }
  }

  private static void shuffle(int[] order, Random random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}
