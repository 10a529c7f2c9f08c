package dev.gaze.aggregate;

/**
 * One row of the {@code confusion} table.
 *
 * @param classId the true class
 * @param predictedId the class the model predicted
 * @param images how many images had that pair
 */
public record ConfusionCell(int classId, int predictedId, long images) {}
