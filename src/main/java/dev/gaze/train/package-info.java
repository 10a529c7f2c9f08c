/**
 * Training of the built-in {@code demo-cnn} and {@code demo-vit} on Fashion-MNIST, outside the
 * analysis flow: it produces the weights that {@code dev.gaze.model} loads, using the same input
 * normalisation the {@code dev.gaze.image} preprocessing applies.
 */
package dev.gaze.train;
