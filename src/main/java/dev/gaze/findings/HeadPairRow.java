package dev.gaze.findings;

/**
 * One {@code head_similarity} row: how alike two heads' class-token maps of one tap are.
 *
 * @param tap the attention tap
 * @param headA the first head
 * @param headB the second head
 * @param cosine the cosine similarity of the two heads' class-token attention maps
 */
public record HeadPairRow(String tap, int headA, int headB, double cosine) {}
