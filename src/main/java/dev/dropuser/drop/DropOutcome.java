package dev.dropuser.drop;

/**
 * The answer to a drop request.
 *
 * @param report   what happened to each client
 * @param replayed whether this is the stored first answer to a repeated idempotent request
 */
public record DropOutcome(DropReport report, boolean replayed) {
}
