package dev.dropuser.drop;

import dev.dropuser.auth.Caller;
import dev.dropuser.auth.Role;
import java.util.List;
import java.util.Optional;

/**
 * Everything the registry needs to carry out one drop in a single atomic step. Made by one of the named
 * factories: {@link #request} for a caller's drop, {@link #sessionEnd} for the cleanup closing a room.
 *
 * @param requestId        identifies this request in logs, marks and payloads
 * @param roomId           the room
 * @param clientIds        who to drop by client id
 * @param everyone         drop every live client of the room ({@code clientIds} is then empty)
 * @param userRefs         users each of whose live clients is dropped (CONTRACT §11.1)
 * @param keepUserRef      when dropping everyone or listed users: connections of this user are kept and it is not
 *                         banned (the calling moderator); a client the request names by id is dropped all the same
 * @param cause            what the dropped clients are told
 * @param reason           optional text for the dropped clients
 * @param banSeconds       the ban the request asked for, 0 for none (for the audit trail)
 * @param banUntil         epoch ms until which dropped and listed users may not rejoin; 0 for no ban
 * @param mayBanModerators whether users who are moderators in the room are banned too (CONTRACT §11.2)
 * @param by               the caller's user reference, for the signaling tier's logs and the audit trail
 * @param trigger          what set the drop going, for the audit trail
 * @param at               epoch ms of the request
 * @param idempotency      the caller's idempotency key and who it belongs to, if any
 * @param limits           how many requests the room and the caller may make
 */
public record DropOrder(
        String requestId,
        String roomId,
        List<String> clientIds,
        boolean everyone,
        List<String> userRefs,
        Optional<String> keepUserRef,
        DropCause cause,
        Optional<String> reason,
        int banSeconds,
        long banUntil,
        boolean mayBanModerators,
        String by,
        Trigger trigger,
        long at,
        Optional<ScopedIdempotencyKey> idempotency,
        RateLimits limits) {

    public DropOrder {
        clientIds = List.copyOf(clientIds);
        userRefs = List.copyOf(userRefs);
    }

    /**
     * A caller's drop request, received at {@code now} through {@code trigger} (the API or a webhook): a moderator
     * dropping everyone or listed users keeps its own connections and bans no moderator, the cause says who asked,
     * and only moderators share the room's request budget (CONTRACT §12), so that they can never starve a service or
     * a webhook acting on the same room.
     */
    public static DropOrder request(String requestId, Caller caller, DropRequest request, long now,
            Optional<IdempotencyKey> idempotencyKey, RateLimits limits, Trigger trigger) {
        boolean moderator = caller.role() == Role.MODERATOR;
        Optional<String> keep = moderator && (request.dropsEveryone() || !request.userRefs().isEmpty())
                ? Optional.of(caller.userRef())
                : Optional.empty();
        long banUntil = request.banSeconds() > 0 ? now + request.banSeconds() * 1000L : 0;
        return new DropOrder(requestId, request.roomId(), request.clientIds(), request.dropsEveryone(), request.userRefs(),
                keep, DropCause.requestedBy(caller.role()), request.reason(), request.banSeconds(), banUntil, !moderator,
                caller.userRef(), trigger, now, idempotencyKey.map(key -> new ScopedIdempotencyKey(caller.userRef(), key)),
                moderator ? limits : new RateLimits(0, limits.perCaller(), limits.window()));
    }

    /**
     * {@code actor} closing a room whose session ended at {@code endedAt}: everyone goes, with cause 4503. The key
     * {@code session-end:<endedAt>} makes two cleanup runs at once close the room once; no rate limit applies.
     */
    public static DropOrder sessionEnd(String requestId, String roomId, long endedAt, String actor, long now) {
        String once = "session-end:" + endedAt;
        return new DropOrder(requestId, roomId, List.of(), true, List.of(), Optional.empty(), DropCause.SESSION_EXPIRED,
                Optional.empty(), 0, 0, true, actor, Trigger.CLEANUP, now,
                Optional.of(new ScopedIdempotencyKey(actor, new IdempotencyKey(once, once))), RateLimits.NONE);
    }

    public boolean dropsEveryone() {
        return everyone;
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
