package dev.dropuser.drop;

import java.util.List;
import java.util.Optional;

/**
 * Everything the registry needs to carry out one drop in a single atomic step.
 *
 * @param requestId   identifies this request in logs, marks and payloads
 * @param roomId      the room
 * @param clientIds   who to drop; empty means every live client of the room
 * @param keepUserRef with an empty {@code clientIds}: connections of this user are kept (the calling moderator)
 * @param cause       what the dropped clients are told
 * @param reason      optional text for the dropped clients
 * @param banUntil    epoch ms until which dropped users may not rejoin; 0 for no ban
 * @param by          the caller's user reference, for the signaling tier's logs
 * @param at          epoch ms of the request
 * @param idempotency the caller's idempotency key and who it belongs to, if any
 * @param limits      how many requests the room and the caller may make
 */
public record DropOrder(
        String requestId,
        String roomId,
        List<String> clientIds,
        Optional<String> keepUserRef,
        DropCause cause,
        Optional<String> reason,
        long banUntil,
        String by,
        long at,
        Optional<ScopedIdempotencyKey> idempotency,
        RateLimits limits) {

    public DropOrder {
        clientIds = List.copyOf(clientIds);
    }

    public boolean dropsEveryone() {
        return clientIds.isEmpty();
    }

    /**
     * Requests allowed per window, for the room and for the caller in that room; 0 means unlimited.
     *
     * @param window length of a counting window, ms
     */
    public record RateLimits(int perRoom, int perCaller, long window) {
        public static final RateLimits NONE = new RateLimits(0, 0, 0);
    }

    /** An idempotency key is private to the caller that sent it. */
    public record ScopedIdempotencyKey(String userRef, IdempotencyKey key) {
    }
}
