package dev.dropuser.moderation;

import dev.dropuser.auth.Caller;
import dev.dropuser.drop.Identifiers;
import java.time.Clock;
import java.util.concurrent.CompletionStage;

/**
 * Lifts one user's ban in a room (CONTRACT §11.3), for a moderator of the room or a service; the lifting is audited
 * (trigger {@code unban}) in the same atomic step. Lifting a ban that is not in force changes nothing: {@code false}.
 */
public final class LiftBan {
    private final ModerationRecords records;
    private final Clock clock;

    public LiftBan(ModerationRecords records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    public CompletionStage<Boolean> lift(Caller caller, String roomId, String userRef, String requestId) {
        Identifiers.require("roomId", roomId);
        Identifiers.require("userRef", userRef);
        Authorization.requireModeratorOf(caller, roomId);
        return records.liftBan(new LiftOrder(requestId, roomId, userRef, caller.userRef(), clock.millis()));
    }
}
