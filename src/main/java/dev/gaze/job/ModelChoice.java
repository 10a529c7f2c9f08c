package dev.gaze.job;

import ai.djl.Device;
import dev.gaze.config.AnalysisConfig;
import dev.gaze.config.InvalidInputException;
import dev.gaze.model.ExportManifest;
import dev.gaze.model.ExportedModels;
import dev.gaze.model.HookedModel;
import dev.gaze.model.ModelInfo;
import dev.gaze.model.Models;
import dev.gaze.source.ClassNames;
import dev.gaze.source.ImageNetClasses;
import org.apache.hadoop.conf.Configuration;

/**
 * The model a run names, checked on the driver before anything runs: a built-in model, or an
 * exported {@code .pt} whose manifest is read and matched against the file (and, with {@code
 * --verify}, whose golden outputs are recomputed on the CPU).
 *
 * @param info the model's description
 * @param classes the class names the model brings (ImageNet-1k's when its manifest says so), used
 *     when the dataset names none; empty for built-in models
 * @param sha256 an exported file's SHA-256 (its manifest's, checked against the file); {@code null}
 *     for built-in models
 */
record ModelChoice(ModelInfo info, ClassNames classes, String sha256) {

  /**
   * Resolves and checks the configured model.
   *
   * @throws InvalidInputException naming the problem
   */
  static ModelChoice of(AnalysisConfig config, Configuration conf) {
    String name = config.model();
    try {
      if (!ExportedModels.isExported(name)) {
        if (config.verifyModel()) {
          throw new InvalidInputException(
              "--verify checks an exported model's golden outputs; --model "
                  + name
                  + " is built in");
        }
        return new ModelChoice(Models.describe(name, conf), ClassNames.none(), null);
      }
      Models.requireFp32(name, config.precision());
      ExportManifest manifest = ExportedModels.manifest(name, conf);
      if (config.verifyModel()) {
        // loading with verify runs the golden input
        HookedModel checked = ExportedModels.load(name, Device.cpu(), true, conf);
        checked.close();
      }
      ClassNames classes =
          manifest.imageNet1k()
              ? ImageNetClasses.names()
              : manifest.classNames().isEmpty()
                  ? ClassNames.none()
                  : ClassNames.of(manifest.classNames());
      return new ModelChoice(ExportedModels.info(name, manifest), classes, manifest.sha256());
    } catch (InvalidInputException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
  }
}
