package dev.dropuser.drop;

import java.util.List;

/** What the registry did with a {@link DropOrder}. */
public sealed interface DropAttempt {

    /**
     * The drop was carried out: every client is {@link ClientStatus#PENDING} (published, not confirmed yet),
     * {@link ClientStatus#NOT_FOUND}, {@link ClientStatus#GHOST_REMOVED} or {@link ClientStatus#INVALID_ENTRY}.
     */
    record Applied(List<ClientReport> clients) implements DropAttempt {
        public Applied {
            clients = List.copyOf(clients);
        }
    }

    /** The same idempotency key and request were seen before: this is the first answer, nothing was done. */
    record Replayed(DropReport first) implements DropAttempt {
    }

    /** The room or the caller made too many requests: nothing was done; come back after {@code retryAfterMillis}. */
    record RateLimited(long retryAfterMillis) implements DropAttempt {
    }

    /** The idempotency key was used with another request, or its first request is still running. */
    record Conflict(String why) implements DropAttempt {
    }
}
