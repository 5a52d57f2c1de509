package dev.dropuser.cleanup;

import dev.dropuser.drop.DropCause;
import dev.dropuser.drop.Trigger;
import java.util.List;
import java.util.Optional;

/**
 * Publish one earlier request's unconfirmed drops again, exactly as its first attempt did (CONTRACT §12): the
 * same request id, cause, reason and author. Only marks of this request at or before {@code cutoff} are touched,
 * and a drop already published {@code maxAttempts} times is given up. Its audit entry's trigger is {@code trigger}.
 */
public record RetryOrder(String requestId, String roomId, List<String> clientIds, DropCause cause,
        Optional<String> reason, String by, long cutoff, int maxAttempts, Trigger trigger) {

    public RetryOrder {
        clientIds = List.copyOf(clientIds);
    }

    /** The cleanup's retry of one request's unconfirmed drops ({@link Trigger#RETRY}). */
    public static RetryOrder of(String requestId, String roomId, List<String> clientIds, DropCause cause,
            Optional<String> reason, String by, long cutoff, int maxAttempts) {
        return new RetryOrder(requestId, roomId, clientIds, cause, reason, by, cutoff, maxAttempts, Trigger.RETRY);
    }
}
