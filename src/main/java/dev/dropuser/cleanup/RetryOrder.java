package dev.dropuser.cleanup;

import dev.dropuser.drop.DropCause;
import java.util.List;
import java.util.Optional;

/**
 * Publish one earlier request's unconfirmed drops again, exactly as its first attempt did (CONTRACT §12): the
 * same request id, cause, reason and author. Only marks of this request at or before {@code cutoff} are touched,
 * and a drop already published {@code maxAttempts} times is given up.
 */
public record RetryOrder(String requestId, String roomId, List<String> clientIds, DropCause cause,
        Optional<String> reason, String by, long cutoff, int maxAttempts) {

    public RetryOrder {
        clientIds = List.copyOf(clientIds);
    }
}
