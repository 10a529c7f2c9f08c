package dev.gaze.config;

import dev.gaze.model.Precision;
import dev.gaze.source.DatasetFormat;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Everything one analysis needs, validated once when it is built; the same defaults serve the CLI,
 * {@code spark-submit} and notebooks. Build with {@link #builder(String)}.
 *
 * <p>Checks that need no file system or engine happen in {@link Builder#build()}; {@link
 * dev.gaze.Gaze#prepare} checks paths, model and taps before anything runs.
 */
public final class AnalysisConfig implements Serializable {

  /** Pillow's default decompression-bomb limit. */
  public static final long DEFAULT_MAX_PIXELS = 89_478_485L;

  /** The built-in model analysed when none is named. */
  public static final String DEFAULT_MODEL = "demo-cnn";

  /** The default batch size of the forward pass. */
  public static final int DEFAULT_BATCH_SIZE = 64;

  private final String data;
  private final DatasetFormat format;
  private final String model;
  private final List<String> taps;
  private final int batchSize;
  private final int partitions;
  private final long maxPixels;
  private final String classNames;
  private final String imageColumn;
  private final String labelColumn;
  private final String out;
  private final boolean overwrite;
  private final boolean resume;
  private final boolean keepPerImage;
  private final Precision precision;
  private final boolean requireGpu;
  private final boolean verifyModel;
  private final int decodeThreads;

  private AnalysisConfig(Builder b) {
    this.data = b.data;
    this.format = b.format;
    this.model = b.model;
    this.taps = List.copyOf(b.taps);
    this.batchSize = b.batchSize;
    this.partitions = b.partitions;
    this.maxPixels = b.maxPixels;
    this.classNames = b.classNames;
    this.imageColumn = b.imageColumn;
    this.labelColumn = b.labelColumn;
    this.out = b.out;
    this.overwrite = b.overwrite;
    this.resume = b.resume;
    this.keepPerImage = b.keepPerImage;
    this.precision = b.precision;
    this.requireGpu = b.requireGpu;
    this.verifyModel = b.verifyModel;
    this.decodeThreads = b.decodeThreads;
  }

  /** A builder for the dataset at {@code data} (a path, folder, glob or brace pattern). */
  public static Builder builder(String data) {
    return new Builder(data);
  }

  /** The dataset path or pattern. */
  public String data() {
    return data;
  }

  /** The dataset's format. */
  public DatasetFormat format() {
    return format;
  }

  /** The model's name. */
  public String model() {
    return model;
  }

  /** The taps to reduce; empty means every tap of the model. */
  public List<String> taps() {
    return taps;
  }

  /** Images per forward pass. */
  public int batchSize() {
    return batchSize;
  }

  /** Desired number of input partitions; 0 lets Gaze choose (one per shard, or per CPU). */
  public int partitions() {
    return partitions;
  }

  /** Images with more pixels than this are refused from their header, before decoding. */
  public long maxPixels() {
    return maxPixels;
  }

  /**
   * A {@code classes.txt} or {@code classes.json} to name the classes, or null to look beside the
   * data.
   */
  public String classNames() {
    return classNames;
  }

  /** Parquet datasets: the image column (binary, or a struct with a {@code bytes} field). */
  public String imageColumn() {
    return imageColumn;
  }

  /** Parquet datasets: the integer label column. */
  public String labelColumn() {
    return labelColumn;
  }

  /** Where the result tables are written, or null to only return them. */
  public String out() {
    return out;
  }

  /** Whether an existing {@link #out()} is replaced (atomically, once the run is complete). */
  public boolean overwrite() {
    return overwrite;
  }

  /**
   * Whether to continue an interrupted run into the same {@link #out}: the inference results its
   * staging folder holds are reused when the run's fingerprint is unchanged.
   */
  public boolean resume() {
    return resume;
  }

  /** Whether the per-image table is kept in the output as {@code per_image/}. */
  public boolean keepPerImage() {
    return keepPerImage;
  }

  /** The precision of the model's parameters and input (default fp32; fp16 only on GPUs). */
  public Precision precision() {
    return precision;
  }

  /**
   * Whether a task that gets no GPU, or no CUDA, fails instead of running on the CPU; the conf key
   * {@code spark.gaze.requireGpu} also turns it on.
   */
  public boolean requireGpu() {
    return requireGpu;
  }

  /**
   * Whether an exported model's golden outputs are recomputed and compared before the run starts
   * ({@code --verify}).
   */
  public boolean verifyModel() {
    return verifyModel;
  }

  /**
   * Threads per task that decode and preprocess the next batches while the current one runs; 0
   * decodes on the task thread between batches, -1 (the default) chooses from the executor's cores
   * ({@code dev.gaze.job.DecodeThreads}).
   */
  public int decodeThreads() {
    return decodeThreads;
  }

  /** Builds an {@link AnalysisConfig}; every setter returns the builder. */
  public static final class Builder {
    private final String data;
    private DatasetFormat format = DatasetFormat.WEBDATASET;
    private String model = DEFAULT_MODEL;
    private List<String> taps = List.of();
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int partitions;
    private long maxPixels = DEFAULT_MAX_PIXELS;
    private String classNames;
    private String imageColumn = "image";
    private String labelColumn = "label";
    private String out;
    private boolean overwrite;
    private boolean resume;
    private boolean keepPerImage;
    private Precision precision = Precision.FP32;
    private boolean requireGpu;
    private boolean verifyModel;
    private int decodeThreads = -1;

    private Builder(String data) {
      this.data = data;
    }

    /** The dataset's format (default webdataset). */
    public Builder format(DatasetFormat value) {
      this.format = Objects.requireNonNull(value, "format");
      return this;
    }

    /**
     * The dataset's format by name: {@code webdataset}, {@code imagefolder} or {@code parquet}, as
     * the CLI's {@code --format}.
     *
     * @throws InvalidInputException for any other name
     */
    public Builder format(String value) {
      try {
        return format(DatasetFormat.parse(value));
      } catch (InvalidInputException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(e.getMessage(), e);
      }
    }

    /** The model (default {@value #DEFAULT_MODEL}). */
    public Builder model(String value) {
      this.model = value;
      return this;
    }

    /** The taps to reduce (default: all). */
    public Builder taps(List<String> value) {
      this.taps = value == null ? List.of() : value;
      return this;
    }

    /** The taps to reduce, by name (none: all). */
    public Builder taps(String... value) {
      return taps(List.of(value));
    }

    /** Images per forward pass (default {@value #DEFAULT_BATCH_SIZE}). */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /** Desired input partitions (default 0: automatic). */
    public Builder partitions(int value) {
      this.partitions = value;
      return this;
    }

    /** The pixel limit (default {@value #DEFAULT_MAX_PIXELS}). */
    public Builder maxPixels(long value) {
      this.maxPixels = value;
      return this;
    }

    /** A class-name file. */
    public Builder classNames(String value) {
      this.classNames = value;
      return this;
    }

    /** The Parquet image column (default {@code image}). */
    public Builder imageColumn(String value) {
      this.imageColumn = value;
      return this;
    }

    /** The Parquet label column (default {@code label}). */
    public Builder labelColumn(String value) {
      this.labelColumn = value;
      return this;
    }

    /** The output directory. */
    public Builder out(String value) {
      this.out = value;
      return this;
    }

    /** Continue the interrupted run writing to the output directory. */
    public Builder resume(boolean value) {
      this.resume = value;
      return this;
    }

    /** Replace an existing output directory. */
    public Builder overwrite(boolean value) {
      this.overwrite = value;
      return this;
    }

    /** Keep the per-image table. */
    public Builder keepPerImage(boolean value) {
      this.keepPerImage = value;
      return this;
    }

    /** The model's precision (default fp32). */
    public Builder precision(Precision value) {
      this.precision = Objects.requireNonNull(value, "precision");
      return this;
    }

    /** Fail instead of falling back to the CPU when a task has no GPU (default false). */
    public Builder requireGpu(boolean value) {
      this.requireGpu = value;
      return this;
    }

    /** Check an exported model's golden outputs before the run (default false). */
    public Builder verifyModel(boolean value) {
      this.verifyModel = value;
      return this;
    }

    /** Decode threads per task: -1 automatic (the default), 0 none, or up to 64. */
    public Builder decodeThreads(int value) {
      this.decodeThreads = value;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws InvalidInputException naming the first invalid setting and what would be valid
     */
    public AnalysisConfig build() {
      if (data == null || data.isBlank()) {
        throw new InvalidInputException("--data is required: a dataset path, folder or pattern");
      }
      if (model == null || model.isBlank()) {
        throw new InvalidInputException("--model must name a model; see `gaze models`");
      }
      if (batchSize < 1 || batchSize > 65_536) {
        throw new InvalidInputException(
            "--batch-size " + batchSize + " is out of range; valid: 1 to 65536");
      }
      if (partitions < 0) {
        throw new InvalidInputException(
            "--partitions " + partitions + " is negative; valid: 0 (automatic) or more");
      }
      if (decodeThreads < -1 || decodeThreads > 64) {
        throw new InvalidInputException(
            "--decode-threads "
                + decodeThreads
                + " is out of range; valid: auto, 0 (decode on the task thread) to 64");
      }
      if (maxPixels < 1) {
        throw new InvalidInputException(
            "--max-pixels " + maxPixels + " must be positive (default " + DEFAULT_MAX_PIXELS + ")");
      }
      for (String tap : taps) {
        if (tap == null || tap.isBlank()) {
          throw new InvalidInputException("--taps has an empty name; give names like stem,stage1");
        }
      }
      if (imageColumn == null
          || imageColumn.isBlank()
          || labelColumn == null
          || labelColumn.isBlank()) {
        throw new InvalidInputException("--image-column and --label-column must not be empty");
      }
      if (resume && out == null) {
        throw new InvalidInputException(
            "--resume needs --out: it continues the interrupted run writing to that directory");
      }
      if (keepPerImage && out == null) {
        throw new InvalidInputException(
            "--keep-per-image needs --out: the per-image table is kept only in an output"
                + " directory");
      }
      return new AnalysisConfig(this);
    }
  }
}
