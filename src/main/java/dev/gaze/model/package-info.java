/**
 * Models with taps: {@link dev.gaze.model.HookedModel} runs a preprocessed batch (from {@code
 * dev.gaze.image}) and returns logits plus named intermediate tensors for {@code dev.gaze.reduce}.
 * Holds the built-in {@code demo-cnn} and {@code demo-vit} (a Vision Transformer), their registry,
 * hooked TorchScript files exported by {@code tools/export_hooked.py} ({@link
 * dev.gaze.model.ExportedModels}, {@link dev.gaze.model.TorchScriptModel}), {@link
 * dev.gaze.model.Models} over both, and the per-JVM {@link dev.gaze.model.ModelCache}.
 */
package dev.gaze.model;
