package dev.dropuser.drop;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The live-session registry as the drop use case needs it. Implementations signal failure to reach the
 * registry with a {@code DropuserException} of result {@code REGISTRY_UNAVAILABLE}.
 */
public interface ParticipantRegistry {

    /**
     * Looks up, marks, bans and publishes for the whole order in one atomic step: either all of it happened
     * or none of it did.
     */
    CompletionStage<DropAttempt> drop(DropOrder order);

    /**
     * Starts a blocking read of the signaling tier's acks for the request (CONTRACT §13): completes with the ids
     * acked so far (at most {@code most}) as soon as there is one, or with none once {@code wait} has passed.
     * Empty, without waiting, when no connection for a blocking read is free: read the registry instead.
     */
    Optional<CompletionStage<List<String>>> awaitAcks(String roomId, String requestId, int most, Duration wait);

    /**
     * Returns which clients are gone: every one in {@code acked} (its node removed the entry and said so), and
     * those of {@code others} without a live entry. Clears their {@code dropping} marks, an acked client's only
     * while the mark is this request's.
     */
    CompletionStage<Set<String>> confirmGone(
            String roomId, String requestId, Collection<String> acked, Collection<String> others);

    /** Stores the final answer under the order's idempotency key, replacing the in-progress marker. */
    CompletionStage<Void> remember(DropOrder.ScopedIdempotencyKey key, DropReport report);
}
