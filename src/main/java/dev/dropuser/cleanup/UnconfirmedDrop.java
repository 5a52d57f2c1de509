package dev.dropuser.cleanup;

/** A published disconnect the signaling tier has not confirmed yet: one {@code dropping} mark. */
public record UnconfirmedDrop(String clientId, String requestId, int causeCode, long at, int attempts) {
}
