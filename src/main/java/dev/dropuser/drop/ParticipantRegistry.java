package dev.dropuser.drop;

import java.util.Collection;
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
     * Returns which of {@code clientIds} no longer have a live entry in the room, and clears their
     * {@code dropping} marks.
     */
    CompletionStage<Set<String>> confirmGone(String roomId, Collection<String> clientIds);

    /** Stores the final answer under the order's idempotency key, replacing the in-progress marker. */
    CompletionStage<Void> remember(DropOrder.ScopedIdempotencyKey key, DropReport report);
}
