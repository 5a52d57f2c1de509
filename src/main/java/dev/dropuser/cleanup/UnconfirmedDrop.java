package dev.dropuser.cleanup;

import java.util.Optional;

/**
 * A published disconnect the signaling tier has not confirmed yet: one {@code dropping} mark.
 *
 * @param reason the first attempt's reason, if it had one
 * @param by     who asked for the drop; empty in marks written before marks carried it
 */
public record UnconfirmedDrop(String clientId, String requestId, int causeCode, long at, int attempts,
        Optional<String> reason, Optional<String> by) {
}
