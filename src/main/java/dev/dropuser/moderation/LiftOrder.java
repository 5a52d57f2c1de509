package dev.dropuser.moderation;

/** Lift {@code userRef}'s ban in {@code roomId}, recorded in the audit trail as done by {@code by} at {@code at}. */
public record LiftOrder(String requestId, String roomId, String userRef, String by, long at) {
}
